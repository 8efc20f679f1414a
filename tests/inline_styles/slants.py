"""Reads the characters of a PDF's first page back with pdfminer.six for tests/inline_styles.rs,
each with the shear of the matrix it is drawn with (c / d: 0 upright, about 0.21 for a 12°
oblique), as a JSON list of [text, shear] on stdout, in content order."""

import json
import sys

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar


def chars(item):
    if isinstance(item, LTChar):
        yield item
    elif hasattr(item, "__iter__"):
        for child in item:
            yield from chars(child)


page = next(extract_pages(sys.argv[1], page_numbers=[0]))
out = [[c.get_text(), c.matrix[2] / c.matrix[3] if c.matrix[3] else 0.0] for c in chars(page)]
json.dump(out, sys.stdout, ensure_ascii=False)
