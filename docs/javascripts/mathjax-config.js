// MathJax 3 configuration, read before assets/mathjax/startup.js (served by the site itself;
// hooks/mathjax_assets.py copies the components listed in loader.load from a PyPI wheel).
//
// Chapters are written with pymdown's arithmatex (generic mode), which wraps every formula in
// an element of class "arithmatex" using \( \) and \[ \] delimiters. Lab pages are notebooks
// rendered by mkdocs-jupyter, whose markdown cells keep plain $ and $$ delimiters and no class,
// so on a page that holds a notebook we widen what MathJax looks at.
(function () {
  var notebook = document.querySelector(".jp-Notebook") !== null;

  // A display formula wider than its column scrolls sideways; keyboard users must be able to
  // reach it to scroll it (axe: scrollable-region-focusable). Only those that scroll become tab
  // stops. Formulas are typeset as they come into view (ui/lazy), so each box is checked again
  // whenever its size changes: when its formula is typeset, and when the window is resized.
  function reach(el) {
    if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
    else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
  }
  var boxes = typeof ResizeObserver === "function"
    ? new ResizeObserver(function (entries) {
        entries.forEach(function (entry) { reach(entry.target); });
      })
    : null;
  function watchDisplayMath() {
    if (!boxes) return;
    document
      .querySelectorAll("div.arithmatex, .jp-RenderedMarkdown mjx-container[display='true']")
      .forEach(function (el) { boxes.observe(el); });
  }

  // The first screen is typeset when no lazy placeholder is left in view (10 s at most).
  function firstScreenTypeset() {
    var start = performance.now();
    return new Promise(function (resolve) {
      (function check() {
        var waiting = Array.prototype.some.call(
          document.querySelectorAll("mjx-lazy"),
          function (el) {
            var r = el.getBoundingClientRect();
            return r.bottom > 0 && r.top < window.innerHeight;
          },
        );
        if (waiting && performance.now() - start < 10000) requestAnimationFrame(check);
        else resolve();
      })();
    });
  }

  window.MathJax = {
    // ui/lazy typesets a formula only when it scrolls into view (and every one before printing).
    loader: { load: ["input/tex", "output/chtml", "ui/lazy", "a11y/assistive-mml"] },
    tex: notebook
      ? {
          inlineMath: [["$", "$"], ["\\(", "\\)"]],
          displayMath: [["$$", "$$"], ["\\[", "\\]"]],
          processEscapes: true,
          processEnvironments: true,
        }
      : {
          inlineMath: [["\\(", "\\)"]],
          displayMath: [["\\[", "\\]"]],
          processEscapes: false,
          processEnvironments: true,
        },
    options: notebook
      ? {
          ignoreHtmlClass: "jp-OutputArea|highlight|md-nav|md-header|md-footer",
          lazyMargin: "400px",
        }
      : { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex", lazyMargin: "400px" },
    startup: {
      // Typeset once, after MathJax is ready (its own startup pass plus a second one left
      // invisible glyphs here). data-mathjax="done" on <body> says the first screen is
      // typeset; tests then call MathJax.startup.document.lazyTypesetAll() for the rest.
      typeset: false,
      ready: function () {
        MathJax.startup.defaultReady();
        MathJax.startup.promise
          .then(function () {
            return MathJax.typesetPromise();
          })
          .then(function () {
            watchDisplayMath();
            return firstScreenTypeset();
          })
          .then(function () {
            document.body.dataset.mathjax = "done";
          })
          .catch(function (err) {
            document.body.dataset.mathjax = "error";
            console.error("MathJax failed:", err);
          });
      },
    },
  };
})();
