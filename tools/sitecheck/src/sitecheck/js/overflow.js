// At the current width: figures wider than the text column, and what sticks out of a page
// that scrolls sideways (outside any scrolling box).
() => {
  const doc = document.documentElement;
  const out = {
    scrollWidth: doc.scrollWidth, innerWidth: window.innerWidth, wide: [], culprits: [],
  };
  const article = document.querySelector("article") || document.body;
  const col = article.getBoundingClientRect();
  const name = (el) => {
    const cls = typeof el.className === "string" ? el.className.trim().split(/\s+/) : [];
    return [el.tagName.toLowerCase(), ...cls.filter(Boolean)].join(".");
  };
  // Figures and images must fit the text column (they do not scroll).
  for (const el of article.querySelectorAll("figure, img, figure svg")) {
    const r = el.getBoundingClientRect();
    if (r.width > col.width + 1) {
      const w = Math.round(r.width), c = Math.round(col.width);
      out.wide.push(`${name(el)} is ${w} px wide in a ${c} px column`);
    }
  }
  // A block the browser may skip while it is far from the screen (content-visibility: auto;
  // prepare.js has shown and marked them) clips what sticks out of it: a wide line there would
  // be cut off, not scrolled to, and would not widen the page either.
  for (const el of document.querySelectorAll("[data-bp-skippable]")) {
    if (el.scrollWidth > el.clientWidth + 1) {
      const w = el.scrollWidth, c = el.clientWidth;
      out.wide.push(`${name(el)} holds ${w} px in its ${c} px box and would clip the rest`);
    }
  }
  // If the page scrolls sideways, name what sticks out and is not inside a scrolling box.
  if (doc.scrollWidth > window.innerWidth + 1) {
    for (const el of document.body.querySelectorAll("*")) {
      const r = el.getBoundingClientRect();
      if (r.right <= window.innerWidth + 1) continue;
      let a = el.parentElement, clipped = false;
      while (a && a !== document.body) {
        if (getComputedStyle(a).overflowX !== "visible") { clipped = true; break; }
        a = a.parentElement;
      }
      if (!clipped) out.culprits.push(`${name(el)} reaches ${Math.round(r.right)} px`);
      if (out.culprits.length >= 5) break;
    }
  }
  return out;
}
