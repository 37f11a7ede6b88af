// What a reader copies from a console block (pycon: ">>> " prompts and output lines) is code
// they can paste into Python: the prompts are stripped and the output lines left out.
// mkdocs-material copies such blocks verbatim (its issue #3647). Its clipboard library takes
// the button's data-clipboard-text first, so we fill that in just before the click reaches it.
(function () {
  function promptsOf(code) {
    var seen = {};
    code.querySelectorAll(".gp").forEach(function (el) {
      seen[el.textContent] = true;
    });
    // longest first, so "... " wins over "..."
    return Object.keys(seen).sort(function (a, b) {
      return b.length - a.length;
    });
  }

  function copyable(code) {
    var prompts = promptsOf(code);
    code.setAttribute("data-md-copying", "");
    var text = code.innerText;
    code.removeAttribute("data-md-copying");
    if (!prompts.length) return null; // not a console block: let the theme copy it as it is
    var lines = [];
    text.split("\n").forEach(function (line) {
      for (var i = 0; i < prompts.length; i++) {
        var p = prompts[i];
        if (line.lastIndexOf(p, 0) === 0 || line === p.trimEnd()) {
          lines.push(line.slice(p.length));
          return;
        }
      }
      // no prompt: an output line, which the reader does not want to paste
    });
    return lines.join("\n").replace(/\s+$/, "") + "\n";
  }

  document.addEventListener(
    "click",
    function (ev) {
      var button = ev.target.closest && ev.target.closest("button.md-code__button[data-md-type=copy]");
      if (!button) return;
      var target = button.getAttribute("data-clipboard-target");
      var code = target && document.querySelector(target);
      if (!code) return;
      var text = copyable(code);
      if (text === null) button.removeAttribute("data-clipboard-text");
      else button.setAttribute("data-clipboard-text", text);
    },
    true
  );
})();
