// Every figure.bp-figure as shown: <img> figures (which SVG file each palette shows, and at
// what width) and inline SVG figures (each text's rendered size and fill).
() => {
  // The file an <img> shows at this viewport (the wide or the phone source of its <picture>),
  // shown or not: read once figures_current.js holds.
  const srcFor = (img) => img.currentSrc || img.src;
  const shown = (el) => el.getClientRects().length > 0;
  const bg = getComputedStyle(document.body).backgroundColor;
  const out = [];
  for (const fig of document.querySelectorAll("figure.bp-figure")) {
    const light = fig.querySelector(".bp-figure__light img");
    const dark = fig.querySelector(".bp-figure__dark img");
    if (light || dark) {
      const img = [light, dark].find((i) => i && shown(i)) || light || dark;
      if (!shown(img)) continue;  // inside a closed <details>
      const width = img.getBoundingClientRect().width;
      for (const [scheme, i] of [["light", light], ["dark", dark]]) {
        if (!i) continue;
        out.push({ kind: "img", alt: i.alt, scheme, src: srcFor(i), width, sized: i === img });
      }
      continue;
    }
    const svg = fig.querySelector("svg");
    if (!svg || !shown(svg)) continue;
    const texts = [];
    for (const t of svg.querySelectorAll("text")) {
      const m = t.getScreenCTM();
      const words = t.textContent.trim();
      if (!m || !words) continue;
      const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
      texts.push({ text: words, px, fill: getComputedStyle(t).fill });
    }
    out.push({
      kind: "svg", alt: svg.getAttribute("aria-label") || "", scheme: "page", texts, bg,
      sized: true,
    });
  }
  return out;
}
