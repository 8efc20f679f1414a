#!/usr/bin/env python3
"""How PDF readers read a PDF's text back, scored against the strings the PDF should hold.

    python3 tests/extraction/score.py --pdf out.pdf --edition tests/data/mixed/edition.toml

Each engine extracts the text the way its users get it (select all, copy, search, pipelines):
  poppler  `pdftotext -enc UTF-8` (Evince, Okular)      pdfium  pypdfium2 get_text_range (Chrome)
  pdfjs    pdfjs-dist via pdfjs_text.mjs (Firefox)      mupdf   pymupdf page.get_text()
  pypdf    page.extract_text()                          pdfminer  pdfminer.six extract_text
and gets three scores (the rules in full: docs/text-extraction.md):
  words intact  share of source words found as a token of the extraction (with multiplicity)
  junk          share of extracted tokens that are in no source string
  in order      share of source paragraphs (>= 5 words) whose words come back in order
Text is compared after NFC and removing bidi controls; tokens are split on white space; a
word is a token without the punctuation at its ends (so «داعش», and داعش، are the word داعش).
The sources are a JSON list of strings (--source) or read from a sahifa edition (--edition).
"""

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import time
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ENGINES = ["poppler", "pdfium", "pdfjs", "mupdf", "pypdf", "pdfminer"]
# LRM, RLM, LRE..RLO/PDF, LRI..PDI, ALM: they steer display and are never part of a word.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                                       "\u2066\u2067\u2068\u2069\u061c"))
PARAGRAPH_WORDS = 5  # a source string of this many words is a paragraph for the order score
IN_ORDER = 0.95  # share of a paragraph's words that must come back in order


class Missing(Exception):
    """The engine is not installed; the message says what to install."""


# ---------------------------------------------------------------------------- engines
# Each takes the PDF's path and returns (its version, the text of each page).

def python_module(name, install):
    try:
        return __import__(name)
    except ImportError:
        raise Missing(f"python module {name} not found (pip install {install})") from None


def poppler(pdf):
    if not shutil.which("pdftotext"):
        raise Missing("pdftotext not found (Debian package poppler-utils)")
    run = subprocess.run(["pdftotext", "-enc", "UTF-8", pdf, "-"], capture_output=True, check=True)
    version = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True).stderr
    version = version.split("\n")[0]
    pages = run.stdout.decode("utf-8").split("\f")  # every page ends with a form feed
    return version.replace("pdftotext version", "poppler").strip(), pages[:-1]


def pdfium(pdf):
    pdfium = python_module("pypdfium2", "pypdfium2")
    doc = pdfium.PdfDocument(pdf)
    pages = [page.get_textpage().get_text_range() for page in doc]
    doc.close()
    return f"PDFium {pdfium.PDFIUM_INFO.tag} (pypdfium2 {pdfium.PYPDFIUM_INFO})", pages


def pdfjs(pdf):
    package = os.path.join(HERE, "node_modules", "pdfjs-dist", "package.json")
    if not shutil.which("node") or not os.path.exists(package):
        raise Missing("node or pdfjs-dist not found (npm ci --prefix tests/extraction)")
    run = subprocess.run(["node", os.path.join(HERE, "pdfjs_text.mjs"), pdf],
                         capture_output=True, check=True)
    with open(package, encoding="utf-8") as f:
        version = json.load(f)["version"]
    return f"pdf.js {version}", json.loads(run.stdout)


def mupdf(pdf):
    pymupdf = python_module("pymupdf", "pymupdf")
    with pymupdf.open(pdf) as doc:
        pages = [page.get_text() for page in doc]
    return f"MuPDF {pymupdf.mupdf_version} (pymupdf {pymupdf.pymupdf_version})", pages


def pypdf(pdf):
    pypdf = python_module("pypdf", "pypdf")
    return f"pypdf {pypdf.__version__}", [p.extract_text() for p in pypdf.PdfReader(pdf).pages]


def pdfminer(pdf):
    python_module("pdfminer", "pdfminer.six")
    import pdfminer.high_level

    text = pdfminer.high_level.extract_text(pdf)
    return f"pdfminer.six {pdfminer.__version__}", text.split("\f")[:-1]


EXTRACT = {"poppler": poppler, "pdfium": pdfium, "pdfjs": pdfjs, "mupdf": mupdf,
           "pypdf": pypdf, "pdfminer": pdfminer}


# ---------------------------------------------------------------------------- scoring

def normalize(text):
    return unicodedata.normalize("NFC", text.translate(BIDI_CONTROLS))


