// MathJax 3 configuration, read before assets/mathjax/startup.js (served by the site itself;
// hooks/mathjax_assets.py copies the components listed in loader.load from a PyPI wheel).
//
// Chapters are written with pymdown's arithmatex (generic mode), which wraps every formula in
// an element of class "arithmatex" using \( \) and \[ \] delimiters. Lab pages are notebooks
// rendered by mkdocs-jupyter, whose markdown cells keep plain $ and $$ delimiters and no class,
// so on a page that holds a notebook we widen what MathJax looks at (the print page holds both).
//
// Only what the reader can see is typeset. The page's math is cut into units (each arithmatex
// element; each markdown cell of a notebook); a unit is typeset when it comes within 400 px of
// the screen, a few at a time, so no long task blocks the page while it opens. (MathJax's own
// ui/lazy still parses every formula of the page up front: on the network page that is most of
// the work.) <body data-mathjax="done"> says the first screen is typeset; window.bpTypesetAll()
// typesets everything left (tests call it; so does printing). The print page typesets all.
(function () {
  var notebook = document.querySelector(".jp-Notebook") !== null;
  var UNITS = notebook ? ".arithmatex, .jp-MarkdownCell .jp-RenderedMarkdown" : ".arithmatex";

  // A display formula wider than its column scrolls sideways; keyboard users must be able to
  // reach it to scroll it (axe: scrollable-region-focusable). Only those that scroll become tab
  // stops, checked again whenever the box changes size (the window is resized).
  function reach(el) {
    if (el.scrollWidth > el.clientWidth + 1) el.setAttribute("tabindex", "0");
    else if (el.getAttribute("tabindex") === "0") el.removeAttribute("tabindex");
  }
  var boxes =
    typeof ResizeObserver === "function"
      ? new ResizeObserver(function (entries) {
          entries.forEach(function (entry) {
            reach(entry.target);
          });
        })
      : { observe: reach };
  function watchDisplayMath(units) {
    units.forEach(function (unit) {
      if (unit.matches("div.arithmatex")) boxes.observe(unit);
      else if (notebook) {
        unit.querySelectorAll("mjx-container[display='true']").forEach(function (el) {
          boxes.observe(el);
        });
      }
    });
  }

  var pending = new Set();
  var queue = Promise.resolve();
  function typeset(units) {
    units.forEach(function (unit) {
      pending.delete(unit);
      if (observer) observer.unobserve(unit);
    });
    if (!units.length) return queue;
    queue = queue
      .then(function () {
        return MathJax.typesetPromise(units);
      })
      .then(function () {
        watchDisplayMath(units);
      })
      .catch(function (err) {
        document.body.dataset.mathjax = "error";
        console.error("MathJax failed:", err);
      });
    return queue;
  }
  var observer =
    typeof IntersectionObserver === "function"
      ? new IntersectionObserver(
          function (entries) {
            typeset(
              entries
                .filter(function (e) {
                  return e.isIntersecting && pending.has(e.target);
                })
                .map(function (e) {
                  return e.target;
                }),
            );
          },
          { rootMargin: "400px 0px" },
        )
      : null;

  window.bpTypesetAll = function () {
    return typeset(Array.from(pending));
  };
  window.addEventListener("beforeprint", window.bpTypesetAll);

  function inView(el) {
    var r = el.getBoundingClientRect();
    return (r.width || r.height) && r.bottom > -400 && r.top < window.innerHeight + 400;
  }

  function start() {
    var units = Array.from(document.querySelectorAll(UNITS));
    units.forEach(function (unit) {
      pending.add(unit);
    });
    // The print page (.bp-print-book) is read on paper: typeset all of it at once.
    var all = !observer || document.querySelector(".bp-print-book") !== null;
    var first = all ? units : units.filter(inView);
    var done = typeset(first);
    if (observer) {
      Array.from(pending).forEach(function (unit) {
        observer.observe(unit);
      });
    }
    return done;
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
      // No typeset of the whole page at startup (its own pass plus a second one left invisible
      // glyphs here): start() typesets the first screen once MathJax is ready.
      typeset: false,
      ready: function () {
        MathJax.startup.defaultReady();
        MathJax.startup.promise.then(start).then(function () {
          if (!document.body.dataset.mathjax) document.body.dataset.mathjax = "done";
        });
      },
    },
  };
})();
