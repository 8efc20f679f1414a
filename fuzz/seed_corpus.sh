#!/usr/bin/env bash
# Fills fuzz/corpus/<target>/ with starting inputs from the examples and the seed article
# (corpus/ is git-ignored: libFuzzer grows it while it runs).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/article_json corpus/article_markdown corpus/text_pipeline
cp ../examples/dostor/article.json ../examples/dostor/more/*.json corpus/article_json/
printf '%s' '{"title":"t","body":"p","image":{"src":"photos/rocket.jpg","alt":"x"}}' > corpus/article_json/photo.json
printf '%s' '{"title":"t","body":[{"type":"image","src":"photos/camera.png","caption":"c"},{"type":"list","items":["a"]},{"type":"quote","text":"q","cite":"c"}]}' > corpus/article_json/blocks.json
printf '%s\n' '---' 'title: صاروخ «فالكون 9»' 'section: علوم' 'published: 2021-06-28' \
    'image: {src: photos/rocket.jpg, alt: صاروخ ينطلق ليلًا, caption: انطلاق}' '---' \
    'First paragraph…' '' '## A subheading' '' '> A quote.' '>' '> — Its source' '' \
    '![The caption](photos/camera.png "alt text")' '' '- one' '- two' > corpus/article_markdown/full.md
printf '%s\n' '---' 'title: t' '---' 'p' > corpus/article_markdown/small.md
seed=../tests/data/dostor-qatar-blinken.txt
i=0
# One paragraph per file, behind each of a few option bytes (role, language, size, alignment).
while IFS= read -r line; do
    [ -n "$line" ] || continue
    i=$((i + 1))
    for opt in '\x00' '\x05' '\x42' '\xc3'; do
        { printf "$opt"; printf '%s' "$line"; } > "corpus/text_pipeline/seed-$i-${opt#\\x}"
    done
done < <(cat "$seed" 2>/dev/null; jq -r '.. | .text? // empty' ../examples/dostor/*.json ../examples/dostor/more/*.json)
printf '\x00%s' 'قال 25 مسؤولاً في NATO ‮abc‬ بِسْمِ اللَّهِ لا e\u0301' > corpus/text_pipeline/mixed
# The PDF writer's target reads the same shape of input (an option byte, then text).
mkdir -p corpus/pdf_page
cp corpus/text_pipeline/* corpus/pdf_page/
# HTML bodies and feeds from the format fixtures.
mkdir -p corpus/html_body corpus/feed
for f in ../tests/data/formats/story-html.json ../tests/data/inline/*.json; do
    jq -r '.body_html' "$f" > "corpus/html_body/$(basename "$f" .json).html"
done
cp ../tests/data/formats/science.rss ../tests/data/formats/science.atom corpus/feed/
echo "corpus: $(ls corpus/article_json | wc -l) JSON and $(ls corpus/article_markdown | wc -l) Markdown articles, $(ls corpus/text_pipeline | wc -l) texts"
