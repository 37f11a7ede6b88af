// Display equations wider than their box, and whether they scroll (and whether a shadow or
// fade cues that they do).
() => Array.from(
  document.querySelectorAll("div.arithmatex, .jp-RenderedMarkdown mjx-container[display='true']")
).filter((el) => el.getClientRects().length && el.scrollWidth > el.clientWidth + 1).map((el) => {
  const cs = getComputedStyle(el);
  const scrolls = ["auto", "scroll"].includes(cs.overflowX);
  const cue = (cs.backgroundImage.includes("gradient") && cs.backgroundAttachment.includes("local"))
    || getComputedStyle(el, "::after").backgroundImage.includes("gradient");
  const mml = el.querySelector("mjx-assistive-mml");
  return {
    text: (mml ? mml.textContent : el.textContent).replace(/\s+/g, " ").trim().slice(0, 50),
    scrolls, cue, over: el.scrollWidth - el.clientWidth,
  };
})
