// True once the page's MathJax config has said how typesetting ended (<body data-mathjax>).
() => ["done", "error"].includes(document.body.dataset.mathjax)
