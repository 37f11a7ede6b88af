// What one page shows once prepared (prepare.js, images_loaded.js): images, figure SVG sizes,
// MathJax's state and errors, the article's visible prose (code and typeset math hidden), and
// the DOM's size.
() => {
  const out = {};
  out.images = Array.from(document.images).map((img) => ({
    src: img.currentSrc || img.src, complete: img.complete, width: img.naturalWidth,
  }));
  // A figure not rendered at all (the other screen size's variant, display: none) has no
  // client rects and is skipped, as figures.js does; one rendered at 0x0 is reported.
  out.svgs = Array.from(document.querySelectorAll("figure.bp-figure svg"))
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.getClientRects().length > 0)
    .map(({ s, i }) => {
      const r = s.getBoundingClientRect();
      return { index: i, width: r.width, height: r.height };
    });
  out.mathjax = document.body.dataset.mathjax || "missing";
  out.merrors = document.querySelectorAll("mjx-merror, [data-mjx-error]").length;
  out.undefinedMacros = Array.from(
    document.querySelectorAll('mjx-container [style*="color: red"]')
  ).map((e) => e.textContent).slice(0, 5);
  const article = document.querySelector("article") || document.body;
  const hide = document.createElement("style");
  hide.textContent = "pre, code, mjx-container, .highlight, script, style, .bp-figure__text " +
                     "{ display: none !important; }";
  document.head.appendChild(hide);
  out.text = article.innerText;
  hide.remove();
  out.mathCount = document.querySelectorAll("mjx-container").length;
  out.domElements = document.getElementsByTagName("*").length;
  return out;
}
