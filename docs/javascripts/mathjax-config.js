// MathJax 3 configuration, read before assets/mathjax/tex-chtml.js (served by the site itself).
//
// Chapters are written with pymdown's arithmatex (generic mode), which wraps every formula in
// an element of class "arithmatex" using \( \) and \[ \] delimiters. Lab pages are notebooks
// rendered by mkdocs-jupyter, whose markdown cells keep plain $ and $$ delimiters and no class,
// so on a page that holds a notebook we widen what MathJax looks at.
(function () {
  var notebook = document.querySelector(".jp-Notebook") !== null;
  window.MathJax = {
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
