#!/usr/bin/env bash
# Benchmark of `sahifa edition` on synthetic days of N articles (examples/gen_day): wall time
# and peak memory (/usr/bin/time -v) for EPUB, PDF and both, written to BENCHMARKS.md. Two kinds
# of day: `plain` (Arabic sentences, one 1600×1067 JPEG per article) and `mixed` (a third of the
# sentences mixed-script, 1–3 photos per article of varied sizes, some PNG).
#
#   benches/run.sh                      # both days, N = 50, 200, 1000; 3 runs each; seed 1
#   SIZES="200" RUNS=5 DAYS=mixed benches/run.sh   # other sizes, repetitions or days
#   RUNS_MIXED=1 benches/run.sh         # fewer runs of the (slower) mixed day
#   PROFILE=0 benches/run.sh            # without the `perf` profile of the mixed day
#
# Speed is measured here, never asserted in tests. A format that fails (not built yet, a crash,
# a timeout) is recorded in the table with its exit code and first error line; the script goes
# on with the rest. Days are generated into benches/out/ (git-ignored) and reused when the
# generator's source, seed and photos are unchanged.
set -uo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"50 200 1000"}
DAYS=${DAYS:-"plain mixed"}
RUNS=${RUNS:-3}
RUNS_MIXED=${RUNS_MIXED:-$RUNS}
PROFILE=${PROFILE:-1}
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

