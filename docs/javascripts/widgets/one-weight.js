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

  // The view fits the run: the weights of the table and w*, and their losses from 0 up.
  function view(ex, ws) {
    var fin = ws.filter(Number.isFinite).concat([ex.wStar]);
    var lo = Math.min.apply(null, fin), hi = Math.max.apply(null, fin);
    var pad = Math.max((hi - lo) * 0.08, 0.05);
    var top = Math.max.apply(null, fin.map(ex.loss));
    top = Math.max(top, 1e-6) * 1.1;
    return { x: [lo - pad, hi + pad], y: [-0.06 * top, top] };
  }

  function drawAxes(fr) {
    var M = fr.M, axes = s("g", { class: "bp-axes" });
    axes.appendChild(s("rect", { x: M.l, y: M.t, width: fr.pw, height: fr.ph, class: "bp-frame" }));
    W.ticks(fr.v.x[0], fr.v.x[1], 6).forEach(function (t) {
      axes.appendChild(s("line", { x1: fr.X(t), x2: fr.X(t), y1: M.t + fr.ph, y2: M.t + fr.ph + 5 }));
      axes.appendChild(s("text", { x: fr.X(t), y: M.t + fr.ph + 19, "text-anchor": "middle", text: fmt(t, 3) }));
    });
    W.ticks(0, fr.v.y[1], 4).forEach(function (t) {
      axes.appendChild(s("line", { x1: M.l - 5, x2: M.l, y1: fr.Y(t), y2: fr.Y(t) }));
      axes.appendChild(s("text", { x: M.l - 8, y: fr.Y(t) + 4, "text-anchor": "end", text: fmt(t, 3) }));
    });
    axes.appendChild(s("text", { x: M.l + fr.pw / 2, y: M.t + fr.ph + 38, "text-anchor": "middle", class: "bp-axis-label", text: "weight w" }));
    axes.appendChild(s("text", { x: M.l + 6, y: M.t + 14, class: "bp-axis-label", text: "J(w)" }));
    return axes;
  }

  function drawRun(plot, fr, ex, ws) {
    var pts = [];
    for (var i = 0; i <= 200; i++) {
      var w = fr.v.x[0] + ((fr.v.x[1] - fr.v.x[0]) * i) / 200;
      pts.push(fr.X(w).toFixed(2) + "," + fr.Y(ex.loss(w)).toFixed(2));
    }
    plot.appendChild(s("polyline", { points: pts.join(" "), class: "bp-curve" }));
    var fin = ws.filter(Number.isFinite);
    var line = fin.map(function (w) { return fr.X(w).toFixed(2) + "," + fr.Y(ex.loss(w)).toFixed(2); });
    plot.appendChild(s("polyline", { points: line.join(" "), class: "bp-path" }));
    fin.forEach(function (w, k) {
      plot.appendChild(s("circle", {
        cx: fr.X(w).toFixed(2), cy: fr.Y(ex.loss(w)).toFixed(2), r: k === 0 ? 5 : 3,
        class: k === 0 ? "bp-dot bp-dot--start" : "bp-dot",
      }));
    });
    // w* last, over the dots that crowd onto it, and taller than they are
    plot.appendChild(s("path", { d: "M" + fr.X(ex.wStar) + " " + (fr.Y(0) - 14) + "v28", class: "bp-target" }));
  }

  function drawLoss(svg, ex, ws, clipId) {
    var W0 = 640, H0 = 252, M = { l: 64, r: 12, t: 10, b: 44 };
    var v = view(ex, ws), pw = W0 - M.l - M.r, ph = H0 - M.t - M.b;
    var fr = {
      W: W0, H: H0, M: M, pw: pw, ph: ph, v: v,
      X: function (w) { return Math.max(-1e4, Math.min(1e4, M.l + ((w - v.x[0]) / (v.x[1] - v.x[0])) * pw)); },
      Y: function (j) { return Math.max(-1e4, Math.min(1e4, M.t + ph - ((j - v.y[0]) / (v.y[1] - v.y[0])) * ph)); },
    };
    W.clear(svg);
    svg.setAttribute("viewBox", "0 0 " + W0 + " " + H0);
    svg.setAttribute("data-view", JSON.stringify(v));
    svg.appendChild(s("title", { text: "The loss J(w) and the weights of the table" }));
    svg.appendChild(s("defs", null, [s("clipPath", { id: clipId }, [s("rect", { x: M.l, y: M.t, width: pw, height: ph })])]));
    svg.appendChild(drawAxes(fr));
    var plot = s("g", { "clip-path": "url(#" + clipId + ")" });
    drawRun(plot, fr, ex, ws);
    svg.appendChild(plot);
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

  function summaryText(ex, r, lr, cfg) {
    var n = r.n;
    if (n >= 0) {
      return "w reads " + ex.rounded(ex.wStar).toFixed(cfg.decimals) + " (w* = y/x = " + fmt(cfg.y) + "/" + fmt(cfg.x) + " to " +
        cfg.decimals + " decimals) after " + n + " step" + (n === 1 ? "" : "s") +
        (n + 1 > cfg.rows ? "; the table shows the first " + cfg.rows + " rows." : ".");
    }
    return "Diverges: lr = " + fmt(lr) + " is above 1/x² = " + fmt(1 / (ex.x * ex.x), 4) +
      ", so each step multiplies the distance to w* by " + fmt(r.factor, 4) + " and w swings ever wider.";
  }

  // ---------------------------------------------------------------- the widget

  function init(root, cfg) {
    var ex = new Example(cfg);
    var w0 = W.slider(Object.assign({ name: "w0", label: "start weight w₀", value: cfg.w0 }, cfg.sliders.w0));
    var rate = W.slider(Object.assign({ name: "lr", label: "learning rate lr", value: cfg.lr }, cfg.sliders.lr));
    var svg = s("svg", { class: "bp-plot", role: "img", "aria-label": "The loss J(w) with the weights of the table on it" });
    var clipId = W.uid("clip");
    var summary = h("p", { class: "bp-status", "data-field": "summary" });
    var live = h("div", { class: "bp-live", "aria-live": "polite", "aria-atomic": "true" }, [summary]);
    var tbl = table(cfg);
    var limit = 1 / (ex.x * ex.x);
    root.appendChild(h("p", { class: "bp-widget__title" }, ["Try it: train the weight yourself"]));
    root.appendChild(h("div", { class: "bp-controls" }, [w0.wrap, rate.wrap]));
    root.appendChild(live);
    root.appendChild(h("div", { class: "bp-plot-wrap" }, [svg]));
    root.appendChild(tbl.scroller);
    root.appendChild(h("p", { class: "bp-hint", text: "Descent on this loss converges for lr < 1/x² = " + fmt(limit, 3) +
      "…; each step multiplies the distance w − w* by 1 − 2·lr·x²." }));

    function render() {
      var start = w0.value(), lr = rate.value(), r = ex.run(start, lr, cfg.rows);
      fillTable(tbl.tbody, ex, r.ws);
      root.setAttribute("data-w0", String(start));
      root.setAttribute("data-lr", String(lr));
      root.setAttribute("data-rows", String(r.ws.length));
      root.setAttribute("data-steps", r.n >= 0 ? String(r.n) : "");
      root.setAttribute("data-state", r.n >= 0 ? "converged" : "diverged");
      summary.classList.toggle("bp-warning", r.n < 0);
      summary.textContent = summaryText(ex, r, lr, cfg);
      drawLoss(svg, ex, r.ws, clipId);
    }
    w0.input.addEventListener("input", render);
    rate.input.addEventListener("input", render);
    render();
  }

  W.register("one-weight", init);
})();
