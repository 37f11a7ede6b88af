// Accessibility and privacy fixes on top of mkdocs-material 9.8 (checked by tests/browser/).
// Loaded as a plain script at the end of <body>, before the theme's components mount.
(function () {
  // axe aria-dialog-name: the search overlay has role="dialog" but no accessible name.
  var search = document.querySelector(".md-search");
  if (search) {
    search.setAttribute("aria-label", "Search the site");
  }

  // axe scrollable-region-focusable: notebook code cells and outputs scroll sideways but,
  // unlike the theme's own code blocks, cannot be reached with the keyboard.
  document
    .querySelectorAll(".jp-Notebook .highlight-ipynb, .jp-Notebook .jp-OutputArea-output pre")
    .forEach(function (el) {
      if (!el.hasAttribute("tabindex")) el.setAttribute("tabindex", "0");
    });
})();
