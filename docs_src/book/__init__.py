"""The book's machinery: how the site shows what the package computes.

Nothing here is for a learner's own work (that is ``backprop``); this is the site's side:
[`book.figure`][] turns a figure into the light/dark ``<figure>`` a page prints, and writes its
images as files of the site while MkDocs builds it.
"""
