#!/bin/sh
# Measures speed and peak memory of every exporter on books of growing size,
# built by repeating the bundled sample with fresh record numbers.  Flat
# memory across sizes is the streaming promise; prints a table, asserts
# nothing.
#   tools/bench.sh [BUILD_DIR] [REPEATS...]     (default: build 1 100 1000)
set -eu
cd "$(dirname "$0")/.."
build=${1:-build}
shift 2>/dev/null || true
sizes=${*:-1 100 1000}
bin=$build/budgetconv
[ -x "$bin" ] || { echo "no $bin: build first (tools/quickstart.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
sample=samples/minato-r2-059-068.txt
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-8s %8s %10s %-9s %9s %10s %12s\n' repeats records "input KiB" format seconds "peak KiB" "records/s"
for n in $sizes; do
    book=$tmp/book-$n.txt
    awk -v n="$n" '{ lines[NR] = $0 }
        END { for (k = 0; k < n; k++) for (i = 1; i <= NR; i++) {
                  l = lines[i]
                  if (l ~ /^NO [0-9]+$/) l = "NO " (substr(l, 4) + 1000 * k)
                  print l } }' "$sample" >"$book"
    records=$(grep -c '^NO [0-9]' "$book")
    kib=$(( $(wc -c <"$book") / 1024 ))
    for fmt in json csv xlsx markdown; do
        ext=$fmt; [ "$fmt" = markdown ] && ext=md
        /usr/bin/time -f '%e %M' -o "$tmp/time" "$bin" -q -t "$fmt" -o "$tmp/out.$ext" "$book" ||
            { echo "budgetconv failed on $fmt" >&2; exit 1; }
        read -r secs peak <"$tmp/time"
        rate=$(awk -v r="$records" -v s="$secs" 'BEGIN { printf "%d", (s > 0 ? r / s : 0) }')
        printf '%-8s %8s %10s %-9s %9s %10s %12s\n' "$n" "$records" "$kib" "$fmt" "$secs" "$peak" "$rate"
    done
done
