// The descent playground of the gradient-descent chapter (docs/gradient-descent.md,
// docs_src/widgets/descent.md).
//
// One run of gradient descent, stepped by the reader. Plain descent is a line-by-line copy of
// backprop.descent.gradient_descent with an exact gradient (grad=...): the update
// x <- x - lr * grad(x), the stopping rule (converged once |lr * grad| < tol) and the divergence
// rule (x not finite or larger than max_abs in size, f(x) or the gradient not finite). With
// momentum the update is backprop.optim.Momentum's: v <- beta * v + grad(x), x <- x - lr * v,
// stopped by the same rules on the step lr * v. The settings (defaults, slider ranges, views,
// the rules' constants) come from data-config, printed from docs_src/figures/widgets.py; only
// the functions and the update are written here.
(function () {
  "use strict";
  var W = window.BPWidgets;
  if (!W) return;
  var h = W.h, s = W.s, fmt = W.fmt, setNum = W.setNum, ticks = W.ticks;

  // The functions of figures.widgets.DESCENT_FUNCTIONS, by the same keys.
  var FUNCTIONS = {
    parabola: {
      f: function (x) { var v = x + 2; return v * v; },
      grad: function (x) { return 2 * (x + 2); },
    },
    quartic: {
      f: function (x) { return Math.pow(x, 4) - 3 * Math.pow(x, 2) + x; },
      grad: function (x) { return 4 * Math.pow(x, 3) - 6 * x + 1; },
    },
    bowl: {
      f: function (v) { return Math.pow(v[0], 2) + 10 * Math.pow(v[1], 2); },
      grad: function (v) { return [2 * v[0], 20 * v[1]]; },
    },
  };

  // ---------------------------------------------------------------- the run (as in Python)

  function finiteAll(v) {
    return v.every(function (a) { return Number.isFinite(a); });
  }

  function norm(v) {
    return v.length === 1 ? Math.abs(v[0]) : Math.sqrt(v[0] * v[0] + v[1] * v[1]);
  }

  function vfmt(v) {
    return v.length === 1 ? fmt(v[0]) : "(" + v.map(function (a) { return fmt(a); }).join(", ") + ")";
  }

  // fn: the function's config joined with its FUNCTIONS entry; points are arrays (length 1 or 2).
  // beta: null for plain descent, else momentum's beta.
  function Run(fn, rules, x0, lr, beta) {
    var dims = fn.dims;
    this.rules = rules;
    this.lr = lr;
    this.beta = beta;
    this.f = function (x) { return dims === 1 ? fn.f(x[0]) : fn.f(x.slice()); };
    this.grad = function (x) { return dims === 1 ? [fn.grad(x[0])] : fn.grad(x.slice()); };
    var x = x0.slice();
    this.xs = [x];
    this.fs = [this.f(x)];
    this.gs = [this.grad(x)];
    this.vs = [x.map(function () { return 0; })]; // momentum's velocity, 0 at the start
    this.converged = false;
    this.diverged = false;
    this.problem = "";
  }

  Run.prototype.steps = function () {
    return this.xs.length - 1;
  };

  Run.prototype.done = function () {
    return this.converged || this.diverged || this.steps() >= this.rules.steps;
  };

  // The step the next update takes: lr * grad, or with momentum lr * (beta * v + grad).
  Run.prototype.nextStep = function () {
    var k = this.steps(), lr = this.lr, beta = this.beta, g = this.gs[k], v = this.vs[k];
    var vel = beta === null ? g : v.map(function (a, i) { return beta * a + g[i]; });
    return { v: vel, step: vel.map(function (a) { return lr * a; }) };
  };

  // Where x lands, and what went wrong there if anything (gradient_descent's checks, in order).
  Run.prototype.land = function (x) {
    var size = Math.max.apply(null, x.map(Math.abs));
    var out = { f: NaN, g: x.map(function () { return NaN; }), problem: "" };
    if (!Number.isFinite(size)) {
      out.problem = "x became " + vfmt(x);
      return out;
    }
    out.f = this.f(x);
    if (size > this.rules.max_abs) out.problem = "|x| reached " + size.toPrecision(2).replace("e+", "e");
    else if (!Number.isFinite(out.f)) out.problem = "f(x) became " + fmt(out.f);
    else {
      out.g = this.grad(x);
      if (!finiteAll(out.g)) out.problem = "the gradient became " + vfmt(out.g);
    }
    return out;
  };

  // One pass of the loop; false if the run had already ended.
  Run.prototype.step = function () {
    if (this.done()) return false;
    var next = this.nextStep();
    if (norm(next.step) < this.rules.tol) {
      this.converged = true;
      return false;
    }
    var x = this.xs[this.steps()].map(function (a, i) { return a - next.step[i]; });
    var at = this.land(x);
    this.xs.push(x);
    this.fs.push(at.f);
    this.gs.push(at.g);
    this.vs.push(next.v);
    if (at.problem) {
      this.diverged = true;
      this.problem = at.problem;
    }
    return true;
  };

  // The last step whose point, value and gradient are all finite (what the readout shows).
  Run.prototype.lastFinite = function () {
    for (var k = this.steps(); k > 0; k--) {
      if (finiteAll(this.xs[k]) && Number.isFinite(this.fs[k]) && finiteAll(this.gs[k])) return k;
    }
    return 0;
  };

  // The two points x jumps between, if the last five points alternate between two places.
  Run.prototype.twoCycle = function () {
    var n = this.xs.length;
    if (n < 5 || this.diverged) return null;
    var xs = this.xs;
    function same(a, b) {
      return norm(a.map(function (v, i) { return v - b[i]; })) <= 1e-9 * Math.max(1, norm(a));
    }
    var a = xs[n - 1], b = xs[n - 2];
    if (same(a, b) || !same(a, xs[n - 3]) || !same(a, xs[n - 5]) || !same(b, xs[n - 4])) return null;
    return [b, a];
  };

  // ---------------------------------------------------------------- drawing

  function clampPx(v) {
    return Math.max(-1e4, Math.min(1e4, v));
  }

  // The plot's frame and scales. The bowl's frame has the shape of its view, so that one unit
  // of x and one of y are the same length on screen (right angles look right).
  function frame(fn) {
    var W0 = 640, M = { l: 44, r: 14, t: 12, b: 34 };
    var vx = fn.view.x, vy = fn.view.y, pw = W0 - M.l - M.r;
    var ph = fn.dims === 2 ? (pw * (vy[1] - vy[0])) / (vx[1] - vx[0]) : 250;
    return {
      W: W0, H: ph + M.t + M.b, M: M, pw: pw, ph: ph, vx: vx, vy: vy,
      X: function (v) { return clampPx(M.l + ((v - vx[0]) / (vx[1] - vx[0])) * pw); },
      Y: function (v) { return clampPx(M.t + ph - ((v - vy[0]) / (vy[1] - vy[0])) * ph); },
    };
  }

  function drawAxes(fr, fn) {
    var M = fr.M, X = fr.X, Y = fr.Y;
    var axes = s("g", { class: "bp-axes" });
    axes.appendChild(s("rect", { x: M.l, y: M.t, width: fr.pw, height: fr.ph, class: "bp-frame" }));
    ticks(fr.vx[0], fr.vx[1], 8).forEach(function (t) {
      axes.appendChild(s("line", { x1: X(t), x2: X(t), y1: M.t + fr.ph, y2: M.t + fr.ph + 5 }));
      axes.appendChild(s("text", { x: X(t), y: M.t + fr.ph + 19, "text-anchor": "middle", text: fmt(t) }));
    });
    ticks(fr.vy[0], fr.vy[1], fn.dims === 2 ? 4 : 5).forEach(function (t) {
      axes.appendChild(s("line", { x1: M.l - 5, x2: M.l, y1: Y(t), y2: Y(t) }));
      axes.appendChild(s("text", { x: M.l - 8, y: Y(t) + 4, "text-anchor": "end", text: fmt(t) }));
    });
    axes.appendChild(s("text", { x: M.l + fr.pw, y: M.t + fr.ph + 32, "text-anchor": "end", class: "bp-axis-label", text: "x" }));
    axes.appendChild(s("text", { x: 4, y: M.t + 10, class: "bp-axis-label", text: fn.dims === 2 ? "y" : "f(x)" }));
    return axes;
  }

  // The curve, or for the bowl its contours f = c (ellipses) and the minimum.
  function drawLandscape(plot, fr, fn, levels) {
    var X = fr.X, Y = fr.Y;
    if (fn.dims === 2) {
      levels.forEach(function (c) {
        plot.appendChild(s("ellipse", {
          cx: X(0), cy: Y(0), rx: (Math.sqrt(c) / (fr.vx[1] - fr.vx[0])) * fr.pw,
          ry: (Math.sqrt(c / 10) / (fr.vy[1] - fr.vy[0])) * fr.ph, class: "bp-contour",
        }));
      });
      plot.appendChild(s("path", { d: "M" + (X(0) - 6) + " " + Y(0) + "h12M" + X(0) + " " + (Y(0) - 6) + "v12", class: "bp-target" }));
      return;
    }
    var pts = [];
    for (var i = 0; i <= 240; i++) {
      var xv = fr.vx[0] + ((fr.vx[1] - fr.vx[0]) * i) / 240;
      pts.push(X(xv).toFixed(2) + "," + Y(fn.f(xv)).toFixed(2));
    }
    plot.appendChild(s("polyline", { points: pts.join(" "), class: "bp-curve" }));
  }

  function drawPath(plot, fr, fn, run) {
    var px = function (k) { return fr.X(run.xs[k][0]); };
    var py = function (k) { return fn.dims === 2 ? fr.Y(run.xs[k][1]) : fr.Y(run.fs[k]); };
    var ok = function (k) { return Number.isFinite(px(k)) && Number.isFinite(py(k)); };
    var n = run.xs.length, line = [], k;
    for (k = 0; k < n; k++) if (ok(k)) line.push(px(k).toFixed(2) + "," + py(k).toFixed(2));
    plot.appendChild(s("polyline", { points: line.join(" "), class: "bp-path" }));
    var dots = s("g", { class: "bp-dots" });
    for (k = 0; k < n; k++) {
      var attrs = {
        cx: ok(k) ? px(k).toFixed(2) : -100, cy: ok(k) ? py(k).toFixed(2) : -100,
        r: k === 0 ? 5 : 3.2, class: k === 0 ? "bp-dot bp-dot--start" : "bp-dot",
        "data-step": k, "data-x": String(run.xs[k][0]), "data-f": String(run.fs[k]),
      };
      if (fn.dims === 2) attrs["data-y"] = String(run.xs[k][1]);
      dots.appendChild(s("circle", attrs));
    }
    plot.appendChild(dots);
    // the current point, and for one variable the tangent there (the slope felt underfoot)
    var last = run.lastFinite(), gl = run.gs[last];
    if (fn.dims === 1) {
      var x = run.xs[last][0], dx = 0.6;
      plot.appendChild(s("line", {
        x1: fr.X(x - dx), y1: fr.Y(run.fs[last] - gl[0] * dx), x2: fr.X(x + dx), y2: fr.Y(run.fs[last] + gl[0] * dx),
        class: "bp-tangent",
      }));
    }
    plot.appendChild(s("circle", { cx: px(last), cy: py(last), r: 7.5, class: "bp-current" }));
  }

  function draw(svg, fn, run, clipId, levels) {
    var fr = frame(fn);
    svg.setAttribute("viewBox", "0 0 " + fr.W + " " + fr.H.toFixed(0));
    W.clear(svg);
    svg.appendChild(s("title", { text: "Descent on " + fn.title }));
    svg.appendChild(s("defs", null, [
      s("clipPath", { id: clipId }, [s("rect", { x: fr.M.l, y: fr.M.t, width: fr.pw, height: fr.ph })]),
    ]));
    svg.appendChild(drawAxes(fr, fn));
    var plot = s("g", { "clip-path": "url(#" + clipId + ")" });
    drawLandscape(plot, fr, fn, levels);
    drawPath(plot, fr, fn, run);
    svg.appendChild(plot);
  }

  // ---------------------------------------------------------------- the widget's parts

  function sliderOf(name, label, range, value) {
    return W.slider(Object.assign({ name: name, label: label, value: value }, range));
  }

  // The controls: function, start, learning rate, momentum and its beta, and the buttons.
  function controls(cfg) {
    var selectId = W.uid("fn"), momentumId = W.uid("momentum");
    var c = {
      select: h("select", { id: selectId, "data-control": "function" },
        Object.keys(cfg.functions).map(function (k) {
          return h("option", { value: k, text: cfg.functions[k].title });
        })),
      startX: sliderOf("x0", "start x₀", { min: 0, max: 1, step: 0.1 }, 0),
      startY: sliderOf("y0", "start y₀", { min: 0, max: 1, step: 0.1 }, 0),
      rate: sliderOf("lr", "learning rate lr", { min: 0, max: 1, step: 0.01 }, 0.1),
      momentum: h("input", { type: "checkbox", id: momentumId, "data-control": "momentum" }),
      beta: sliderOf("beta", "momentum β", cfg.beta, cfg.beta.value),
      step: W.button("Step", "step"),
      play: W.button("Play", "play"),
      end: W.button("Run to end", "run"),
      reset: W.button("Reset", "reset"),
    };
    c.play.setAttribute("aria-pressed", "false");
    c.beta.wrap.hidden = true;
    c.fields = h("div", { class: "bp-controls" }, [
      h("div", { class: "bp-field" }, [h("label", { for: selectId }, ["function"]), c.select]),
      c.startX.wrap, c.startY.wrap, c.rate.wrap,
      h("div", { class: "bp-field bp-field--check" }, [c.momentum, h("label", { for: momentumId }, ["momentum (keep a velocity)"])]),
      c.beta.wrap,
    ]);
    c.buttons = h("div", { class: "bp-buttons" }, [c.step, c.play, c.end, c.reset]);
    return c;
  }

  // The numbers under the plot, each a <dt> label and a <dd> value.
  function readout() {
    var cells = {};
    var dl = h("dl", { class: "bp-numbers" });
    ["step", "x", "f", "slope", "velocity", "size"].forEach(function (name) {
      cells[name] = { dt: h("dt"), dd: h("dd", { "data-field": name }) };
      cells[name].box = h("div", { class: "bp-number" }, [cells[name].dt, cells[name].dd]);
      dl.appendChild(cells[name].box);
    });
    var status = h("p", { class: "bp-status", "data-field": "status" });
    var live = h("div", { class: "bp-live", "aria-live": "polite", "aria-atomic": "true" }, [dl, status]);
    return { cells: cells, status: status, live: live };
  }

  function label(ro, fn, momentum) {
    var two = fn.dims === 2, c = ro.cells;
    c.step.dt.textContent = "step k";
    c.x.dt.textContent = two ? "(x, y)" : "x";
    c.f.dt.textContent = two ? "f(x, y)" : "f(x)";
    c.slope.dt.textContent = two ? "gradient ∇f" : "slope f′(x)";
    c.velocity.dt.textContent = "velocity v";
    c.velocity.box.hidden = !momentum;
    c.size.dt.textContent = momentum ? "step lr × v" : two ? "step lr × ∇f" : "step lr × slope";
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

  // The numbers of step k: after a divergence, the last step whose numbers are all finite.
  function showNumbers(ro, run, k) {
    var next = run.nextStep();
    setNum(ro.cells.step.dd, k);
    putVector(ro.cells.x.dd, run.xs[k], "x");
    setNum(ro.cells.f.dd, run.fs[k]);
    putVector(ro.cells.slope.dd, run.gs[k], "slope");
    if (k !== run.steps()) {
      next = { v: run.vs[k + 1], step: run.vs[k + 1].map(function (a) { return run.lr * a; }) };
    }
    var plain = run.beta === null;
    putVector(ro.cells.velocity.dd, plain ? run.gs[k] : next.v, "velocity");
    putVector(ro.cells.size.dd, next.step, "size");
  }

  function state(run) {
    if (run.diverged) return "diverged";
    if (run.converged) return "converged";
    if (run.steps() >= run.rules.steps) return run.twoCycle() ? "oscillating" : "stopped";
    return "running";
  }

  function steps(k) {
    return k === 1 ? "1 step" : k + " steps";
  }

  // The hint under the plot: plain descent's, or with momentum on the limit for the chosen β.
  function hintText(cfg, fn, beta) {
    if (beta === null || !fn.curvature) return fn.hint;
    var a = fn.curvature, fill = {
      curvature: fmt(a), beta: fmt(beta), limit: fmt(2 * (1 + beta) / a), plain: fmt(2 / a),
    };
    return cfg.momentum_hint.replace(/\{(\w+)\}/g, function (_, key) { return fill[key]; });
  }

  function statusText(run, st, shown) {
    var k = run.steps(), lr = fmt(run.lr);
    var rule = run.beta !== null ? "lr × v" : run.xs[0].length === 2 ? "lr × ∇f" : "lr × slope";
    var cycle = run.twoCycle(), point = run.xs[0].length === 1 ? "x" : "the point";
    if (st === "diverged") {
      return "Diverged at step " + k + " with lr = " + lr + ": " + run.problem + ". Each step overshoots " +
        "further; try a smaller lr. The numbers are step " + shown + "'s, the last finite ones.";
    }
    if (st === "converged") return "Converged after " + steps(k) + ": the next step, " + rule + ", would be smaller than " + fmt(run.rules.tol) + ".";
    if (st === "oscillating") {
      return "Settled into a two-point oscillation: after " + steps(k) + " " + point + " still jumps between " +
        vfmt(cycle[0]) + " and " + vfmt(cycle[1]) + " and back, so it never converges. Try a smaller lr.";
    }
    if (st === "stopped") return "Stopped after " + steps(k) + " without settling (gradient_descent's default steps=" + run.rules.steps + ").";
    if (cycle) return "Step " + k + " taken: " + point + " jumps between " + vfmt(cycle[0]) + " and " + vfmt(cycle[1]) + ".";
    return k === 0 ? "At the start. Press Step to take one step, x ← x − " + rule + "." : "Step " + k + " taken.";
  }

  // Play and pause: a timer that calls `advance` until `stop()`.
  function player(c, live, advance) {
    var timer = null;
    function stop() {
      if (timer !== null) {
        clearInterval(timer);
        timer = null;
      }
      c.play.textContent = "Play";
      c.play.setAttribute("aria-pressed", "false");
      live.removeAttribute("aria-busy");
    }
    function start() {
      c.play.textContent = "Pause";
      c.play.setAttribute("aria-pressed", "true");
      live.setAttribute("aria-busy", "true");
      timer = setInterval(advance, 90);
    }
    return { stop: stop, start: start, playing: function () { return timer !== null; } };
  }

  // ---------------------------------------------------------------- the widget

  function init(root, cfg) {
    var c = controls(cfg), ro = readout();
    var hint = h("p", { class: "bp-hint" });
    var svg = s("svg", { class: "bp-plot", role: "img", "aria-label": "The function and the path of descent" });
    var clipId = W.uid("clip");
    [h("p", { class: "bp-widget__title" }, ["Try it: a descent playground"]), c.fields, c.buttons,
      h("div", { class: "bp-plot-wrap" }, [svg]), ro.live, hint].forEach(function (el) { root.appendChild(el); });
    var fn, run, play = player(c, ro.live, advance);

    function configure(key) {
      fn = Object.assign({}, cfg.functions[key], FUNCTIONS[key]);
      c.select.value = key;
      c.startX.set(fn.sliders.x0, fn.x0[0]);
      c.startY.wrap.hidden = fn.dims !== 2;
      if (fn.dims === 2) c.startY.set(fn.sliders.y0, fn.x0[1]);
      c.rate.set(fn.sliders.lr, fn.lr);
      root.setAttribute("data-function", key);
    }

    // A fresh run from the controls, taken to `steps` updates (or as far as it goes).
    function restart(steps) {
      var x0 = fn.dims === 2 ? [c.startX.value(), c.startY.value()] : [c.startX.value()];
      var beta = c.momentum.checked ? c.beta.value() : null;
      c.beta.wrap.hidden = beta === null;
      hint.textContent = hintText(cfg, fn, beta);
      run = new Run(fn, cfg.rules, x0, c.rate.value(), beta);
      root.setAttribute("data-x0", x0.map(String).join(","));
      root.setAttribute("data-lr", String(run.lr));
      root.setAttribute("data-beta", beta === null ? "" : String(beta));
      for (var i = 0; i < steps; i++) if (!run.step()) break;
      render();
    }

    function render() {
      var st = state(run), shown = run.diverged ? run.lastFinite() : run.steps();
      label(ro, fn, run.beta !== null);
      showNumbers(ro, run, shown);
      root.setAttribute("data-state", st);
      root.setAttribute("data-step", String(run.steps()));
      root.setAttribute("data-shown", String(shown));
      ro.status.classList.toggle("bp-warning", st === "diverged" || st === "oscillating");
      ro.status.textContent = statusText(run, st, shown);
      var ended = run.done();
      W.setDisabled(c.step, ended);
      W.setDisabled(c.end, ended);
      W.setDisabled(c.play, ended && !play.playing());
      if (ended) play.stop();
      draw(svg, fn, run, clipId, cfg.levels);
    }

    function advance() {
      run.step();
      render();
    }

    c.step.addEventListener("click", advance);
    c.end.addEventListener("click", function () {
      play.stop();
      while (run.step()) { /* to the end, as gradient_descent(steps=1000) */ }
      render();
    });
    c.play.addEventListener("click", function () {
      if (play.playing()) {
        play.stop();
        render();
      } else if (!run.done()) play.start();
    });
    c.reset.addEventListener("click", function () {
      play.stop();
      restart(0);
    });
    [c.startX, c.startY, c.rate, c.beta].forEach(function (sl) {
      sl.input.addEventListener("input", function () { restart(run.steps()); });
    });
    c.momentum.addEventListener("change", function () { restart(run.steps()); });
    c.select.addEventListener("change", function () {
      play.stop();
      configure(c.select.value);
      restart(0);
    });

    configure(cfg.functions[cfg.start] ? cfg.start : Object.keys(cfg.functions)[0]);
    restart(0);
  }

  W.register("descent", init);
})();
