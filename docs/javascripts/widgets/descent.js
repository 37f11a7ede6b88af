// The descent playground of chapter 2 (docs/gradient-descent.md, docs_src/widgets/descent.md).
//
// One run of gradient descent, stepped by the reader. The loop below is a line-by-line copy of
// backprop.descent.gradient_descent with an exact gradient (grad=...): the same update
// x <- x - lr * grad(x), the same stopping rule (converged once |lr * grad| < tol) and the same
// divergence rule (x not finite or larger than max_abs in size, f(x) or the gradient not
// finite). The functions and gradients are those of backprop.plot.widgets.DESCENT_FUNCTIONS.
(function () {
  "use strict";
  var W = window.BPWidgets;
  if (!W) return;
  var h = W.h, s = W.s, fmt = W.fmt, setNum = W.setNum;

  var TOL = 1e-10; // gradient_descent's defaults
  var MAX_ABS = 1e12;
  var MAX_STEPS = 1000;

  var FUNCTIONS = {
    parabola: {
      title: "y = (x + 2)²",
      dims: 1,
      f: function (x) {
        var v = x + 2;
        return v * v;
      },
      grad: function (x) {
        return 2 * (x + 2);
      },
      x0: [0], lr: 0.1,
      start: { min: -6, max: 2, step: 0.1 },
      rate: { min: 0.01, max: 1.2, step: 0.01 },
      view: { x: [-6.5, 2.5], y: [-1, 17] },
      hint: "On this parabola descent converges for lr < 1 (the factor 1 − 2·lr stays between −1 and 1).",
    },
    quartic: {
      title: "f(x) = x⁴ − 3x² + x",
      dims: 1,
      f: function (x) {
        return Math.pow(x, 4) - 3 * Math.pow(x, 2) + x;
      },
      grad: function (x) {
        return 4 * Math.pow(x, 3) - 6 * x + 1;
      },
      x0: [0.5], lr: 0.05,
      start: { min: -2, max: 2, step: 0.05 },
      rate: { min: 0.005, max: 0.3, step: 0.005 },
      view: { x: [-2.3, 2.3], y: [-4.5, 8] },
      hint: "Starts left of the hump near x = 0.17 roll into the deep valley, starts right of it into the shallow one.",
    },
    bowl: {
      title: "f(x, y) = x² + 10y²",
      dims: 2,
      f: function (v) {
        return Math.pow(v[0], 2) + 10 * Math.pow(v[1], 2);
      },
      grad: function (v) {
        return [2 * v[0], 20 * v[1]];
      },
      x0: [-4, 1.5], lr: 0.09,
      start: { min: -4.5, max: 4.5, step: 0.1 },
      startY: { min: -1.8, max: 1.8, step: 0.1 },
      rate: { min: 0.005, max: 0.12, step: 0.005 },
      view: { x: [-5, 5], y: [-2, 2] },
      hint: "The steep y direction needs lr < 0.1; just below it the path zig-zags across the valley.",
    },
  };

  // ---------------------------------------------------------------- the run (as in Python)

  function finiteAll(v) {
    return v.every(function (a) {
      return Number.isFinite(a);
    });
  }

  function vfmt(v) {
    return v.length === 1 ? fmt(v[0]) : "[" + v.map(function (a) { return fmt(a); }).join(", ") + "]";
  }

  // fn: a FUNCTIONS entry; x0: array of 1 or 2 numbers. Points are arrays (length 1 or 2).
  function Run(fn, x0, lr) {
    this.fn = fn;
    this.lr = lr;
    var self = this;
    this.f = function (x) {
      return fn.dims === 1 ? fn.f(x[0]) : fn.f(x.slice());
    };
    this.grad = function (x) {
      var g = fn.dims === 1 ? fn.grad(x[0]) : fn.grad(x.slice());
      return fn.dims === 1 ? [g] : g;
    };
    var x = x0.slice();
    this.xs = [x];
    this.fs = [self.f(x)];
    this.gs = [self.grad(x)];
    this.converged = false;
    this.diverged = false;
    this.problem = "";
  }

  Run.prototype.done = function () {
    return this.converged || this.diverged || this.xs.length - 1 >= MAX_STEPS;
  };

  // One pass of gradient_descent's loop; false if the run had already ended.
  Run.prototype.step = function () {
    if (this.done()) return false;
    var lr = this.lr;
    var x = this.xs[this.xs.length - 1];
    var g = this.gs[this.gs.length - 1];
    var step = g.map(function (a) {
      return lr * a;
    });
    var norm = step.length === 1 ? Math.abs(step[0]) : Math.sqrt(step[0] * step[0] + step[1] * step[1]);
    if (norm < TOL) {
      this.converged = true;
      return false;
    }
    x = x.map(function (a, i) {
      return a - step[i];
    });
    g = x.map(function () {
      return NaN;
    });
    var size = Math.max.apply(null, x.map(Math.abs));
    var fx, problem = "";
    if (!Number.isFinite(size)) {
      fx = NaN;
      problem = "x became " + vfmt(x);
    } else if (size > MAX_ABS) {
      fx = this.f(x);
      problem = "|x| reached " + size.toPrecision(2).replace("e+", "e");
    } else {
      fx = this.f(x);
      if (!Number.isFinite(fx)) {
        problem = "f(x) became " + fmt(fx);
      } else {
        g = this.grad(x);
        if (!finiteAll(g)) problem = "the gradient became " + vfmt(g);
      }
    }
    this.xs.push(x);
    this.fs.push(fx);
    this.gs.push(g);
    if (problem) {
      this.diverged = true;
      this.problem = problem;
    }
    return true;
  };

  // ---------------------------------------------------------------- drawing

  function ticks(lo, hi, n) {
    var raw = (hi - lo) / n;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var unit = [1, 2, 5, 10].map(function (m) { return m * mag; }).find(function (u) { return u >= raw; });
    var out = [];
    for (var t = Math.ceil(lo / unit) * unit; t <= hi + 1e-9; t += unit) out.push(Math.round(t / unit) * unit);
    return out;
  }

  function clampPx(v) {
    return Math.max(-1e4, Math.min(1e4, v));
  }

  function draw(svg, fn, run, clipId) {
    var W0 = 640, M = { l: 44, r: 14, t: 12, b: 34 };
    var vx = fn.view.x, vy = fn.view.y;
    var pw = W0 - M.l - M.r;
    var ph = fn.dims === 2 ? (pw * (vy[1] - vy[0])) / (vx[1] - vx[0]) : 250;
    var H0 = ph + M.t + M.b;
    svg.setAttribute("viewBox", "0 0 " + W0 + " " + H0.toFixed(0));
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    function X(v) { return clampPx(M.l + ((v - vx[0]) / (vx[1] - vx[0])) * pw); }
    function Y(v) { return clampPx(M.t + ph - ((v - vy[0]) / (vy[1] - vy[0])) * ph); }

    svg.appendChild(s("title", { text: "Descent on " + fn.title }));
    svg.appendChild(s("defs", null, [
      s("clipPath", { id: clipId }, [s("rect", { x: M.l, y: M.t, width: pw, height: ph })]),
    ]));
    // axes and ticks
    var axes = s("g", { class: "bp-axes" });
    axes.appendChild(s("rect", { x: M.l, y: M.t, width: pw, height: ph, class: "bp-frame" }));
    ticks(vx[0], vx[1], 8).forEach(function (t) {
      axes.appendChild(s("line", { x1: X(t), x2: X(t), y1: M.t + ph, y2: M.t + ph + 5 }));
      axes.appendChild(s("text", { x: X(t), y: M.t + ph + 19, "text-anchor": "middle", text: fmt(t) }));
    });
    ticks(vy[0], vy[1], 5).forEach(function (t) {
      axes.appendChild(s("line", { x1: M.l - 5, x2: M.l, y1: Y(t), y2: Y(t) }));
      axes.appendChild(s("text", { x: M.l - 8, y: Y(t) + 4, "text-anchor": "end", text: fmt(t) }));
    });
    axes.appendChild(s("text", { x: M.l + pw, y: M.t + ph + 32, "text-anchor": "end", class: "bp-axis-label", text: "x" }));
    axes.appendChild(s("text", { x: 4, y: M.t + 10, class: "bp-axis-label", text: fn.dims === 2 ? "y" : "f(x)" }));
    svg.appendChild(axes);

    var plot = s("g", { "clip-path": "url(#" + clipId + ")" });
    if (fn.dims === 2) {
      [0.5, 2, 5, 10, 18, 28, 40].forEach(function (c) {
        plot.appendChild(s("ellipse", {
          cx: X(0), cy: Y(0), rx: (Math.sqrt(c) / (vx[1] - vx[0])) * pw,
          ry: (Math.sqrt(c / 10) / (vy[1] - vy[0])) * ph, class: "bp-contour",
        }));
      });
      plot.appendChild(s("path", { d: "M" + (X(0) - 6) + " " + Y(0) + "h12M" + X(0) + " " + (Y(0) - 6) + "v12", class: "bp-target" }));
    } else {
      var pts = [];
      for (var i = 0; i <= 240; i++) {
        var xv = vx[0] + ((vx[1] - vx[0]) * i) / 240;
        pts.push(X(xv).toFixed(2) + "," + Y(fn.f(xv)).toFixed(2));
      }
      plot.appendChild(s("polyline", { points: pts.join(" "), class: "bp-curve" }));
    }
    // the path
    var px = function (k) { return X(run.xs[k][0]); };
    var py = function (k) { return fn.dims === 2 ? Y(run.xs[k][1]) : Y(run.fs[k]); };
    var n = run.xs.length;
    var line = [];
    for (var k = 0; k < n; k++) {
      if (Number.isFinite(px(k)) && Number.isFinite(py(k))) line.push(px(k).toFixed(2) + "," + py(k).toFixed(2));
    }
    plot.appendChild(s("polyline", { points: line.join(" "), class: "bp-path" }));
    var dots = s("g", { class: "bp-dots" });
    for (k = 0; k < n; k++) {
      var attrs = {
        cx: Number.isFinite(px(k)) ? px(k).toFixed(2) : -100, cy: Number.isFinite(py(k)) ? py(k).toFixed(2) : -100,
        r: k === 0 ? 5 : 3.2, class: k === 0 ? "bp-dot bp-dot--start" : "bp-dot",
        "data-step": k, "data-x": String(run.xs[k][0]), "data-f": String(run.fs[k]),
      };
      if (fn.dims === 2) attrs["data-y"] = String(run.xs[k][1]);
      dots.appendChild(s("circle", attrs));
    }
    plot.appendChild(dots);
    // the current point, and for one variable the tangent there (the slope felt underfoot)
    var last = n - 1, gl = run.gs[last];
    if (fn.dims === 1 && Number.isFinite(gl[0]) && Number.isFinite(run.fs[last])) {
      var x = run.xs[last][0], dx = 0.6;
      plot.appendChild(s("line", {
        x1: X(x - dx), y1: Y(run.fs[last] - gl[0] * dx), x2: X(x + dx), y2: Y(run.fs[last] + gl[0] * dx),
        class: "bp-tangent",
      }));
    }
    if (Number.isFinite(px(last)) && Number.isFinite(py(last))) {
      plot.appendChild(s("circle", { cx: px(last), cy: py(last), r: 7.5, class: "bp-current" }));
    }
    svg.appendChild(plot);
  }

  // ---------------------------------------------------------------- the widget

  function init(root) {
    var key = root.getAttribute("data-function") || "parabola";
    if (!FUNCTIONS[key]) key = "parabola";
    var selectId = W.uid("fn");
    var select = h("select", { id: selectId, "data-control": "function" },
      Object.keys(FUNCTIONS).map(function (k) {
        return h("option", { value: k, text: FUNCTIONS[k].title });
      }));
    select.value = key;
    var startX = W.slider({ name: "x0", label: "start x₀", min: 0, max: 1, step: 0.1, value: 0 });
    var startY = W.slider({ name: "y0", label: "start y₀", min: 0, max: 1, step: 0.1, value: 0 });
    var rate = W.slider({ name: "lr", label: "learning rate lr", min: 0, max: 1, step: 0.01, value: 0.1 });
    var stepBtn = W.button("Step", "step");
    var playBtn = W.button("Play", "play");
    playBtn.setAttribute("aria-pressed", "false");
    var endBtn = W.button("Run to end", "run");
    var resetBtn = W.button("Reset", "reset");
    var svg = s("svg", { class: "bp-plot", role: "img", "aria-label": "The function and the path of descent" });
    var clipId = W.uid("clip");

    function cell(name, label) {
      var dd = h("dd", { "data-field": name });
      return { dt: h("dt", null, [label]), dd: dd };
    }
    var cells = {
      step: cell("step", "step k"),
      x: cell("x", "x"),
      f: cell("f", "f(x)"),
      slope: cell("slope", "slope f′(x)"),
      size: cell("size", "step lr × slope"),
    };
    var dl = h("dl", { class: "bp-numbers" });
    Object.keys(cells).forEach(function (k) {
      dl.appendChild(h("div", { class: "bp-number" }, [cells[k].dt, cells[k].dd]));
    });
    var status = h("p", { class: "bp-status", "data-field": "status" });
    var hint = h("p", { class: "bp-hint" });
    var live = h("div", { class: "bp-live", "aria-live": "polite", "aria-atomic": "true" }, [dl, status]);

    root.appendChild(h("p", { class: "bp-widget__title" }, ["Try it: a descent playground"]));
    root.appendChild(h("div", { class: "bp-controls" }, [
      h("div", { class: "bp-field" }, [h("label", { for: selectId }, ["function"]), select]),
      startX.wrap, startY.wrap, rate.wrap,
    ]));
    root.appendChild(h("div", { class: "bp-buttons" }, [stepBtn, playBtn, endBtn, resetBtn]));
    root.appendChild(h("div", { class: "bp-plot-wrap" }, [svg]));
    root.appendChild(live);
    root.appendChild(hint);

    var fn, run, timer = null;

    function configure(k) {
      fn = FUNCTIONS[k];
      [[startX, fn.start, fn.x0[0]], [startY, fn.startY, fn.x0[1]], [rate, fn.rate, fn.lr]].forEach(function (c) {
        if (!c[1]) {
          c[0].wrap.hidden = true;
          return;
        }
        c[0].wrap.hidden = false;
        c[0].input.min = c[1].min;
        c[0].input.max = c[1].max;
        c[0].input.step = c[1].step;
        c[0].input.value = c[2];
        c[0].show();
      });
      hint.textContent = fn.hint;
      root.setAttribute("data-function", k);
      cells.slope.dt.textContent = fn.dims === 2 ? "gradient ∇f" : "slope f′(x)";
      cells.size.dt.textContent = fn.dims === 2 ? "step lr × ∇f" : "step lr × slope";
      cells.x.dt.textContent = fn.dims === 2 ? "(x, y)" : "x";
      cells.f.dt.textContent = fn.dims === 2 ? "f(x, y)" : "f(x)";
    }

    // A fresh run from the sliders, taken to `steps` updates (or as far as it goes).
    function restart(steps) {
      var x0 = fn.dims === 2 ? [startX.value(), startY.value()] : [startX.value()];
      run = new Run(fn, x0, rate.value());
      root.setAttribute("data-x0", x0.map(String).join(","));
      root.setAttribute("data-lr", String(run.lr));
      for (var i = 0; i < steps; i++) if (!run.step()) break;
      render();
    }

    function putVector(dd, v, field) {
      dd.textContent = "";
      dd.setAttribute("data-value", v.map(String).join(","));
      if (v.length === 1) {
        setNum(dd, v[0]);
        return;
      }
      dd.appendChild(document.createTextNode("("));
      v.forEach(function (a, i) {
        if (i) dd.appendChild(document.createTextNode(", "));
        dd.appendChild(setNum(h("span", { "data-field": field + "-" + i }), a));
      });
      dd.appendChild(document.createTextNode(")"));
    }

    function render() {
      var k = run.xs.length - 1;
      var g = run.gs[k];
      setNum(cells.step.dd, k);
      putVector(cells.x.dd, run.xs[k], "x");
      setNum(cells.f.dd, run.fs[k]);
      putVector(cells.slope.dd, g, "slope");
      putVector(cells.size.dd, g.map(function (a) { return run.lr * a; }), "size");
      var state = run.diverged ? "diverged" : run.converged ? "converged" : k >= MAX_STEPS ? "stopped" : "running";
      root.setAttribute("data-state", state);
      root.setAttribute("data-step", String(k));
      status.classList.toggle("bp-warning", run.diverged);
      if (run.diverged) {
        status.textContent = "Diverged at step " + k + " with lr = " + fmt(run.lr) + ": " + run.problem +
          ". Each step overshoots further; try a smaller lr.";
      } else if (run.converged) {
        status.textContent = "Converged after " + k + " steps: the next step, lr × slope, would be smaller than 1e−10.";
      } else if (state === "stopped") {
        status.textContent = "Stopped after " + MAX_STEPS + " steps without settling (gradient_descent's default steps=1000).";
      } else {
        status.textContent = k === 0 ? "At the start. Press Step to take one step, x ← x − lr × slope." : "Step " + k + " taken.";
      }
      var ended = run.done() || run.converged;
      W.setDisabled(stepBtn, ended);
      W.setDisabled(endBtn, ended);
      W.setDisabled(playBtn, ended && timer === null);
      if (ended) stop();
      draw(svg, fn, run, clipId);
    }

    function stop() {
      if (timer !== null) {
        clearInterval(timer);
        timer = null;
      }
      playBtn.textContent = "Play";
      playBtn.setAttribute("aria-pressed", "false");
      live.removeAttribute("aria-busy");
    }

    function advance() {
      run.step();
      render();
    }

    stepBtn.addEventListener("click", advance);
    endBtn.addEventListener("click", function () {
      stop();
      while (run.step()) { /* to the end, as gradient_descent(steps=1000) */ }
      render();
    });
    playBtn.addEventListener("click", function () {
      if (timer !== null) {
        stop();
        render();
        return;
      }
      if (run.done()) return;
      playBtn.textContent = "Pause";
      playBtn.setAttribute("aria-pressed", "true");
      live.setAttribute("aria-busy", "true");
      timer = setInterval(advance, 90);
    });
    resetBtn.addEventListener("click", function () {
      stop();
      restart(0);
    });
    [startX, startY, rate].forEach(function (c) {
      c.input.addEventListener("input", function () {
        restart(run.xs.length - 1);
      });
    });
    select.addEventListener("change", function () {
      stop();
      configure(select.value);
      restart(0);
    });

    configure(key);
    restart(0);
  }

  W.register("descent", init);
})();
