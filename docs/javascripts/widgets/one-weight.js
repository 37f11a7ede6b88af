// The one-weight trainer of the one-weight chapter (docs/one-weight.md,
// docs_src/widgets/one-weight.md).
//
// The worked example (x, y, w0 and lr from data-config, i.e. backprop.data.one_weight_example):
// J(w) = (x w - y)^2, dJ/dw = 2 x (x w - y), and the update w <- w - lr * 2 * x * (x * w - y),
// the steps of gradient descent that docs_src/figures/one_weight.py's `weights` takes (the
// browser test compares the two, row by row). The table runs until w, rounded to `decimals`
// places, reads as w* = y / x does (`steps_to_read` there, whose defaults data-config carries),
// at most `rows` rows.
(function () {
  "use strict";
  var W = window.BPWidgets;
  if (!W) return;
  var h = W.h, s = W.s, fmt = W.fmt, setNum = W.setNum;

  // ---------------------------------------------------------------- the recurrence (as in Python)

  function Example(cfg) {
    var X = cfg.x, Y = cfg.y;
    this.x = X;
    this.wStar = Y / X;
    this.loss = function (w) { var r = X * w - Y; return r * r; };
    this.grad = function (w) { return 2 * X * (X * w - Y); };
    this.update = function (w, lr) { return w - lr * 2 * X * (X * w - Y); };
    // round(w, decimals) as Python does it: toFixed also rounds the exact binary value
    this.rounded = function (v) { return Number(v.toFixed(cfg.decimals)); };
    this.maxSteps = cfg.max_steps;
  }

  // The first step k at which w reads as w* to `decimals` places, or -1 if it never does.
  Example.prototype.stepsToConverge = function (w0, lr) {
    var target = this.rounded(this.wStar), w = w0;
    for (var k = 0; k <= this.maxSteps; k++) {
      if (!Number.isFinite(w)) return -1;
      if (this.rounded(w) === target) return k;
      w = this.update(w, lr);
    }
    return -1;
  };

  // The rows of the table: n steps to converge (or -1) and the weights shown.
  Example.prototype.run = function (w0, lr, maxRows) {
    var n = this.stepsToConverge(w0, lr);
    var rows = n >= 0 ? Math.min(n + 1, maxRows) : maxRows;
    var ws = [w0];
    for (var k = 1; k < rows; k++) ws.push(this.update(ws[k - 1], lr));
    return { n: n, ws: ws, factor: 1 - 2 * lr * this.x * this.x };
  };

  // ---------------------------------------------------------------- drawing
  //
  // One SVG, two panels that share the step k: the data (the example's point and the line
  // y_hat = w_k x through the origin, with the miss y_hat - y at the input) and the loss
  // (J(w) with the table's weights on it, w_k ringed). Side by side on a wide widget, stacked on
  // a phone. Text sizes are set on each label (in viewBox units, drawn at about 1:1), so the
  // page's larger phone type for other plots does not apply here.

  var FONT = "font-size:13px";

  function label(attrs) {
    attrs.style = FONT + (attrs.style ? ";" + attrs.style : "");
    return s("text", attrs);
  }

  // The view of the loss panel fits the run: the weights of the table and w*, their losses from 0.
  function view(ex, ws) {
    var fin = ws.filter(Number.isFinite).concat([ex.wStar]);
    var lo = Math.min.apply(null, fin), hi = Math.max.apply(null, fin);
    var pad = Math.max((hi - lo) * 0.08, 0.05);
    var top = Math.max.apply(null, fin.map(ex.loss));
    top = Math.max(top, 1e-6) * 1.1;
    return { x: [lo - pad, hi + pad], y: [-0.06 * top, top] };
  }

  // A panel: its box in the SVG (left, top, width, height) and its data view.
  function frame(box, v) {
    return {
      box: box, v: v,
      X: function (a) { return Math.max(-1e4, Math.min(1e4, box.l + ((a - v.x[0]) / (v.x[1] - v.x[0])) * box.w)); },
      Y: function (b) { return Math.max(-1e4, Math.min(1e4, box.t + box.h - ((b - v.y[0]) / (v.y[1] - v.y[0])) * box.h)); },
    };
  }

  // Frame, ticks and axis labels. The loss panel's frame keeps the class bp-frame (one per
  // widget); the data panel's is drawn with the same look, inline.
  function drawAxes(fr, xLabel, yLabel, frameClass, yTicks) {
    var b = fr.box, axes = s("g", { class: "bp-axes" });
    var rect = { x: b.l, y: b.t, width: b.w, height: b.h };
    if (frameClass) rect.class = frameClass;
    else rect.style = "stroke:currentColor;stroke-opacity:0.35;fill:none";
    axes.appendChild(s("rect", rect));
    W.ticks(fr.v.x[0], fr.v.x[1], 4).forEach(function (t) {
      axes.appendChild(s("line", { x1: fr.X(t), x2: fr.X(t), y1: b.t + b.h, y2: b.t + b.h + 4 }));
      axes.appendChild(label({ x: fr.X(t), y: b.t + b.h + 17, "text-anchor": "middle", text: fmt(t, 3) }));
    });
    yTicks.forEach(function (t) {
      axes.appendChild(s("line", { x1: b.l - 4, x2: b.l, y1: fr.Y(t), y2: fr.Y(t) }));
      axes.appendChild(label({ x: b.l - 6, y: fr.Y(t) + 4, "text-anchor": "end", text: fmt(t, 3) }));
    });
    axes.appendChild(label({ x: b.l + b.w / 2, y: b.t + b.h + 35, "text-anchor": "middle", class: "bp-axis-label", text: xLabel }));
    axes.appendChild(label({ x: b.l + 6, y: b.t + 15, class: "bp-axis-label", text: yLabel }));
    return axes;
  }

  function clipped(svg, fr, clipId) {
    svg.appendChild(s("defs", null, [s("clipPath", { id: clipId }, [
      s("rect", { x: fr.box.l, y: fr.box.t, width: fr.box.w, height: fr.box.h }),
    ])]));
    var g = s("g", { "clip-path": "url(#" + clipId + ")" });
    svg.appendChild(g);
    return g;
  }

  var ORANGE = "#f97316", GREEN = "#10b981";

  // The data panel: the point (x, y), the line of every weight of the run (faint), the best line
  // y_hat = w* x (green, dashed) and the line of step k with its miss at the input x.
  function drawData(svg, ex, cfg, ws, k, box, clipId) {
    var fr = frame(box, { x: [0, 2], y: [-1, 2] });
    svg.appendChild(drawAxes(fr, "input x", "output y", null, [-1, 0, 1, 2]));
    var g = clipped(svg, fr, clipId);
    function lineOf(w, style) {
      return s("line", { x1: fr.X(0), y1: fr.Y(0), x2: fr.X(2), y2: fr.Y(2 * w), style: style });
    }
    ws.filter(Number.isFinite).forEach(function (w) {
      g.appendChild(lineOf(w, "stroke:currentColor;stroke-opacity:0.18;stroke-width:1"));
    });
    g.appendChild(lineOf(ex.wStar, "stroke:" + GREEN + ";stroke-width:2;stroke-dasharray:6 4"));
    var w = ws[k];
    if (Number.isFinite(w)) {
      g.appendChild(lineOf(w, "stroke:" + ORANGE + ";stroke-width:2.5"));
      g.setAttribute("data-line", String(w));
      // the miss y_hat - y, at the input
      g.appendChild(s("line", { x1: fr.X(cfg.x), x2: fr.X(cfg.x), y1: fr.Y(cfg.y), y2: fr.Y(cfg.x * w),
        style: "stroke:" + ORANGE + ";stroke-width:2;stroke-dasharray:3 3" }));
    }
    g.appendChild(s("circle", { cx: fr.X(cfg.x), cy: fr.Y(cfg.y), r: 5, style: "fill:currentColor" }));
    g.appendChild(label({ x: fr.X(cfg.x) + 8, y: fr.Y(cfg.y) + 16, text: "(" + fmt(cfg.x) + ", " + fmt(cfg.y) + ")" }));
    if (Number.isFinite(w)) {
      var yHat = cfg.x * w, miss = yHat - cfg.y;
      var ty = Math.max(box.t + 34, Math.min(box.t + box.h - 8, fr.Y(yHat) - 8));
      g.appendChild(label({ x: fr.X(cfg.x) - 8, y: ty, "text-anchor": "end",
        text: "miss " + fmt(miss, 3) }));
    }
  }

  // The loss panel: J(w), the path of the table's weights, step k ringed, and w* marked.
  function drawLoss(svg, ex, ws, k, box, clipId) {
    var v = view(ex, ws), fr = frame(box, v);
    svg.setAttribute("data-view", JSON.stringify(v));
    svg.appendChild(drawAxes(fr, "weight w", "loss J(w)", "bp-frame", W.ticks(0, v.y[1], 3)));
    var plot = clipped(svg, fr, clipId);
    var pts = [];
    for (var i = 0; i <= 200; i++) {
      var a = v.x[0] + ((v.x[1] - v.x[0]) * i) / 200;
      pts.push(fr.X(a).toFixed(2) + "," + fr.Y(ex.loss(a)).toFixed(2));
    }
    plot.appendChild(s("polyline", { points: pts.join(" "), class: "bp-curve" }));
    var fin = ws.filter(Number.isFinite);
    var line = fin.map(function (w) { return fr.X(w).toFixed(2) + "," + fr.Y(ex.loss(w)).toFixed(2); });
    plot.appendChild(s("polyline", { points: line.join(" "), class: "bp-path" }));
    fin.forEach(function (w, j) {
      plot.appendChild(s("circle", {
        cx: fr.X(w).toFixed(2), cy: fr.Y(ex.loss(w)).toFixed(2), r: j === 0 ? 5 : 3,
        class: j === 0 ? "bp-dot bp-dot--start" : "bp-dot",
      }));
    });
    // w* over the dots that crowd onto it, taller than they are, and named
    var xs = fr.X(ex.wStar), y0 = fr.Y(0);
    plot.appendChild(s("path", { d: "M" + xs + " " + (y0 - 16) + "v24", class: "bp-target" }));
    plot.appendChild(label({ x: xs + 5, y: y0 - 18, text: "w* = " + fmt(ex.wStar, 4) }));
    if (Number.isFinite(ws[k])) {
      plot.appendChild(s("circle", { cx: fr.X(ws[k]).toFixed(2), cy: fr.Y(ex.loss(ws[k])).toFixed(2), r: 8,
        class: "bp-current", "data-step": k }));
    }
  }

  // Wide: the two panels side by side; narrow (a phone): stacked, each as wide as the widget.
  function draw(svg, ex, cfg, ws, k, narrow, ids) {
    W.clear(svg);
    var W0 = narrow ? 360 : 700, H0 = narrow ? 540 : 270;
    svg.setAttribute("viewBox", "0 0 " + W0 + " " + H0);
    svg.setAttribute("data-layout", narrow ? "narrow" : "wide");
    svg.appendChild(s("title", { text: "Left or above: the example and the line of step k. Right or below: the loss J(w) and the weights of the table, step k ringed." }));
    var data = narrow ? { l: 46, t: 8, w: 300, h: 200 } : { l: 46, t: 8, w: 240, h: 216 };
    var loss = narrow ? { l: 56, t: 270, w: 290, h: 220 } : { l: 366, t: 8, w: 320, h: 216 };
    drawData(svg, ex, cfg, ws, k, data, ids[0]);
    drawLoss(svg, ex, ws, k, loss, ids[1]);
  }

  // ---------------------------------------------------------------- the widget's parts

  var COLUMNS = [
    { col: "k", head: "step k", digits: 6 },
    { col: "w", head: "weight w", digits: 7 },
    { col: "J", head: "loss J(w)", digits: 0 },
    { col: "dJ", head: "slope dJ/dw", digits: 0 },
    { col: "gap", head: "w − w*", digits: 0 },
  ];

  // digits 0: short enough for a phone, 3 significant digits, or 2 in exponent form (3.4e−5).
  function digitsFor(c, v) {
    if (c.digits) return c.digits;
    var a = Math.abs(v);
    return a > 0 && (a < 1e-4 || a >= 1e6) ? 4 : 3;
  }

  function table(cfg) {
    var tbody = h("tbody");
    var tbl = h("table", { class: "bp-table bp-steps" }, [
      h("caption", null, ["Gradient descent on J(w) = (" + fmt(cfg.x) + " w − " + fmt(cfg.y) + ")², row by row"]),
      h("thead", null, [h("tr", null, COLUMNS.map(function (c) {
        return h("th", { scope: "col", "data-col": c.col, text: c.head });
      }))]),
      tbody,
    ]);
    var scroller = h("div", { class: "bp-table-scroll", tabindex: "0", role: "region", "aria-label": "Table of steps" }, [tbl]);
    return { tbody: tbody, scroller: scroller };
  }

  function fillTable(tbody, ex, ws) {
    W.clear(tbody);
    ws.forEach(function (w, k) {
      var values = { k: k, w: w, J: ex.loss(w), dJ: ex.grad(w), gap: w - ex.wStar };
      tbody.appendChild(h("tr", { "data-step": k }, COLUMNS.map(function (c) {
        return setNum(h("td", { "data-col": c.col }), values[c.col], digitsFor(c, values[c.col]));
      })));
    });
  }

  // The verdict first, then the factor every step multiplies w - w* by (shown for any rate).
  function summaryText(ex, r, lr, cfg) {
    var n = r.n;
    var factor = "each step multiplies w − w* by 1 − 2·lr·x² = 1 − 2 × " + fmt(lr, 4) + " × " +
      fmt(cfg.x * cfg.x) + " = " + fmt(r.factor, 4);
    if (n >= 0) {
      return "w reads " + ex.rounded(ex.wStar).toFixed(cfg.decimals) + " (w* = y/x = " + fmt(cfg.y) + "/" + fmt(cfg.x) + " to " +
        cfg.decimals + " decimals) after " + n + " step" + (n === 1 ? "" : "s") + ": " + factor +
        (n + 1 > cfg.rows ? ". The table shows the first " + cfg.rows + " rows." : ".");
    }
    return "Diverges: lr = " + fmt(lr, 4) + " is above 1/x² = " + fmt(1 / (ex.x * ex.x), 4) + ", and " + factor +
      ", more than 1 in size, so w swings ever wider.";
  }

  // ---------------------------------------------------------------- the widget

  function init(root, cfg) {
    var ex = new Example(cfg);
    var w0 = W.slider(Object.assign({ name: "w0", label: "start weight w₀", value: cfg.w0 }, cfg.sliders.w0));
    var rate = W.slider(Object.assign({ name: "lr", label: "learning rate lr", value: cfg.lr }, cfg.sliders.lr));
    var stepK = W.slider({ name: "k", label: "show step k", value: 0, min: 0, max: cfg.rows - 1, step: 1 });
    var best = 1 / (2 * ex.x * ex.x), limit = 1 / (ex.x * ex.x);
    // The best rate 1/(2x²) lies between the slider's stops: the button sets it exactly.
    var exactLr = null;
    var snap = W.button("lr = 1/(2x²) = " + fmt(best, 4), "best-rate");
    var svg = s("svg", { class: "bp-plot", role: "img", "aria-label": "The example with the line of step k, and the loss J(w) with the weights of the table on it" });
    var ids = [W.uid("clip"), W.uid("clip")];
    var summary = h("p", { class: "bp-status", "data-field": "summary" });
    var live = h("div", { class: "bp-live", "aria-live": "polite", "aria-atomic": "true" }, [summary]);
    var tbl = table(cfg);
    root.appendChild(h("p", { class: "bp-widget__title" }, ["Try it: train the weight yourself"]));
    root.appendChild(h("div", { class: "bp-controls" }, [w0.wrap, rate.wrap, snap]));
    root.appendChild(live);
    root.appendChild(h("div", { class: "bp-controls" }, [stepK.wrap]));
    root.appendChild(h("div", { class: "bp-plot-wrap" }, [svg]));
    root.appendChild(tbl.scroller);
    root.appendChild(h("p", { class: "bp-hint", text: "Move w₀ and the line rotates about the origin while its point slides " +
      "along the loss; move k to follow the steps. Descent converges for lr < 1/x² = " + fmt(limit, 3) +
      "…, and at lr = 1/(2x²) = " + fmt(best, 3) + "… the factor is 0: one step lands on w*." }));

    var last = null;
    function render() {
      var start = w0.value(), lr = exactLr === null ? rate.value() : exactLr;
      var r = ex.run(start, lr, cfg.rows);
      var k = Math.min(stepK.value(), r.ws.length - 1);
      stepK.set({ min: 0, max: r.ws.length - 1, step: 1 }, k);
      if (exactLr !== null) setNum(rate.output, exactLr, 4);
      fillTable(tbl.tbody, ex, r.ws);
      var row = tbl.tbody.querySelector('tr[data-step="' + k + '"]');
      if (row) {
        row.setAttribute("aria-current", "true");
        row.style.outline = "2px solid var(--md-accent-fg-color)";
        row.style.outlineOffset = "-2px";
      }
      root.setAttribute("data-w0", String(start));
      root.setAttribute("data-lr", String(lr));
      root.setAttribute("data-k", String(k));
      root.setAttribute("data-factor", String(r.factor));
      root.setAttribute("data-rows", String(r.ws.length));
      root.setAttribute("data-steps", r.n >= 0 ? String(r.n) : "");
      root.setAttribute("data-state", r.n >= 0 ? "converged" : "diverged");
      summary.classList.toggle("bp-warning", r.n < 0);
      summary.textContent = summaryText(ex, r, lr, cfg);
      last = root.clientWidth;
      draw(svg, ex, cfg, r.ws, k, last < 560, ids);
    }
    w0.input.addEventListener("input", render);
    rate.input.addEventListener("input", function () { exactLr = null; render(); });
    stepK.input.addEventListener("input", render);
    snap.addEventListener("click", function () { exactLr = best; rate.input.value = String(best); render(); });
    window.addEventListener("resize", function () { if ((root.clientWidth < 560) !== (last < 560)) render(); });
    render();
  }

  W.register("one-weight", init);
})();
