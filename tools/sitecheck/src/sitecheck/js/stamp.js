// Init script: stamp the moment <body data-mathjax> is set, as a performance mark
// (performance.now() counts from navigation start).
new MutationObserver((_, obs) => {
  const state = document.body && document.body.dataset.mathjax;
  if (state) { performance.mark("bp-mathjax-" + state); obs.disconnect(); }
}).observe(document, {
  subtree: true, attributes: true, attributeFilter: ["data-mathjax"],
});
