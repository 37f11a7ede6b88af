// The backpropagation stepper of chapter 4 (docs/graphs.md, docs_src/widgets/backprop-stepper.md).
//
// Two small graphs, the page's L = (x y + y - t)^2 and its sigmoid neuron with a squared error,
// with the nodes, edges and local gradients that backprop.autograd.Value records for them
// (backprop.plot.widgets.stepper_graph builds the same graphs in Python). The reader steps
// through the forward pass node by node, then the backward pass edge by edge, in the order
// Value.backward walks them: each edge adds upstream gradient x local gradient to its source.
(function () {
  "use strict";
  var W = window.BPWidgets;
  if (!W) return;
  var h = W.h, s = W.s, fmt = W.fmt, setNum = W.setNum;

  // Each operation: the value and the local gradients, computed as Value computes them.
  var OPS = {
    mul: {
      sym: "×",
      fwd: function (a, b) { return { data: a * b, locals: [b, a] }; },
      local: function (g, i) { return "∂" + g.out + "/∂" + g.ins[i] + " = " + g.ins[1 - i]; },
    },
    add: {
      sym: "+",
      fwd: function (a, b) { return { data: a + b, locals: [1, 1] }; },
      local: function (g, i) { return "∂" + g.out + "/∂" + g.ins[i]; },
    },
    sub: {
      sym: "−",
      fwd: function (a, b) { return { data: a - b, locals: [1, -1] }; },
      local: function (g, i) { return "∂" + g.out + "/∂" + g.ins[i]; },
    },
    square: {
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

  // Nodes in Value's topological order; x, y: box centres in the SVG.
  var GRAPHS = {
    expression: {
      title: "L = (x y + y − t)²",
      width: 656, height: 250,
      inputs: { x: 2, y: -3, t: -7 },
      nodes: [
        { id: "x", x: 46, y: 48 },
        { id: "y", x: 46, y: 190 },
        { id: "q", op: "mul", ins: ["x", "y"], x: 186, y: 48 },
        { id: "z", op: "add", ins: ["q", "y"], x: 326, y: 100 },
        { id: "t", x: 326, y: 205 },
        { id: "d", op: "sub", ins: ["z", "t"], x: 466, y: 150 },
        { id: "L", op: "square", ins: ["d"], x: 606, y: 150 },
      ],
    },
    neuron: {
      title: "L = (σ(x1 w1 + x2 w2 + b) − t)²",
      width: 830, height: 330,
      inputs: { x1: 1, w1: 0.5, x2: -2, w2: 0.25, b: 0.1, t: 1 },
      nodes: [
        { id: "x1", x: 44, y: 40 },
        { id: "w1", x: 44, y: 120 },
        { id: "p1", op: "mul", ins: ["x1", "w1"], x: 170, y: 80 },
        { id: "x2", x: 44, y: 210 },
        { id: "w2", x: 44, y: 290 },
        { id: "p2", op: "mul", ins: ["x2", "w2"], x: 170, y: 250 },
        { id: "s", op: "add", ins: ["p1", "p2"], x: 296, y: 165 },
        { id: "b", x: 296, y: 275 },
        { id: "n", op: "add", ins: ["s", "b"], x: 422, y: 220 },
        { id: "a", op: "sigmoid", ins: ["n"], x: 548, y: 220 },
        { id: "t", x: 548, y: 100 },
        { id: "e", op: "sub", ins: ["a", "t"], x: 674, y: 160 },
        { id: "L", op: "square", ins: ["e"], x: 786, y: 160 },
      ],
    },
  };
  var BOX_W = 84, BOX_H = 60;

  // Everything the stepper can show, for one graph and one set of inputs.
  function compute(graph, inputs) {
    var byId = {}, edges = [];
    graph.nodes.forEach(function (n) {
      var rec = { def: n, data: NaN, locals: [], edges: [] };
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
    var computed = graph.nodes.filter(function (n) { return n.op; });
    // The steps: forward node by node, the seed dL/dL = 1, then backward edge by edge.
    var steps = [{ kind: "start" }];
    computed.forEach(function (n) { steps.push({ kind: "forward", node: n.id }); });
    steps.push({ kind: "seed", node: out });
    edges.forEach(function (e, k) { steps.push({ kind: "edge", edge: k }); });
    return { byId: byId, edges: edges, steps: steps, out: out, grads: grads };
  }

  function edgeText(graph, e) {
    var n = graph.nodes.filter(function (m) { return m.id === e.target; })[0];
    return OPS[n.op].local({ out: e.target, ins: n.ins }, e.index);
  }

  function init(root) {
    var key = "expression";
    var values = {};
    Object.keys(GRAPHS).forEach(function (g) { values[g] = Object.assign({}, GRAPHS[g].inputs); });
    var stepIndex = 0, model;

    var selectId = W.uid("graph");
    var select = h("select", { id: selectId, "data-control": "graph" }, Object.keys(GRAPHS).map(function (g) {
      return h("option", { value: g, text: GRAPHS[g].title });
    }));
    var inputsBox = h("div", { class: "bp-controls bp-inputs" });
    var back = W.button("◀ Back", "back");
    var next = W.button("Next step ▶", "next");
    var end = W.button("To the end", "end");
    var reset = W.button("Reset", "reset");
    var svg = s("svg", { class: "bp-plot bp-graph", role: "img" });
    var wrap = h("div", { class: "bp-plot-wrap bp-graph-wrap", tabindex: "0", role: "region", "aria-label": "The graph (scrolls sideways on narrow screens)" }, [svg]);
    var phase = h("p", { class: "bp-phase", "data-field": "phase" });
    var say = h("p", { class: "bp-status", "data-field": "status" });
    var live = h("div", { class: "bp-live", "aria-live": "polite", "aria-atomic": "true" }, [phase, say]);
    var tbody = h("tbody");
    var table = h("table", { class: "bp-table bp-edges" }, [
      h("caption", null, ["The backward pass, edge by edge: upstream × local = downstream"]),
      h("thead", null, [h("tr", null, [
        h("th", { scope: "col", text: "edge" }),
        h("th", { scope: "col", text: "upstream" }),
        h("th", { scope: "col", text: "× local" }),
        h("th", { scope: "col", text: "= downstream" }),
      ])]),
      tbody,
    ]);

    root.appendChild(h("p", { class: "bp-widget__title" }, ["Try it: step through both passes"]));
    root.appendChild(h("div", { class: "bp-controls" }, [
      h("div", { class: "bp-field" }, [h("label", { for: selectId }, ["graph"]), select]),
    ]));
    root.appendChild(inputsBox);
    root.appendChild(h("div", { class: "bp-buttons" }, [back, next, end, reset]));
    root.appendChild(live);
    root.appendChild(wrap);
    root.appendChild(h("p", { class: "bp-hint bp-narrow-only", text: "On a narrow screen, scroll the graph sideways to see all of it." }));
    root.appendChild(h("div", { class: "bp-table-scroll", tabindex: "0", role: "region", "aria-label": "Edges of the backward pass" }, [table]));

    function buildInputs() {
      while (inputsBox.firstChild) inputsBox.removeChild(inputsBox.firstChild);
      Object.keys(GRAPHS[key].inputs).forEach(function (name) {
        var id = W.uid("in-" + name);
        var input = h("input", { type: "number", id: id, step: "any", value: String(values[key][name]), "data-input": name, inputmode: "decimal" });
        input.addEventListener("input", function () {
          var v = parseFloat(input.value);
          if (!Number.isFinite(v) || input.value.trim() === "") {
            input.setAttribute("aria-invalid", "true");
            return;
          }
          input.removeAttribute("aria-invalid");
          values[key][name] = v;
          recompute();
        });
        inputsBox.appendChild(h("div", { class: "bp-field bp-field--number" }, [h("label", { for: id }, [name]), input]));
      });
    }

    function recompute() {
      model = compute(GRAPHS[key], values[key]);
      stepIndex = Math.min(stepIndex, model.steps.length - 1);
      render();
    }

    // What is known after step `k`: forward values and gradients accumulated so far.
    function known(k) {
      var seen = {}, grads = {}, doneEdges = {};
      Object.keys(GRAPHS[key].inputs).forEach(function (n) { seen[n] = true; });
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

    function render() {
      var graph = GRAPHS[key], st = model.steps[stepIndex], kn = known(stepIndex);
      var last = model.steps.length - 1;
      root.setAttribute("data-graph", key);
      root.setAttribute("data-step", String(stepIndex));
      root.setAttribute("data-steps", String(last));
      root.setAttribute("data-phase", st.kind === "start" ? "start" : st.kind === "forward" ? "forward" : stepIndex === last ? "done" : "backward");
      W.setDisabled(back, stepIndex === 0);
      W.setDisabled(next, stepIndex === last);
      W.setDisabled(end, stepIndex === last);

      // the words
      var fw = graph.nodes.filter(function (n) { return n.op; }).length;
      if (st.kind === "start") {
        phase.textContent = "Step 0 of " + last + ": the inputs are set.";
        say.textContent = "Press Next step to run the forward pass, one node at a time.";
      } else if (st.kind === "forward") {
        var n = model.byId[st.node], d = n.def, op = OPS[d.op];
        var args = d.ins.map(function (p) { return fmt(model.byId[p].data); });
        var formula = d.op === "square" ? d.ins[0] + "²" : d.op === "sigmoid" ? "σ(" + d.ins[0] + ")" : d.ins[0] + " " + op.sym + " " + d.ins[1];
        var numbers = d.op === "square" ? "(" + args[0] + ")²" : d.op === "sigmoid" ? "σ(" + args[0] + ")" : args.join(" " + op.sym + " ");
        phase.textContent = "Forward pass, node " + stepIndex + " of " + fw + ".";
        say.textContent = st.node + " = " + formula + " = " + numbers + " = " + fmt(n.data);
      } else if (st.kind === "seed") {
        phase.textContent = "Backward pass starts at the output.";
        say.textContent = "∂" + model.out + "/∂" + model.out + " = 1: the output's gradient with respect to itself.";
      } else {
        var e = model.edges[st.edge];
        phase.textContent = "Backward pass, edge " + (st.edge + 1) + " of " + model.edges.length + (stepIndex === last ? " (the last one)." : ".");
        say.textContent = "Edge " + e.source + " → " + e.target + ": upstream ∂L/∂" + e.target + " = " + fmt(e.upstream) +
          " × local " + edgeText(graph, e) + " = " + fmt(e.local) + " gives " + fmt(e.downstream) + "; ∂L/∂" + e.source +
          " is now " + fmt(e.after) + ".";
      }

      // the table of edges
      while (tbody.firstChild) tbody.removeChild(tbody.firstChild);
      model.edges.forEach(function (e, k) {
        var doneE = kn.edges[k];
        var current = st.kind === "edge" && st.edge === k;
        var row = h("tr", { "data-edge": e.source + "->" + e.target, class: current ? "bp-current-row" : null });
        row.appendChild(h("td", { text: e.source + " → " + e.target }));
        ["upstream", "local", "downstream"].forEach(function (f) {
          var td = h("td", { "data-col": f });
          if (doneE) setNum(td, e[f], 6);
          else td.textContent = "·";
          row.appendChild(td);
        });
        tbody.appendChild(row);
      });

      // the graph
      svg.setAttribute("viewBox", "0 0 " + graph.width + " " + graph.height);
      svg.setAttribute("aria-label", "The graph of " + graph.title + ", with the values and gradients known so far");
      wrap.classList.toggle("bp-graph-wrap--wide", graph.width > 700);
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      var markerId = W.uid("arrow");
      svg.appendChild(s("defs", null, [
        s("marker", { id: markerId, viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, [
          s("path", { d: "M0 0L10 5L0 10z", class: "bp-arrowhead" }),
        ]),
      ]));
      var pos = {};
      graph.nodes.forEach(function (n) { pos[n.id] = n; });
      var edgeLayer = s("g", { class: "bp-edges-layer" });
      model.edges.slice().reverse().forEach(function (e) {
        var k = model.edges.indexOf(e);
        var a = pos[e.source], b = pos[e.target];
        var x1 = a.x + BOX_W / 2, y1 = a.y, x2 = b.x - BOX_W / 2, y2 = b.y;
        var nIns = b.ins.length;
        if (nIns > 1) y2 += (e.index === 0 ? -1 : 1) * 12;
        var current = st.kind === "edge" && st.edge === k;
        var g = s("g", { class: "bp-edge" + (current ? " bp-edge--current" : "") + (kn.edges[k] ? " bp-edge--done" : ""), "data-edge": e.source + "->" + e.target });
        g.appendChild(s("line", { x1: x1, y1: y1, x2: x2, y2: y2, "marker-end": "url(#" + markerId + ")" }));
        if (kn.edges[k]) {
          var t = s("text", { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 5, "text-anchor": "middle", class: "bp-edge-label" });
          setNum(t, e.downstream, 4);
          g.appendChild(t);
        }
        edgeLayer.appendChild(g);
      });
      svg.appendChild(edgeLayer);
      graph.nodes.forEach(function (n) {
        var rec = model.byId[n.id];
        var isOut = n.id === model.out;
        var current = (st.kind === "forward" && st.node === n.id) || (st.kind === "seed" && isOut) ||
          (st.kind === "edge" && model.edges[st.edge].source === n.id);
        var g = s("g", { class: "bp-node" + (n.op ? "" : " bp-node--input") + (isOut ? " bp-node--output" : "") + (current ? " bp-node--current" : ""), "data-node": n.id });
        g.appendChild(s("rect", { x: n.x - BOX_W / 2, y: n.y - BOX_H / 2, width: BOX_W, height: BOX_H, rx: 7 }));
        var title = n.op ? n.id + " = " + (n.op === "square" ? n.ins[0] + "²" : n.op === "sigmoid" ? "σ(" + n.ins[0] + ")" : n.ins[0] + OPS[n.op].sym + n.ins[1]) : n.id;
        g.appendChild(s("text", { x: n.x, y: n.y - 12, "text-anchor": "middle", class: "bp-node-title", text: title }));
        var val = s("text", { x: n.x, y: n.y + 6, "text-anchor": "middle", class: "bp-node-value", "data-role": "value" });
        if (kn.seen[n.id]) setNum(val, rec.data, 4);
        else val.textContent = "?";
        g.appendChild(val);
        var gr = s("text", { x: n.x, y: n.y + 23, "text-anchor": "middle", class: "bp-node-grad", "data-role": "grad" });
        if (kn.grads[n.id] !== undefined) {
          gr.textContent = "grad " + fmt(kn.grads[n.id], 4);
          gr.setAttribute("data-value", String(kn.grads[n.id]));
        } else gr.textContent = "grad ·";
        g.appendChild(gr);
        svg.appendChild(g);
      });
    }

    back.addEventListener("click", function () { if (stepIndex > 0) { stepIndex -= 1; render(); } });
    next.addEventListener("click", function () { if (stepIndex < model.steps.length - 1) { stepIndex += 1; render(); } });
    end.addEventListener("click", function () { stepIndex = model.steps.length - 1; render(); });
    reset.addEventListener("click", function () {
      values[key] = Object.assign({}, GRAPHS[key].inputs);
      stepIndex = 0;
      buildInputs();
      recompute();
    });
    select.addEventListener("change", function () {
      key = select.value;
      stepIndex = 0;
      buildInputs();
      recompute();
    });
    buildInputs();
    recompute();
  }

  W.register("backprop-stepper", init);
})();
