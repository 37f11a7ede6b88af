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
  // stops, and they are checked again when the window is resized.
  function reachScrollingMath() {
    var boxes = document.querySelectorAll("div.arithmatex, mjx-container[display='true']");
    // Measure every box first, then change attributes: interleaving the two would force a
    // fresh layout of the page for each formula.
    var scrolls = Array.prototype.map.call(boxes, function (el) {
      return el.scrollWidth > el.clientWidth + 1;
    });
    boxes.forEach(function (el, i) {
      if (scrolls[i]) el.setAttribute("tabindex", "0");
      else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
    });
  }

  window.MathJax = {
    loader: { load: ["input/tex", "output/chtml", "a11y/assistive-mml"] },
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
      ? { ignoreHtmlClass: "jp-OutputArea|highlight|md-nav|md-header|md-footer" }
      : { ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex" },
    startup: {
      // Typeset once, after MathJax is ready (its own startup pass plus a second one left
      // invisible glyphs here). Tests wait for data-mathjax="done" on <body>.
      typeset: false,
      ready: function () {
        MathJax.startup.defaultReady();
        MathJax.startup.promise
          .then(function () {
            return MathJax.typesetPromise();
          })
          .then(function () {
            reachScrollingMath();
            window.addEventListener("resize", reachScrollingMath);
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
