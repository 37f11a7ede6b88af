// Shared helpers of the interactive figures (descent.js, one-weight.js, stepper.js).
//
// Each figure lives in a container <div class="bp-widget" data-widget="..." data-config="{...}"
// hidden> that the page's snippet (docs_src/widgets/*.md) writes next to a static figure made at
// build time (<div class="bp-static">). data-config holds, as JSON, every constant the figure
// starts from (defaults, slider ranges, layout, stopping rules), printed from the Python
// constants the static figure is drawn with (docs_src/figures/widgets.py); only the recurrences
// are written here. When a figure starts it removes the static one and shows itself, so a
// reader without JavaScript keeps the static figure. Every number shown is also stored at full
// precision in a data attribute (String(number), which round-trips exactly), which is what the
// browser tests compare with the package's own results.
(function () {
  "use strict";

  var SVG_NS = "http://www.w3.org/2000/svg";
  var counter = 0;

  // An HTML element: h("button", {type: "button", class: "x"}, ["Step"]).
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  // An SVG element, the same way.
  function s(tag, attrs, children) {
    var el = document.createElementNS(SVG_NS, tag);
    setAttrs(el, attrs);
    append(el, children);
    return el;
  }

  function setAttrs(el, attrs) {
    if (!attrs) return;
    Object.keys(attrs).forEach(function (key) {
      var value = attrs[key];
      if (value === null || value === undefined || value === false) return;
      if (key === "text") el.textContent = value;
      else el.setAttribute(key, value === true ? "" : String(value));
    });
  }

  function append(el, children) {
    if (children === null || children === undefined) return;
    if (!Array.isArray(children)) children = [children];
    children.forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      el.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
  }

  // A page-unique id for label/for pairs.
  function uid(prefix) {
    counter += 1;
    return "bp-" + prefix + "-" + counter;
  }

  // A number as shown: up to `digits` significant digits, trailing zeros dropped, a real minus
  // sign, exponent notation for the very large or very small. Full precision goes in data-value.
  function fmt(x, digits) {
    if (digits === undefined) digits = 6;
    if (typeof x !== "number") return String(x);
    if (Number.isNaN(x)) return "NaN";
    if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
    if (x === 0) return "0";
    var ax = Math.abs(x);
    var text;
    if (ax >= 1e6 || ax < 1e-4) {
      var parts = x.toExponential(Math.max(0, digits - 3)).split("e");
      var mant = parts[0].indexOf(".") >= 0 ? parts[0].replace(/\.?0+$/, "") : parts[0];
      text = mant + "e" + parts[1].replace("+", "");
    } else {
      text = x.toPrecision(digits);
      if (text.indexOf("e") < 0 && text.indexOf(".") >= 0) text = text.replace(/\.?0+$/, "");
    }
    return text.replace(/^-/, "−").replace("e-", "e−");
  }

  // Show `x` in `el` rounded, and keep it exactly in data-value.
  function setNum(el, x, digits) {
    el.textContent = fmt(x, digits);
    el.setAttribute("data-value", String(x));
    return el;
  }

  // A labelled slider with a live readout: returns {wrap, input, output, value(), show(), set()}.
  // opts: name, label, value and the range {min, max, step} (as in a widget's config).
  function slider(opts) {
    var id = uid(opts.name);
    var input = h("input", {
      type: "range",
      id: id,
      min: opts.min,
      max: opts.max,
      step: opts.step,
      value: opts.value,
      "data-control": opts.name,
    });
    var output = h("output", { for: id, class: "bp-readout-value" });
    var wrap = h("div", { class: "bp-field" }, [
      h("label", { for: id }, [opts.label]),
      input,
      output,
    ]);
    function value() {
      return parseFloat(input.value);
    }
    function show() {
      setNum(output, value(), 4);
    }
    // New range and value (a widget that switches functions reuses its sliders).
    function set(range, v) {
      input.min = range.min;
      input.max = range.max;
      input.step = range.step;
      input.value = v;
      show();
    }
    input.addEventListener("input", show);
    show();
    return { wrap: wrap, input: input, output: output, value: value, show: show, set: set };
  }

  function button(label, name) {
    return h("button", { type: "button", class: "md-button bp-button", "data-action": name }, [
      label,
    ]);
  }

  // Grey a button out but keep it focusable (a disabled button would drop the keyboard focus
  // to the page when the reader reaches the end); its handler does nothing at the end anyway.
  function setDisabled(btn, off) {
    if (off) btn.setAttribute("aria-disabled", "true");
    else btn.removeAttribute("aria-disabled");
  }

  // Replace the static figure by the widget. Removing it (not only hiding it) keeps the page's
  // figure checks from counting an invisible figure.
  function reveal(container) {
    var wrap = container.closest(".bp-widget-wrap");
    var still = wrap ? wrap.querySelector(".bp-static") : null;
    if (still) still.remove();
    container.hidden = false;
    container.classList.add("bp-widget--ready");
  }

  // Run `init(container, config)` on every container of the given kind once the page is parsed;
  // config is the container's data-config JSON.
  function register(kind, init) {
    function start() {
      document.querySelectorAll('.bp-widget[data-widget="' + kind + '"]').forEach(function (el) {
        if (el.getAttribute("data-started")) return;
        el.setAttribute("data-started", "1");
        try {
          init(el, JSON.parse(el.getAttribute("data-config") || "{}"));
          reveal(el);
        } catch (err) {
          console.error("widget " + kind + " failed to start:", err);
        }
      });
    }
    if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", start);
    } else {
      start();
    }
  }

  // About n round tick values between lo and hi (steps of 1, 2 or 5 times a power of ten).
  function ticks(lo, hi, n) {
    var raw = (hi - lo) / n;
    var mag = Math.pow(10, Math.floor(Math.log10(raw)));
    var unit = [1, 2, 5, 10].map(function (m) { return m * mag; }).find(function (u) { return u >= raw; });
    var out = [];
    for (var t = Math.ceil(lo / unit) * unit; t <= hi + 1e-9 * unit; t += unit) out.push(Math.round(t / unit) * unit);
    return out;
  }

  // Empty an element (before it is drawn again).
  function clear(el) {
    while (el.firstChild) el.removeChild(el.firstChild);
  }

  window.BPWidgets = {
    clear: clear,
    ticks: ticks,
    h: h,
    s: s,
    uid: uid,
    fmt: fmt,
    setNum: setNum,
    slider: slider,
    button: button,
    setDisabled: setDisabled,
    register: register,
  };
})();
