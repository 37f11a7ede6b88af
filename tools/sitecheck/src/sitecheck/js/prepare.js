// Bring the whole page into the state the checks read: every formula typeset (they are
// typeset as they come into view, mathjax-config.js), the page's ResizeObserver callbacks
// delivered (they run in a rendering step: the second frame after typesetting comes after the
// first one's), and lazy images asked for now. Waiting for the images is images_loaded.js's.
// Blocks the browser skips while they are far from the screen (content-visibility: auto) are
// shown first, and marked: a skipped block reports its own size as a placeholder's, so the
// checks measure every block as a reader who scrolls to it sees it (overflow.js checks that
// nothing sticks out of the marked ones, which they would clip).
async () => {
  for (const el of document.body.querySelectorAll("*")) {
    if (getComputedStyle(el).contentVisibility !== "auto") continue;
    el.dataset.bpSkippable = "";
    el.style.contentVisibility = "visible";
  }
  if (window.bpTypesetAll) await window.bpTypesetAll();
  await new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)));
  for (const img of document.images) if (img.loading === "lazy") img.loading = "eager";
}
