// The backpropagation stepper of the graphs chapter (docs/graphs.md,
// docs_src/widgets/backprop-stepper.md).
//
// Two small graphs, the page's L = (x y + y - t)^2 and its sigmoid neuron with a squared error.
// Their nodes (in Value's topological order, with each node's operation and inputs), default
// inputs and layout come from data-config, printed from the Value graphs that
// figures.widgets.stepper_graph builds. Here are only the operations: each computes its value
// and local gradients as backprop.autograd.Value does. The reader steps through the forward
// pass node by node, then the backward pass edge by edge, in the order Value.backward walks
// them: each edge adds upstream gradient x local gradient to its source.
(function () {
  "use strict";
  var W = window.BPWidgets;
  if (!W) return;
  var h = W.h, s = W.s, fmt = W.fmt, setNum = W.setNum;

  // The smallest scale a graph is drawn at: its text (15 units) stays >= 9 CSS px, and a graph
  // wider than the column scrolls sideways instead of shrinking further.
  var MIN_SCALE = 0.62;

  // Each operation of Value (by its op string): the value and the local gradients.
  var OPS = {
    "*": {
      sym: "×",
      fwd: function (a, b) { return { data: a * b, locals: [b, a] }; },
      local: function (g, i) { return "∂" + g.out + "/∂" + g.ins[i] + " = " + g.ins[1 - i]; },
    },
    "+": {
      sym: "+",
      fwd: function (a, b) { return { data: a + b, locals: [1, 1] }; },
      local: function (g, i) { return "∂" + g.out + "/∂" + g.ins[i]; },
    },
    "-": {
      sym: "−",
      fwd: function (a, b) { return { data: a - b, locals: [1, -1] }; },
      local: function (g, i) { return "∂" + g.out + "/∂" + g.ins[i]; },
    },
    "**2": {
      sym: "²",
      fwd: function (a) { return { data: Math.pow(a, 2), locals: [2 * Math.pow(a, 1)] }; },
      local: function (g) { return "∂" + g.out + "/∂" + g.ins[0] + " = 2" + g.ins[0]; },
    },
    sigmoid: {
      sym: "σ",
      fwd: function (a) {
        var sg;
        if (a >= 0) sg = 1 / (1 + Math.exp(-a));
        else {
          var e = Math.exp(a);
          sg = e / (1 + e);
        }
        return { data: sg, locals: [sg * (1 - sg)] };
      },
      local: function (g) { return "∂" + g.out + "/∂" + g.ins[0] + " = " + g.out + "(1 − " + g.out + ")"; },
    },
  };

  // A number inside a formula: negative ones in parentheses, so "−9 − (−7)" reads right.
  function paren(x) {
    var t = fmt(x);
    return x < 0 ? "(" + t + ")" : t;
  }

  // How a node is computed, in names ("q = x × y") or, given numbers, in numbers ("2 × (−3)").
  function formula(n, args, numbers) {
    var a = numbers ? args.map(paren) : args;
    if (numbers && n.op !== "**2") a[0] = fmt(args[0]); // a leading minus reads unambiguously
    if (n.op === "**2") return a[0] + "²";
    if (n.op === "sigmoid") return "σ(" + (numbers ? fmt(args[0]) : a[0]) + ")";
    return a[0] + " " + OPS[n.op].sym + " " + a[1];
  }

  // ---------------------------------------------------------------- the passes

  // Everything the stepper can show, for one graph and one set of inputs.
  function compute(graph, inputs) {
    var byId = {}, edges = [];
    graph.nodes.forEach(function (n) {
      var rec = { def: n, data: NaN, locals: [] };
      if (!n.op) rec.data = inputs[n.id];
      else {
        var r = OPS[n.op].fwd.apply(null, n.ins.map(function (p) { return byId[p].data; }));
        rec.data = r.data;
        rec.locals = r.locals;
      }
      byId[n.id] = rec;
    });
    // Backward order: nodes from the output back, each node's parents in order (Value.backward).
    var out = graph.nodes[graph.nodes.length - 1].id;
    var grads = {};
    grads[out] = 1;
    graph.nodes.slice().reverse().forEach(function (n) {
      if (!n.op) return;
      n.ins.forEach(function (p, i) {
        var up = grads[n.id], local = byId[n.id].locals[i];
        var down = local * up;
        var before = grads[p];
        grads[p] = (before === undefined ? 0 : before) + down;
        edges.push({ source: p, target: n.id, index: i, upstream: up, local: local, downstream: down, after: grads[p] });
      });
    });
    // The steps: forward node by node, the seed dL/dL = 1, then backward edge by edge.
    var steps = [{ kind: "start" }];
    graph.nodes.forEach(function (n) { if (n.op) steps.push({ kind: "forward", node: n.id }); });
    steps.push({ kind: "seed", node: out });
    edges.forEach(function (e, k) { steps.push({ kind: "edge", edge: k }); });
    return { byId: byId, edges: edges, steps: steps, out: out };
  }

  // What is known after step k: the forward values and the gradients accumulated so far.
  function known(graph, model, k) {
    var seen = {}, grads = {}, doneEdges = {};
    Object.keys(graph.inputs).forEach(function (n) { seen[n] = true; });
    for (var i = 1; i <= k; i++) {
      var st = model.steps[i];
      if (st.kind === "forward") seen[st.node] = true;
      else if (st.kind === "seed") grads[st.node] = 1;
      else if (st.kind === "edge") {
        var e = model.edges[st.edge];
        grads[e.source] = e.after;
        doneEdges[st.edge] = true;
      }
    }
    return { seen: seen, grads: grads, edges: doneEdges };
  }

  // ---------------------------------------------------------------- the words

  function describe(graph, model, k) {
    var st = model.steps[k], last = model.steps.length - 1;
    var fw = graph.nodes.filter(function (n) { return n.op; }).length;
    if (st.kind === "start") {
      return ["Step 0 of " + last + ": the inputs are set.", "Press Next step to run the forward pass, one node at a time."];
    }
    if (st.kind === "forward") {
      var n = model.byId[st.node], d = n.def;
      var args = d.ins.map(function (p) { return model.byId[p].data; });
      return ["Forward pass, node " + k + " of " + fw + ".",
        st.node + " = " + formula(d, d.ins) + " = " + formula(d, args, true) + " = " + fmt(n.data)];
    }
    if (st.kind === "seed") {
      return ["Backward pass starts at the output.", "∂" + model.out + "/∂" + model.out + " = 1: the output's gradient with respect to itself."];
    }
    var e = model.edges[st.edge], target = graph.nodes.filter(function (m) { return m.id === e.target; })[0];
    return ["Backward pass, edge " + (st.edge + 1) + " of " + model.edges.length + (k === last ? " (the last one)." : "."),
      "Edge " + e.source + " → " + e.target + ": upstream ∂L/∂" + e.target + " = " + fmt(e.upstream) +
      " × local " + OPS[target.op].local({ out: e.target, ins: target.ins }, e.index) + " = " + fmt(e.local) +
      " gives " + fmt(e.downstream) + "; ∂L/∂" + e.source + " is now " + fmt(e.after) + "."];
  }

  function fillEdges(tbody, model, st, kn) {
    W.clear(tbody);
    model.edges.forEach(function (e, k) {
      var current = st.kind === "edge" && st.edge === k;
      var row = h("tr", { "data-edge": e.source + "->" + e.target, class: current ? "bp-current-row" : null });
      row.appendChild(h("td", { text: e.source + " → " + e.target }));
      ["upstream", "local", "downstream"].forEach(function (f) {
        var td = h("td", { "data-col": f });
        if (kn.edges[k]) setNum(td, e[f], 6);
        else td.textContent = "·";
        row.appendChild(td);
      });
      tbody.appendChild(row);
    });
  }

  // ---------------------------------------------------------------- the graph

  function drawEdges(graph, model, st, kn, box, markerId) {
    var pos = {}, layer = s("g", { class: "bp-edges-layer" });
    graph.nodes.forEach(function (n) { pos[n.id] = n; });
    model.edges.forEach(function (e, k) {
      var a = pos[e.source], b = pos[e.target];
      var x1 = a.x + box[0] / 2, y1 = a.y, x2 = b.x - box[0] / 2, y2 = b.y;
      if (b.ins.length > 1) y2 += (e.index === 0 ? -1 : 1) * 12;
      var current = st.kind === "edge" && st.edge === k;
      var g = s("g", { class: "bp-edge" + (current ? " bp-edge--current" : "") + (kn.edges[k] ? " bp-edge--done" : ""), "data-edge": e.source + "->" + e.target });
      g.appendChild(s("line", { x1: x1, y1: y1, x2: x2, y2: y2, "marker-end": "url(#" + markerId + ")" }));
      if (kn.edges[k]) {
        var t = s("text", { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 6, "text-anchor": "middle", class: "bp-edge-label" });
        setNum(t, e.downstream, 2); // a glance: the table has 6 digits
        g.appendChild(t);
      }
      layer.insertBefore(g, layer.firstChild);
    });
    return layer;
  }

  function drawNode(n, model, st, kn, box) {
    var rec = model.byId[n.id], isOut = n.id === model.out;
    var current = (st.kind === "forward" && st.node === n.id) || (st.kind === "seed" && isOut) ||
      (st.kind === "edge" && model.edges[st.edge].source === n.id);
    var g = s("g", { class: "bp-node" + (n.op ? "" : " bp-node--input") + (isOut ? " bp-node--output" : "") + (current ? " bp-node--current" : ""), "data-node": n.id });
    g.appendChild(s("rect", { x: n.x - box[0] / 2, y: n.y - box[1] / 2, width: box[0], height: box[1], rx: 7 }));
    var title = n.op ? n.id + " = " + formula(n, n.ins).replace(/ /g, "") : n.id;
    g.appendChild(s("text", { x: n.x, y: n.y - 12, "text-anchor": "middle", class: "bp-node-title", text: title }));
    var val = s("text", { x: n.x, y: n.y + 6, "text-anchor": "middle", class: "bp-node-value", "data-role": "value" });
    if (kn.seen[n.id]) setNum(val, rec.data, 4);
    else val.textContent = "?";
    g.appendChild(val);
    var gr = s("text", { x: n.x, y: n.y + 23, "text-anchor": "middle", class: "bp-node-grad", "data-role": "grad" });
    if (kn.grads[n.id] !== undefined) {
      gr.textContent = "grad " + fmt(kn.grads[n.id], 3);
      gr.setAttribute("data-value", String(kn.grads[n.id]));
    } else gr.textContent = "grad ·";
    g.appendChild(gr);
    return g;
  }

  function drawGraph(svg, graph, model, k, box) {
    var st = model.steps[k], kn = known(graph, model, k);
    svg.setAttribute("viewBox", "0 0 " + graph.width + " " + graph.height);
    svg.setAttribute("aria-label", "The graph of " + graph.title + ", with the values and gradients known so far");
    svg.style.minWidth = Math.round(graph.width * MIN_SCALE) + "px";
    svg.style.maxWidth = graph.width + "px";
    W.clear(svg);
    var markerId = W.uid("arrow");
    svg.appendChild(s("defs", null, [
      s("marker", { id: markerId, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, [
        s("path", { d: "M0 0L10 5L0 10z", class: "bp-arrowhead" }),
      ]),
    ]));
    svg.appendChild(drawEdges(graph, model, st, kn, box, markerId));
    graph.nodes.forEach(function (n) { svg.appendChild(drawNode(n, model, st, kn, box)); });
    return kn;
  }

  // ---------------------------------------------------------------- the widget's parts

  function controls(cfg) {
    var selectId = W.uid("graph");
    var c = {
      select: h("select", { id: selectId, "data-control": "graph" }, Object.keys(cfg.graphs).map(function (g) {
        return h("option", { value: g, text: cfg.graphs[g].title });
      })),
      inputs: h("div", { class: "bp-controls bp-inputs" }),
      error: h("p", { class: "bp-input-error", "data-field": "input-error", role: "alert", hidden: true }),
      back: W.button("◀ Back", "back"),
      next: W.button("Next step ▶", "next"),
      end: W.button("To the end", "end"),
      reset: W.button("Reset", "reset"),
    };
    c.field = h("div", { class: "bp-controls" }, [h("div", { class: "bp-field" }, [h("label", { for: selectId }, ["graph"]), c.select])]);
    c.buttons = h("div", { class: "bp-buttons" }, [c.back, c.next, c.end, c.reset]);
    return c;
  }

  // The message under the number fields: which of them hold no number, and what is used instead.
  function inputError(c, bad, values) {
    var names = Object.keys(bad);
    c.error.hidden = names.length === 0;
    c.error.textContent = names.map(function (name) {
      return name + (bad[name] === "empty" ? " is empty" : " is not a number") + "; the graph keeps " + name + " = " + fmt(values[name]) + ".";
    }).join(" ");
  }

  // One number field per input; `changed(name, value)` when it holds a number again.
  function buildInputs(c, graph, values, changed) {
    W.clear(c.inputs);
    var bad = {};
    inputError(c, bad, values);
    Object.keys(graph.inputs).forEach(function (name) {
      var id = W.uid("in-" + name);
      var input = h("input", { type: "number", id: id, step: "any", value: String(values[name]), "data-input": name, inputmode: "decimal", "aria-describedby": c.error.id });
      input.addEventListener("input", function () {
        var v = parseFloat(input.value);
        if (input.value.trim() === "" || !Number.isFinite(v)) {
          bad[name] = input.validity && input.validity.badInput ? "bad" : input.value.trim() === "" ? "empty" : "bad";
          input.setAttribute("aria-invalid", "true");
        } else {
          delete bad[name];
          input.removeAttribute("aria-invalid");
          changed(name, v);
        }
        inputError(c, bad, values);
      });
      c.inputs.appendChild(h("div", { class: "bp-field bp-field--number" }, [h("label", { for: id }, [name]), input]));
    });
  }

  // ---------------------------------------------------------------- the widget

  function init(root, cfg) {
    var key = Object.keys(cfg.graphs)[0], values = {}, stepIndex = 0, model;
    Object.keys(cfg.graphs).forEach(function (g) { values[g] = Object.assign({}, cfg.graphs[g].inputs); });
    var c = controls(cfg);
    c.error.id = W.uid("input-error");
    var svg = s("svg", { class: "bp-plot bp-graph", role: "img" });
    var wrap = h("div", { class: "bp-plot-wrap bp-graph-wrap", tabindex: "0", role: "region", "aria-label": "The graph (scrolls sideways when wider than the page)" }, [svg]);
    var hint = h("p", { class: "bp-hint bp-scroll-hint", hidden: true, text: "The graph is wider than the screen: scroll it sideways to see all of it." });
    var phase = h("p", { class: "bp-phase", "data-field": "phase" });
    var say = h("p", { class: "bp-status", "data-field": "status" });
    var live = h("div", { class: "bp-live", "aria-live": "polite", "aria-atomic": "true" }, [phase, say]);
    var tbody = h("tbody");
    var table = h("table", { class: "bp-table bp-edges" }, [
      h("caption", null, ["The backward pass, edge by edge: upstream × local = downstream"]),
      h("thead", null, [h("tr", null, ["edge", "upstream", "× local", "= downstream"].map(function (t) {
        return h("th", { scope: "col", text: t });
      }))]),
      tbody,
    ]);
    root.appendChild(h("p", { class: "bp-widget__title" }, ["Try it: step through both passes"]));
    [c.field, c.inputs, c.error, c.buttons, live, hint, wrap].forEach(function (el) { root.appendChild(el); });
    root.appendChild(h("div", { class: "bp-table-scroll", tabindex: "0", role: "region", "aria-label": "Edges of the backward pass" }, [table]));

    // The hint shows only while the graph is wider than its box (a narrow screen).
    function showHint() {
      hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1;
    }
    if (window.ResizeObserver) new ResizeObserver(showHint).observe(wrap);

    function recompute() {
      model = compute(cfg.graphs[key], values[key]);
      stepIndex = Math.min(stepIndex, model.steps.length - 1);
      render();
    }

    function render() {
      var graph = cfg.graphs[key], st = model.steps[stepIndex], last = model.steps.length - 1;
      root.setAttribute("data-graph", key);
      root.setAttribute("data-step", String(stepIndex));
      root.setAttribute("data-steps", String(last));
      root.setAttribute("data-phase", st.kind === "start" ? "start" : st.kind === "forward" ? "forward" : stepIndex === last ? "done" : "backward");
      W.setDisabled(c.back, stepIndex === 0);
      W.setDisabled(c.next, stepIndex === last);
      W.setDisabled(c.end, stepIndex === last);
      var words = describe(graph, model, stepIndex);
      phase.textContent = words[0];
      say.textContent = words[1];
      var kn = drawGraph(svg, graph, model, stepIndex, cfg.box);
      fillEdges(tbody, model, st, kn);
      showHint();
    }

    function fresh() {
      stepIndex = 0;
      buildInputs(c, cfg.graphs[key], values[key], function (name, v) {
        values[key][name] = v;
        recompute();
      });
      recompute();
    }

    c.back.addEventListener("click", function () { if (stepIndex > 0) { stepIndex -= 1; render(); } });
    c.next.addEventListener("click", function () { if (stepIndex < model.steps.length - 1) { stepIndex += 1; render(); } });
    c.end.addEventListener("click", function () { stepIndex = model.steps.length - 1; render(); });
    c.reset.addEventListener("click", function () {
      values[key] = Object.assign({}, cfg.graphs[key].inputs);
      fresh();
    });
    c.select.addEventListener("change", function () {
      key = c.select.value;
      fresh();
    });
    fresh();
  }

  W.register("backprop-stepper", init);
})();
