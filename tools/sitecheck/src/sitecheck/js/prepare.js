// Bring the whole page into the state the checks read: every formula typeset (they are
// typeset as they come into view, mathjax-config.js), the page's ResizeObserver callbacks
// delivered (they run in a rendering step: the second frame after typesetting comes after the
// first one's), and lazy images asked for now. Waiting for the images is images_loaded.js's.
async () => {
  if (window.bpTypesetAll) await window.bpTypesetAll();
  await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  for (const img of document.images) if (img.loading === "lazy") img.loading = "eager";
}
