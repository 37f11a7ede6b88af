"""The notebook template's invalid markup is repaired (book.notebook_markup), nothing else."""

from book import notebook_markup

PAGE = """<html><head><link rel="stylesheet" href="theme.css"></head><body>
<div class="jp-Notebook"><p>text</p>
<style type="text/css">.a::-webkit-scrollbar-track:horizontal{border:0}.b{cursor:normal}</style>
<script src=""> </script>
<clipboard-copy ,="" aria-label="Copy to Clipboard" for="cell-1"></clipboard-copy>
<script>var keep = 1;</script></div></body></html>"""


def test_styles_move_to_the_end_of_head_after_the_theme():
    out = notebook_markup.on_post_page(PAGE, None, None)
    head, body = out.split("</head>")
    assert "<style" not in body
    assert head.index("theme.css") < head.index("<style>.b{cursor:auto}</style>")


def test_template_errors_are_repaired_and_the_rest_kept():
    out = notebook_markup.on_post_page(PAGE, None, None)
    assert '<clipboard-copy role="button" aria-label="Copy to Clipboard" for="cell-1">' in out
    assert 'src=""' not in out and ":horizontal" not in out
    assert "<script>var keep = 1;</script>" in out and "<p>text</p>" in out


def test_pages_without_a_notebook_are_untouched():
    page = PAGE.replace("jp-Notebook", "md-content")
    assert notebook_markup.on_post_page(page, None, None) == page
