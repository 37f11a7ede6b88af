// At the current width: tables wider than their box, whether they scroll, show a cue (an edge
// shadow) and keep their first column in view (sticky) while the rest scrolls.
() => Array.from(document.querySelectorAll("article table"))
  .filter((t) => t.getClientRects().length && t.scrollWidth > t.clientWidth + 1)
  .map((t) => {
    const cs = getComputedStyle(t);
    const first = t.querySelector("tr > :first-child");
    return {
      head: (t.querySelector("tr") || t).textContent.replace(/\s+/g, " ").trim().slice(0, 40),
      scrolls: ["auto", "scroll"].includes(cs.overflowX),
      cue: cs.backgroundImage.includes("gradient") && cs.backgroundAttachment.includes("local"),
      sticky: !!first && getComputedStyle(first).position === "sticky",
    };
  })