def word(token):
    """The token without the punctuation (Unicode P*) at its two ends; may be empty."""
    start, end = 0, len(token)
    while start < end and unicodedata.category(token[start])[0] == "P":
        start += 1
    while end > start and unicodedata.category(token[end - 1])[0] == "P":
        end -= 1
    return token[start:end]


def words_of(text):
    return [w for w in map(word, normalize(text).split()) if w]


def extracted_tokens(text, source_words):
    """The extraction's tokens. A word cut at line ends without a hyphen (a long URL over two
    lines or more) is joined to the first token of the next line when together they make a
    source word, or the start of one that goes on at the next line end, and the two parts
    (each with some letter or digit) are not both source words."""
    long_words = [w for w in source_words if len(w) >= 20]
    tokens = []
    lines = normalize(text).splitlines()
    for n, line in enumerate(lines):
        parts = line.split()
        if parts and tokens:
            a, b = tokens[-1], parts[0]
            wa, wb = word(a), word(b)
            both_words = wa in source_words and wb in source_words
            head = (a + b).lstrip("".join(c for c in a if unicodedata.category(c)[0] == "P"))
            goes_on = len(parts) == 1 and n + 1 < len(lines) and any(
                w.startswith(head) and len(w) > len(head) for w in long_words)
            if wa and wb and not both_words and (word(a + b) in source_words or goes_on):
                tokens[-1] = a + b
                parts = parts[1:]
        tokens += parts
    return tokens


def lcs(a, b):
    """Length of the longest common subsequence of two token lists."""
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0  # row[j-1] of the previous row
        for j, y in enumerate(b, 1):
            prev, row[j] = row[j], prev + 1 if x == y else max(row[j], row[j - 1])
    return row[-1]


def placed(paragraph, doc, positions):
    """Where the paragraph's words come back in order, if they do: the longest common
    subsequence of its words and a stretch of the extraction holds at least IN_ORDER of them.
    The stretch is anchored at the paragraph's rarest word (each place it occurs, up to 50) and
    reaches 10 words before where the paragraph would start and 20 after where it would end, so
    a page's running head may sit in between, but words from elsewhere cannot help. Returns the
    stretch's start, or None."""
    seen = [(len(positions[w]), i) for i, w in enumerate(paragraph) if w in positions]
    if not seen:
        return None
    i = min(seen)[1]
    best, where = 0, None
    for p in positions[paragraph[i]][:50]:
        start = p - i
        n = lcs(paragraph, doc[max(0, start - 10):start + len(paragraph) + 20])
        if n > best:
            best, where = n, start
    return where if best >= IN_ORDER * len(paragraph) else None


def in_order(paragraph, doc, positions, jumps=False):
    """Whether the paragraph's words come back in order (see `placed`). With `jumps` (a layout
    that continues stories on a later page after a jump line), a paragraph may also come back
    in two stretches: its longest head that is in order, then the rest in order further on, as
    a reader who follows the jump line reads it."""
    if placed(paragraph, doc, positions) is not None:
        return True
    if not jumps:
        return False
    low, high = 1, len(paragraph) - 1  # the longest head in order, by bisection
    while low < high:
        mid = (low + high + 1) // 2
        if placed(paragraph[:mid], doc, positions) is not None:
            low = mid
        else:
            high = mid - 1
    head = placed(paragraph[:low], doc, positions)
    tail = placed(paragraph[low:], doc, positions)
    return head is not None and tail is not None and tail > head


def score(text, sources, furniture=()):
    """The three scores of one extraction, with counts and examples of what went wrong.
    `furniture` are strings the layout may print besides the sources (the newspaper design's
    jump lines and continuation heads): their tokens are not junk, and not required."""
    source_words = collections.Counter(w for s in sources for w in words_of(s))
    tokens = extracted_tokens(text, source_words)
    found = collections.Counter(w for w in map(word, tokens) if w)
    intact = sum(min(n, found[w]) for w, n in source_words.items())
    printed = list(sources) + list(furniture)
    haystack = "\n".join(normalize(s) for s in printed)
    known = {t for s in printed for t in normalize(s).split()}
    junk = [t for t in tokens if t not in known and t not in haystack]
    doc = [w for w in map(word, tokens) if w]
    positions = collections.defaultdict(list)
    for i, w in enumerate(doc):
        positions[w].append(i)
    paragraphs = [p for p in map(words_of, sources) if len(p) >= PARAGRAPH_WORDS]
    jumps = bool(furniture)
    disordered = [p for p in paragraphs if not in_order(p, doc, positions, jumps)]
    total_words = sum(source_words.values())
    return {
        "words_intact": intact / total_words if total_words else 0.0,
        "junk": len(junk) / len(tokens) if tokens else 0.0,
        "paragraphs_in_order": 1 - len(disordered) / len(paragraphs) if paragraphs else 1.0,
        "words": total_words, "words_found": intact,
        "tokens": len(tokens), "junk_tokens": len(junk),
        "paragraphs": len(paragraphs), "paragraphs_disordered": len(disordered),
        "examples": {
            "missing_words": sorted((source_words - found).elements())[:20],
            "junk_tokens": [visible(t) for t in junk[:20]],
            "disordered_paragraphs": [" ".join(p[:8]) + " …" for p in disordered[:5]],
        },
    }


