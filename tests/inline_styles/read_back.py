"""Reads a PDF's first page back with PyMuPDF for tests/inline_styles.rs: its words with their
boxes, and its link annotations with their URI, rectangle and /Contents, as JSON on stdout.
Boxes are in points from the page's top-left corner."""

import json
import sys

import pymupdf

page = pymupdf.open(sys.argv[1])[0]
words = [[x0, y0, x1, y1, text] for x0, y0, x1, y1, text, *_ in page.get_text("words")]
links = []
for link in page.get_links():
    links.append({"uri": link.get("uri"), "rect": list(link["from"])})
# /Contents, read from the annotation objects in page order.
contents = []
for xref in page.annot_xrefs():
    contents.append(page.parent.xref_get_key(xref[0], "Contents")[1])
json.dump({"words": words, "links": links, "contents": contents}, sys.stdout, ensure_ascii=False)
