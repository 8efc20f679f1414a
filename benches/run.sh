#!/usr/bin/env bash
# Benchmark of `sahifa edition` on synthetic days of N articles (examples/gen_day.rs): wall time
# and peak memory (/usr/bin/time -v) for EPUB, PDF and both, written to BENCHMARKS.md.
#
#   benches/run.sh                      # N = 50, 200, 1000; 3 runs each; seed 1
#   SIZES="200" RUNS=5 benches/run.sh   # other sizes or repetitions
#
# Speed is measured here, never asserted in tests. A format that fails (not built yet, a crash,
# a timeout) is recorded in the table with its exit code and first error line; the script goes
# on with the rest. Days are generated into benches/out/ (git-ignored) and reused when the
# generator, seed and photos are unchanged.
set -uo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"50 200 1000"}
RUNS=${RUNS:-3}
SEED=${SEED:-1}
PHOTOS=${PHOTOS:-tests/data/photos}
TEXT=${TEXT:-tests/data/dostor-qatar-blinken.txt}
TIMEOUT=${TIMEOUT:-900}
OUT=benches/out
RESULT=${RESULT:-BENCHMARKS.md}
BIN=target/release/sahifa
LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
GEN=target/release/examples/gen_day

if [ ! -x /usr/bin/time ]; then
    echo "installing GNU time (Debian package \`time\`) for peak memory" >&2
    if [ "$(id -u)" = 0 ]; then apt-get install -y time >&2; else sudo apt-get install -y time >&2; fi
fi
[ -x /usr/bin/time ] || { echo "error: /usr/bin/time is missing; apt-get install time" >&2; exit 1; }

# One release build of the binary and the generator, before anything is timed.
cargo build --release --bin sahifa --example gen_day || exit 1
mkdir -p "$OUT"

