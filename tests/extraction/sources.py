"""The strings a sahifa PDF edition prints, read from its edition.toml and JSON articles.

    python3 tests/extraction/sources.py tests/data/mixed/edition.toml > sources.json

Only what the PDF draws is listed: the masthead (name unless a logo replaces it, tagline,
dateline), the running head of pages 2.. (name and date; page numbers are added by the scorer,
which knows the page count), and per article the label «section | kicker», title, subtitle,
byline line, captions and credits, paragraphs, headings, quotes and their «— cite», list items
with their marker. Photo alt text and source_url are EPUB/metadata only and are left out.
The formats mirror src/layout/{masthead,pieces}.rs and src/locale.rs; keep them in step.
"""

import datetime
import glob
import json
import os
import sys
import tomllib

AR_MONTHS = ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو",
             "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر"]
AR_WEEKDAYS = ["الإثنين", "الثلاثاء", "الأربعاء", "الخميس", "الجمعة", "السبت", "الأحد"]
EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July",
             "August", "September", "October", "November", "December"]
EN_WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def is_arabic(lang):
    return lang.replace("_", "-").split("-")[0].lower() == "ar"


def long_date(date, lang):
    """locale::long_date: «الإثنين 28 يونيو 2021» or "Monday 28 June 2021"."""
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date[:10])
    if is_arabic(lang):
        days, months = AR_WEEKDAYS, AR_MONTHS
    else:
        days, months = EN_WEEKDAYS, EN_MONTHS
    return f"{days[date.weekday()]} {date.day} {months[date.month - 1]} {date.year}"


def issue_label(number, lang):
    return f"العدد {number}" if is_arabic(lang) else f"No. {number}"


def article_files(manifest_path, patterns):
    """The manifest's `articles`: files, folders (sorted by name) or globs, in order."""
    base = os.path.dirname(os.path.abspath(manifest_path))
    files = []
    for pattern in patterns:
        path = os.path.join(base, pattern)
        if os.path.isdir(path):
            found = sorted(os.path.join(path, f) for f in os.listdir(path))
        elif glob.has_magic(pattern):
            found = sorted(glob.glob(path))
        else:
            found = [path]
        for f in found:
            if f.endswith(".md"):
                raise SystemExit(f"{f}: Markdown articles are not read here; give --source")
            if f.endswith(".json") and f not in files:
                files.append(f)
    return files


def paragraphs_of(text):
    """A plain-text body: parts separated by blank lines, line breaks folded into spaces."""
    parts, current = [], []
    for line in text.lstrip("\ufeff").splitlines():
        if line.strip():
            current.append(line.strip())
        elif current:
            parts.append(" ".join(current))
            current = []
    if current:
        parts.append(" ".join(current))
    return parts


def photo_strings(image):
    return [s for s in (image.get("caption"), image.get("credit")) if s and s.strip()]


def article_strings(article, edition_lang):
    """What the PDF prints of one article, in reading order."""
    lang = article.get("lang") or edition_lang
    out = []
    label = [s for s in (article.get("section"), article.get("kicker")) if s and s.strip()]
    if label:
        out.append(" | ".join(label))
    out.append(article["title"])
    if article.get("subtitle"):
        out.append(article["subtitle"])
    byline = [article["byline"]] if article.get("byline") else []
    if article.get("published"):
        byline.append(long_date(article["published"], lang))
    if byline:
        out.append(" — ".join(byline))
    if article.get("image"):
        out += photo_strings(article["image"])
    body = article["body"]
    if isinstance(body, str):
        return out + paragraphs_of(body)
    for block in body:
        kind = block.get("type")
        if kind in ("paragraph", "heading"):
            out.append(block["text"])
        elif kind == "quote":
            out.append(block["text"])
            if block.get("cite", "").strip():
                out.append("— " + block["cite"].strip())
        elif kind == "image":
            out += photo_strings(block)
        elif kind == "list":
            items = [i for i in block["items"] if i.strip()]
            for n, item in enumerate(items, 1):
                out.append(f"{n}. {item}" if block.get("ordered") else f"• {item}")
    return out


def edition_sources(manifest_path, pages=1, dateline=None):
    """Every string the edition's PDF prints; `pages` adds the running heads' page numbers.
    `dateline` is the masthead's date line as sahifa sets it (it carries the Hijri date, which
    needs the Umm al-Qura calendar that Python lacks); without it, the line is rebuilt here
    without the Hijri date."""
    with open(manifest_path, "rb") as f:
        manifest = tomllib.load(f)
    lang = manifest.get("lang", "ar")
    name, date = manifest["name"], manifest.get("date")
    out = []
    if not manifest.get("logo"):
        out.append(name)
    if manifest.get("tagline"):
        out.append(manifest["tagline"])
    if dateline is None:
        parts = []
        if date:
            parts.append(long_date(date, lang))
        if manifest.get("number") is not None:
            parts.append(issue_label(manifest["number"], lang))
        dateline = " — ".join(parts)
    if dateline:
        out.append(dateline)
    for n in range(2, pages + 1):
        out.append(f"{name} — {long_date(date, lang)}" if date else name)
        out.append(str(n))
    for path in article_files(manifest_path, manifest.get("articles", [])):
        with open(path, encoding="utf-8") as f:
            out += article_strings(json.load(f), lang)
    return [s.strip() for s in out if s.strip()]


def arabic_digits(n):
    return "".join(chr(0x0660 + int(d)) for d in str(n))


def edition_furniture(manifest_path, pages=1, design=None):
    """What the layout may print that no source string has, for a PDF of `pages` pages: in
    the newspaper design (the default), a jump line to any page after the front page and a
    continuation head for any article, from page 1 or a page inside (locale::jump_to,
    locale::jump_from, locale::jump_from_page). Which stories jump,
    and where to, is the layout's choice; the scorer counts these as printed, not as required."""
    with open(manifest_path, "rb") as f:
        manifest = tomllib.load(f)
    if (design or manifest.get("pdf", {}).get("design", "newspaper")) != "newspaper":
        return []
    lang = manifest.get("lang", "ar")
    out = []
    for n in range(2, pages + 1):
        out.append(f"التتمة ص {arabic_digits(n)}" if is_arabic(lang) else f"Continued on page {n}")
    for path in article_files(manifest_path, manifest.get("articles", [])):
        with open(path, encoding="utf-8") as f:
            title = json.load(f)["title"]
        if is_arabic(lang):
            out.append(f"تابع: {title} — من الصفحة الأولى")
        else:
            out.append(f"Continued: {title} — from page 1")
        # An inside story's continuation names the page it jumped from (locale::jump_from_page).
        for n in range(2, pages + 1):
            if is_arabic(lang):
                out.append(f"تابع: {title} — من الصفحة {arabic_digits(n)}")
            else:
                out.append(f"Continued: {title} — from page {n}")
    return out


if __name__ == "__main__":
    json.dump(edition_sources(sys.argv[1]), sys.stdout, ensure_ascii=False, indent=1)
    print()
