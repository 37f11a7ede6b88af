// At the current width: code blocks and printed outputs whose lines are wider than their box
// (a reader would have to scroll them sideways). Collapsed solutions are measured open.
() => {
  for (const d of document.querySelectorAll("article details:not([open])")) {
    d.setAttribute("open", "");
    d.dataset.bpOpened = "1";
  }
  const out = [];
  for (const pre of document.querySelectorAll("article pre")) {
    const code = pre.querySelector("code") || pre;
    if (!code.getClientRects().length) continue;
    const over = code.scrollWidth - code.clientWidth;
    if (over <= 1) continue;
    const longest = code.textContent.split("\n").reduce((a, l) => (l.length > a.length ? l : a), "");
    const kind = pre.closest(".result, .jp-OutputArea") ? "output" : "code";
    out.push({ kind, over, line: longest.trim().slice(0, 60) });
  }
  for (const d of document.querySelectorAll("article details[data-bp-opened]")) {
    d.removeAttribute("open");
    delete d.dataset.bpOpened;
  }
  return out;
}