# Seconds from GNU time's "h:mm:ss" or "m:ss.cc".
secs() { awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; printf "%.2f", s }'; }
# A value of GNU time's -v report, e.g. field 'Maximum resident set size (kbytes)' FILE.
field() { grep -F "$1: " "$2" | sed 's/.*: //'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'; }

rows=()
gen_rows=()
for n in $SIZES; do
    day="$OUT/day-$n"
    stamp="$day/.made-by"
    want="seed=$SEED gen=$(sha256sum "$GEN" | cut -c1-16) photos=$PHOTOS text=$TEXT"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        tf=$(mktemp)
        if ! /usr/bin/time -v -o "$tf" "$GEN" --articles "$n" --out "$day" --seed "$SEED" \
            --photos "$PHOTOS" --text "$TEXT" > "$OUT/day-$n.log"; then
            gen_rows+=("| $n | generation failed | | |")
            rm -f "$tf"
            continue
        fi
        cat "$OUT/day-$n.log" >&2
        echo "$want" > "$stamp"
        size=$(du -sm --exclude=out-* "$day" | cut -f1)
        gen_rows+=("| $n | $(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$tf" | secs) | $(( $(field 'Maximum resident set size (kbytes)' "$tf") / 1024 )) | $size |")
        rm -f "$tf"
    else
        gen_rows+=("| $n | (reused) | | $(du -sm --exclude=out-* "$day" | cut -f1) |")
    fi
    if ! check=$("$BIN" check "$day/edition.toml" --quiet 2>&1); then
        rows+=("| $n | check | | | | | ✗ \`sahifa check\` failed: $(echo "$check" | head -1) |")
        continue
    fi

    for fmt in check epub pdf epub,pdf preview; do
        walls=()
        peak=0
        status="ok"
        bytes=""
        pages=""
        for ((r = 1; r <= RUNS; r++)); do
            dest="$day/out-${fmt/,/-}"
            rm -rf "$dest"
            tf=$(mktemp)
            if [ "$fmt" = check ]; then
                cmd=("$BIN" check "$day/edition.toml" --json --quiet)
            elif [ "$fmt" = preview ]; then
                # Every page of the print edition as a PNG at 100 dpi (aim, issue 11: a 250-page
                # day under 3 s on 2 cores); "output MB" is the pictures together.
                cmd=("$BIN" preview "$day/edition.toml" -o "$dest" --dpi 100 --json --quiet)
            else
                cmd=("$BIN" edition "$day/edition.toml" -o "$dest" --format "$fmt" --json --quiet)
            fi
            timeout "$TIMEOUT" /usr/bin/time -v -o "$tf" "${cmd[@]}" > "$day/report.json" 2> "$day/stderr.txt"
            rc=$?
            wall=$(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$tf" | secs)
            rss=$(field 'Maximum resident set size (kbytes)' "$tf")
            rm -f "$tf"
            if [ "$rc" -ne 0 ]; then
                if [ "$rc" -eq 124 ]; then
                    why="timed out after ${TIMEOUT} s"
                else
                    why=$(grep -m1 -E '^(error|thread)' "$day/stderr.txt" | cut -c1-120)
                fi
                status="✗ exit $rc: ${why:-no message}"
                walls=("$wall")
                peak=${rss:-0}
                break
            fi
            walls+=("$wall")
            [ "${rss:-0}" -gt "$peak" ] && peak=$rss
            if command -v jq > /dev/null; then
                bytes=$(jq '[.outputs[].bytes] | add // 0' "$day/report.json")
                pages=$(jq '.counts.pages // empty' "$day/report.json")
            fi
        done
        med=$(printf '%s\n' "${walls[@]}" | median)
        range=$(printf '%s\n' "${walls[@]}" | sort -g | awk 'NR==1{a=$1} {b=$1} END{if (NR>1) printf " (%s–%s)", a, b}')
        size=""
        [ -n "$bytes" ] && [ "$bytes" != 0 ] && size=$(awk -v b="$bytes" 'BEGIN { printf "%.1f", b / 1e6 }')
        [ "$pages" = 0 ] && pages=""
        rows+=("| $n | $fmt | $med$range | $((peak / 1024)) | $size | $pages | $status |")
        echo "N=$n $fmt: ${med}s, $((peak / 1024)) MB, $status" >&2
    done
done

commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- src Cargo.toml Cargo.lock || commit="$commit + uncommitted changes"
{
    echo "# Benchmarks"
    echo
    echo "Made by \`benches/run.sh\` (it rewrites this file). Each row runs"
    echo "\`sahifa edition DAY/edition.toml -o DIR --format F --json --quiet\` (or \`sahifa check\`, the"
    echo "input stage alone, or \`sahifa preview DAY/edition.toml -o DIR --dpi 100\` for \`preview\`) on a synthetic day from \`examples/gen_day.rs\` (seed $SEED): N articles of"
    echo "real Arabic text, 4–12 paragraphs and 1–2 subheadings each, one 1600×1067 JPEG lead photo each."
    echo "Wall time is the median of $RUNS runs (min–max); peak memory is the largest maximum resident"
    echo "set size of those runs, from \`/usr/bin/time -v\`. A failed format is run once and its exit code"
    echo "and first error line are shown. Release build, default threads (\`-j\` not given)."
    echo
    echo "Aims (issue 4): 200 articles with 200 photos, EPUB and PDF together, under 2 s on 2 cores;"
    echo "peak memory at N = 1000 under 300 MB and not growing in step with N."
    echo
    echo "## Machine"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), \`nproc\` = $(nproc)"
    echo "- memory: $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
    echo "- load average when the script started: $LOAD (the machine may be shared)"
    echo "- $(uname -sr), $(rustc --version)"
    echo "- sahifa commit: $commit"
    echo
    echo "## Results"
    echo
    echo "| N | format | wall s | peak RSS MB | output MB | pages | result |"
    echo "| --: | --- | --: | --: | --: | --: | --- |"
    printf '%s\n' "${rows[@]}"
    echo
    echo "## Generating the days"
    echo
    echo "\`gen_day\` itself (release, all cores), for reference; \"reused\" means the day on disk was"
    echo "made earlier by the same generator binary with the same seed and photos."
    echo
    echo "| N | wall s | peak RSS MB | day on disk MB |"
    echo "| --: | --: | --: | --: |"
    printf '%s\n' "${gen_rows[@]}"
    echo
    echo "The text comes from the seed article and the shipped examples ($(grep -ho 'from [0-9]* sentences' "$OUT"/day-*.log 2>/dev/null | head -1 | cut -d' ' -f2) sentences):"
    echo "sentences repeat across articles (paragraphs are 1–3 sentences drawn from a per-article"
    echo "shuffle), so an exporter that caches shaped paragraphs would gain more here than on a real day."
} > "$RESULT"
echo "wrote $RESULT" >&2