def visible(token):
    """The token with control and format characters written as <U+XXXX>."""
    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c)[0] == "C" else c for c in token)


# ---------------------------------------------------------------------------- command line

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pdf", required=True)
    given = ap.add_mutually_exclusive_group(required=True)
    given.add_argument("--source", help="JSON list of the strings the PDF prints")
    given.add_argument("--edition", help="sahifa edition.toml the PDF was made from")
    ap.add_argument("--dateline", help="with --edition: the masthead's date line as sahifa "
                    "sets it (with the Hijri date)")
    ap.add_argument("--design", help="with --edition: the design the PDF was made in "
                    "(default: the manifest's, else newspaper)")
    ap.add_argument("--engines", default=",".join(ENGINES))
    ap.add_argument("--json", action="store_true", help="print the scores as JSON")
    ap.add_argument("--dump", metavar="DIR", help="write each engine's text to DIR/ENGINE.txt")
    ap.add_argument("--details", action="store_true", help="show missing words and junk tokens")
    ap.add_argument("--require", action="store_true",
                    help="exit 1 if an engine is missing or fails")
    args = ap.parse_args()

    results, texts = {}, {}
    for name in args.engines.split(","):
        if name not in EXTRACT:
            ap.error(f"unknown engine {name!r}; known: {', '.join(ENGINES)}")
        started = time.perf_counter()
        try:
            version, pages = EXTRACT[name](args.pdf)
        except Missing as e:
            results[name] = {"status": "missing", "reason": str(e)}
            continue
        except Exception as e:  # an engine that fails on the file is a finding, not a crash
            detail = getattr(e, "stderr", None) or str(e)  # a failed command says why on stderr
            if isinstance(detail, bytes):
                detail = detail.decode("utf-8", "replace")
            detail = " ".join(detail.split())[:300]
            results[name] = {"status": "error", "reason": f"{type(e).__name__}: {detail}"}
            continue
        results[name] = {"status": "ok", "version": version, "pages": len(pages),
                         "seconds": round(time.perf_counter() - started, 3)}
        texts[name] = "\n".join(pages)  # pages joined by a line break, as Firefox's find does

    furniture = []
    if args.source:
        with open(args.source, encoding="utf-8") as f:
            sources = json.load(f)
    else:
        import sources as edition  # the sibling sources.py

        pages = max((r["pages"] for r in results.values() if r["status"] == "ok"), default=1)
        sources = edition.edition_sources(args.edition, pages, args.dateline)
        furniture = edition.edition_furniture(args.edition, pages, args.design)
    for name, text in texts.items():
        results[name].update(score(text, sources, furniture))
        if args.dump:
            os.makedirs(args.dump, exist_ok=True)
            with open(os.path.join(args.dump, f"{name}.txt"), "w", encoding="utf-8") as f:
                f.write(text)

    if args.json:
        json.dump({"pdf": args.pdf, "engines": results}, sys.stdout, ensure_ascii=False, indent=1)
        print()
    else:
        print_table(results, args.details)
    if args.require and any(r["status"] != "ok" for r in results.values()):
        sys.exit(1)


def print_table(results, details):
    print(f"{'engine':<9} {'words intact':>19} {'junk tokens':>17} {'paragraphs in order':>21}"
          f" {'time':>7}  version")
    for name, r in results.items():
        if r["status"] != "ok":
            print(f"{name:<9} {r['status']}: {r['reason']}")
            continue
        print(f"{name:<9} {r['words_intact']:6.3f} {r['words_found']:>5}/{r['words']:<6}"
              f" {r['junk']:6.3f} {r['junk_tokens']:>4}/{r['tokens']:<5}"
              f" {r['paragraphs_in_order']:6.3f} {r['paragraphs'] - r['paragraphs_disordered']:>5}"
              f"/{r['paragraphs']:<8} {r['seconds']:6.2f}s  {r['version']}")
    if details:
        for name, r in results.items():
            for what, examples in r.get("examples", {}).items():
                if examples:
                    print(f"{name} {what.replace('_', ' ')}:", " | ".join(examples))


if __name__ == "__main__":
    main()