# The generator's source, not its binary: the binary links the library and changes with it,
# while the days it makes do not.
GEN_SRC=$(cat examples/gen_day/*.rs | sha256sum | cut -c1-16)
rows=()
gen_rows=()
for kind in $DAYS; do
for n in $SIZES; do
    case "$kind" in
        plain) day="$OUT/day-$n"; mix=--no-mix; runs=$RUNS ;;
        mixed) day="$OUT/mixed-$n"; mix=--mix; runs=$RUNS_MIXED ;;
        *) echo "error: DAYS takes plain and mixed, not $kind" >&2; exit 1 ;;
    esac
    stamp="$day/.made-by"
    want="seed=$SEED gen=$GEN_SRC photos=$PHOTOS text=$TEXT $mix"
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        tf=$(mktemp)
        if ! /usr/bin/time -v -o "$tf" "$GEN" --articles "$n" --out "$day" --seed "$SEED" \
            --photos "$PHOTOS" --text "$TEXT" "$mix" > "$day.log"; then
            gen_rows+=("| $kind | $n | generation failed | | |")
            rm -f "$tf"
            continue
        fi
        cat "$day.log" >&2
        echo "$want" > "$stamp"
        size=$(du -sm --exclude=out-* --exclude=.photo-cache "$day" | cut -f1)
        gen_rows+=("| $kind | $n | $(field 'Elapsed (wall clock) time (h:mm:ss or m:ss)' "$tf" | secs) | $(( $(field 'Maximum resident set size (kbytes)' "$tf") / 1024 )) | $size |")
        rm -f "$tf"
    else
        gen_rows+=("| $kind | $n | (reused) | | $(du -sm --exclude=out-* --exclude=.photo-cache "$day" | cut -f1) |")
    fi
    if ! check=$("$BIN" check "$day/edition.toml" --quiet 2>&1); then
        rows+=("| $kind | $n | check | | | | | ✗ \`sahifa check\` failed: $(echo "$check" | head -1) |")
        continue
    fi

    for fmt in check epub pdf epub,pdf preview; do
        walls=()
        peak=0
        status="ok"
        bytes=""
        pages=""
        for ((r = 1; r <= runs; r++)); do
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
        rows+=("| $kind | $n | $fmt | $med$range | $((peak / 1024)) | $size | $pages | $status |")
        echo "$kind N=$n $fmt: ${med}s, $((peak / 1024)) MB, $status" >&2
    done
done
done

# Where the time goes: a sampling profile (perf, the kernel's cpu-clock timer: no hardware
# counters needed) of the mixed day of 200 articles, EPUB and PDF together, top 10 symbols by
# self time. Skipped, with the reason in the file, when perf cannot record here.
profile=()
prof_day="$OUT/mixed-200"
if [ "$PROFILE" = 1 ] && [ -f "$prof_day/edition.toml" ]; then
    if ! command -v perf > /dev/null; then
        profile=("(perf is not installed: no profile)")
    elif perf record -e cpu-clock -F 999 -g -o "$OUT/perf.data" -- "$BIN" edition \
        "$prof_day/edition.toml" -o "$prof_day/out-perf" --format epub,pdf --quiet \
        > /dev/null 2> "$OUT/perf.log"; then
        mapfile -t profile < <(perf report -i "$OUT/perf.data" --no-children --sort symbol \
            --stdio -g none 2> /dev/null | grep -E '^ +[0-9.]+%' | head -10 |
            awk '{ p = $1; $1 = ""; sub(/^ +\[[.a-z]\] +/, ""); sub(/^ +/, ""); sub(/ +- +- *$/, ""); printf "| %s | `%s` |\n", p, substr($0, 1, 100) }')
    else
        profile=("(perf record failed: $(tail -1 "$OUT/perf.log"))")
    fi
fi

commit=$(git rev-parse --short HEAD)
git diff --quiet HEAD -- src Cargo.toml Cargo.lock || commit="$commit + uncommitted changes"
{
    echo "# Benchmarks"
    echo
    echo "Made by \`benches/run.sh\` (it rewrites this file). Each row runs"
    echo "\`sahifa edition DAY/edition.toml -o DIR --format F --json --quiet\` (or \`sahifa check\`, the"
    echo "input stage alone, or \`sahifa preview DAY/edition.toml -o DIR --dpi 100\` for \`preview\`) on a"
    echo "synthetic day from \`examples/gen_day\` (seed $SEED): N articles of"
    echo "real text, 4–12 paragraphs and 1–2 subheadings each. The *plain* day (\`--no-mix\`) is Arabic"
    echo "text with one 1600×1067 JPEG lead photo per article. The *mixed* day draws about a third of"
    echo "its sentences from the project's mixed-script test articles (harakat, Latin names and"
    echo "numbers, Persian with ZWNJ, Hebrew, English, an emoji now and then) and gives each article"
    echo "1–3 photos of varied sizes and shapes: 1600×1067, portrait 1067×1600, 4000×2667, 800×600,"
    echo "2400×1000 panoramas (JPEG) and 1200×800 PNG graphics."
    echo "Wall time is the median of $RUNS runs (plain day) and $RUNS_MIXED (mixed day), min–max; peak memory is the largest maximum resident"
    echo "set size of those runs, from \`/usr/bin/time -v\`. A failed format is run once and its exit code"
    echo "and first error line are shown. Release build, default threads (\`-j\` not given)."
    echo
    echo "Aims: the mixed day of 200 articles, EPUB and PDF together, at most 1.5 s on 2 cores; at"
    echo "N = 1000 at most 7 s and peak memory at most 150 MB, not growing in step with N; the plain"
    echo "day of 200 articles no slower than 1.39 s."
    echo
    echo "## Machine"
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), \`nproc\` = $(nproc)"
    echo "- memory: $(awk '/MemTotal/ { printf "%.1f GB", $2 / 1048576 }' /proc/meminfo)"
    echo "- load average when the script started: $LOAD, when it ended: $(cut -d' ' -f1-3 /proc/loadavg) (the machine may be shared)"
    echo "- $(uname -sr), $(rustc --version)"
    echo "- sahifa commit: $commit"
    echo
    echo "## Results"
    echo
    echo "| day | N | format | wall s | peak RSS MB | output MB | pages | result |"
    echo "| --- | --: | --- | --: | --: | --: | --: | --- |"
    printf '%s\n' "${rows[@]}"
    if [ ${#profile[@]} -gt 0 ]; then
        echo
        echo "## Profile: mixed day, N = 200, EPUB and PDF"
        echo
        echo "\`perf record -e cpu-clock -g\`, one run; self time of the top 10 symbols, all threads."
        echo
        if [ "${profile[0]:0:1}" = "|" ]; then
            echo "| self % | symbol |"
            echo "| --: | --- |"
        fi
        printf '%s\n' "${profile[@]}"
    fi
    echo
    echo "## Generating the days"
    echo
    echo "\`gen_day\` itself (release, all cores), for reference; \"reused\" means the day on disk was"
    echo "made earlier from the same generator source, seed and photos."
    echo
    echo "| day | N | wall s | peak RSS MB | day on disk MB |"
    echo "| --- | --: | --: | --: | --: |"
    printf '%s\n' "${gen_rows[@]}"
    echo
    echo "The text comes from the seed article and the shipped examples ($(grep -ho 'from [0-9]* sentences' "$OUT"/*.log 2>/dev/null | head -1 | cut -d' ' -f2) sentences),"
    echo "and on the mixed day also from \`tests/data/mixed\` ($(grep -ho 'and [0-9]* mixed-script' "$OUT"/*.log 2>/dev/null | head -1 | cut -d' ' -f2) sentences):"
    echo "sentences repeat across articles (paragraphs are 1–3 sentences drawn from a per-article"
    echo "shuffle), so an exporter that caches shaped paragraphs would gain more here than on a real day."
} > "$RESULT"
echo "wrote $RESULT" >&2
