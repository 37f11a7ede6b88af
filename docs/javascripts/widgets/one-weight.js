// The one-weight trainer of chapter 3 (docs/one-weight.md, docs_src/widgets/one-weight.md).
//
// The worked example x = 1.5, y = 0.5: J(w) = (x w - y)^2, dJ/dw = 2 x (x w - y), and the update
// w <- w - lr * 2 * x * (x * w - y), written in the same order as backprop.data.one_weight_steps
// so that the browser and the package agree to the last bit. The table runs until w, rounded to
// 6 decimals, reads as w* = y / x does (backprop.data.steps_to_converge), at most MAX_ROWS rows.
(function () {
  "use strict";
  var W = window.BPWidgets;
  if (!W) return;
  var h = W.h, s = W.s, fmt = W.fmt, setNum = W.setNum;

  var X = 1.5, Y = 0.5;
  var MAX_ROWS = 40;
  var MAX_STEPS = 100000; // steps_to_converge's default max_steps
  var DECIMALS = 6;

  function loss(w) {
    var r = X * w - Y;
    return r * r;
  }
  function grad(w) {
    return 2 * X * (X * w - Y);
  }
  function update(w, lr) {
    return w - lr * 2 * X * (X * w - Y);
  }
  function rounded(v) {
    return Number(v.toFixed(DECIMALS));
  }

  // The first step k at which w reads as w* to 6 decimals, or -1 if it never does.
  function stepsToConverge(w0, lr) {
    var target = rounded(Y / X), w = w0;
    for (var k = 0; k <= MAX_STEPS; k++) {
      if (Number.isFinite(w) && rounded(w) === target) return k;
      if (!Number.isFinite(w)) return -1;
      w = update(w, lr);
    }
    return -1;
  }

  function drawLoss(svg, ws, clipId) {
    var W0 = 640, H0 = 260, M = { l: 40, r: 12, t: 10, b: 52 };
    var vx = [-1.1, 2.1], vy = [-0.3, 6.6];
    var pw = W0 - M.l - M.r, ph = H0 - M.t - M.b;
    function px(v) { return Math.max(-1e4, Math.min(1e4, M.l + ((v - vx[0]) / (vx[1] - vx[0])) * pw)); }
    function py(v) { return Math.max(-1e4, Math.min(1e4, M.t + ph - ((v - vy[0]) / (vy[1] - vy[0])) * ph)); }
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute("viewBox", "0 0 " + W0 + " " + H0);
    svg.appendChild(s("title", { text: "The loss J(w) and the weights of the table" }));
    svg.appendChild(s("defs", null, [s("clipPath", { id: clipId }, [s("rect", { x: M.l, y: M.t, width: pw, height: ph })])]));
    var axes = s("g", { class: "bp-axes" });
    axes.appendChild(s("rect", { x: M.l, y: M.t, width: pw, height: ph, class: "bp-frame" }));
    [-1, -0.5, 0, 0.5, 1, 1.5, 2].forEach(function (t) {
      axes.appendChild(s("line", { x1: px(t), x2: px(t), y1: M.t + ph, y2: M.t + ph + 5 }));
      axes.appendChild(s("text", { x: px(t), y: M.t + ph + 19, "text-anchor": "middle", text: fmt(t) }));
    });
    [0, 2, 4, 6].forEach(function (t) {
      axes.appendChild(s("line", { x1: M.l - 5, x2: M.l, y1: py(t), y2: py(t) }));
      axes.appendChild(s("text", { x: M.l - 8, y: py(t) + 4, "text-anchor": "end", text: fmt(t) }));
    });
    axes.appendChild(s("text", { x: M.l + pw / 2, y: H0 - 2, "text-anchor": "middle", class: "bp-axis-label", text: "weight w" }));
    axes.appendChild(s("text", { x: M.l + 6, y: M.t + 14, class: "bp-axis-label", text: "J(w)" }));
    svg.appendChild(axes);
    var plot = s("g", { "clip-path": "url(#" + clipId + ")" });
    var pts = [];
    for (var i = 0; i <= 200; i++) {
      var w = vx[0] + ((vx[1] - vx[0]) * i) / 200;
      pts.push(px(w).toFixed(2) + "," + py(loss(w)).toFixed(2));
    }
    plot.appendChild(s("polyline", { points: pts.join(" "), class: "bp-curve" }));
    plot.appendChild(s("path", { d: "M" + px(Y / X) + " " + (py(0) - 6) + "v12", class: "bp-target" }));
    var line = ws.filter(Number.isFinite).map(function (w) {
      return px(w).toFixed(2) + "," + py(loss(w)).toFixed(2);
    });
    plot.appendChild(s("polyline", { points: line.join(" "), class: "bp-path" }));
    ws.forEach(function (w, k) {
      if (!Number.isFinite(w)) return;
      plot.appendChild(s("circle", { cx: px(w).toFixed(2), cy: py(loss(w)).toFixed(2), r: k === 0 ? 5 : 3, class: k === 0 ? "bp-dot bp-dot--start" : "bp-dot" }));
    });
    svg.appendChild(plot);
  }

  function init(root) {
    var w0 = W.slider({ name: "w0", label: "start weight w₀", min: -1, max: 2, step: 0.05, value: 0.8 });
    var rate = W.slider({ name: "lr", label: "learning rate lr", min: 0.01, max: 0.5, step: 0.01, value: 0.1 });
    var svg = s("svg", { class: "bp-plot", role: "img", "aria-label": "The loss J(w) with the weights of the table on it" });
    var clipId = W.uid("clip");
    var summary = h("p", { class: "bp-status", "data-field": "summary" });
    var live = h("div", { class: "bp-live", "aria-live": "polite", "aria-atomic": "true" }, [summary]);
    var tbody = h("tbody");
    var table = h("table", { class: "bp-table" }, [
      h("caption", null, ["Gradient descent on J(w) = (1.5 w − 0.5)², row by row"]),
      h("thead", null, [h("tr", null, [
        h("th", { scope: "col", text: "step k" }),
        h("th", { scope: "col", text: "weight w" }),
        h("th", { scope: "col", text: "loss J(w)" }),
        h("th", { scope: "col", text: "slope dJ/dw" }),
      ])]),
      tbody,
    ]);
    var scroller = h("div", { class: "bp-table-scroll", tabindex: "0", role: "region", "aria-label": "Table of steps" }, [table]);

    root.appendChild(h("p", { class: "bp-widget__title" }, ["Try it: train the weight yourself"]));
    root.appendChild(h("div", { class: "bp-controls" }, [w0.wrap, rate.wrap]));
    root.appendChild(live);
    root.appendChild(h("div", { class: "bp-plot-wrap" }, [svg]));
    root.appendChild(scroller);
    root.appendChild(h("p", { class: "bp-hint", text: "Descent on this loss converges for lr < 1/x² = 0.444…; each step multiplies the distance to w* = 1/3 by 1 − 2·lr·x²." }));

    function render() {
      var start = w0.value(), lr = rate.value();
      var n = stepsToConverge(start, lr);
      var factor = 1 - 2 * lr * X * X;
      var rows = n >= 0 ? Math.min(n + 1, MAX_ROWS) : MAX_ROWS;
      var ws = [start];
      for (var k = 1; k < rows; k++) ws.push(update(ws[k - 1], lr));
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      ws.forEach(function (w, k) {
        tbody.appendChild(h("tr", { "data-step": k }, [
          setNum(h("td", { "data-col": "k" }), k),
          setNum(h("td", { "data-col": "w" }), w, 9),
          setNum(h("td", { "data-col": "J" }), loss(w), 6),
          setNum(h("td", { "data-col": "dJ" }), grad(w), 6),
        ]));
      });
      root.setAttribute("data-w0", String(start));
      root.setAttribute("data-lr", String(lr));
      root.setAttribute("data-rows", String(ws.length));
      root.setAttribute("data-steps", n >= 0 ? String(n) : "");
      var state = n >= 0 ? "converged" : factor === -1 ? "bounces" : "diverged";
      root.setAttribute("data-state", state);
      summary.classList.toggle("bp-warning", n < 0);
      if (n >= 0) {
        summary.textContent = "w reads " + (Y / X).toFixed(DECIMALS) + " (w* = 1/3 to 6 decimals) after " + n +
          " step" + (n === 1 ? "" : "s") + (n + 1 > MAX_ROWS ? "; the table shows the first " + MAX_ROWS + " rows." : ".");
      } else if (state === "bounces") {
        summary.textContent = "lr = " + fmt(lr) + " is exactly 1/x²: w bounces between two values for ever and never converges.";
      } else {
        summary.textContent = "Diverges: lr = " + fmt(lr) + " is above 1/x² = " + fmt(1 / (X * X), 4) +
          ", so each step multiplies the distance to w* by " + fmt(factor, 4) + " and w swings ever wider.";
      }
      drawLoss(svg, ws, clipId);
    }
    w0.input.addEventListener("input", render);
    rate.input.addEventListener("input", render);
    render();
  }

  W.register("one-weight", init);
})();
