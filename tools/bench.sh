#!/bin/bash
# Speed and memory of budgetconv against its peers, on books of growing size
# built from the bundled sample (fresh NO numbers per copy).  Prints, per
# conversion and size, the median wall and CPU time over several runs, MB/s,
# records/s and peak RSS; then the same for the peers that write the same
# cells as the workbook's data sheets (tools/bench/cells.py) from the same
# NDJSON — a bare C floor (jansson + libxlsxwriter constant_memory),
# Python XlsxWriter (constant_memory), openpyxl (write_only) and pandas
# (to_excel) — with the ratio budgetconv/peer of wall and of CPU time.  Every
# conversion and peer runs once per round, alternating, so a slow moment of
# the machine falls on all of them alike.  A benchmark, not a test: it asserts only that the peers
# wrote the same cells (checked once, on the smallest book).
#
#   tools/bench.sh [-b BUILD_DIR] [-r RUNS] [-p] [PAGES...]
#     -b  the build to measure (default: build)
#     -r  runs per conversion; the median is shown (default: 3)
#     -p  leave the peers out
#     PAGES  book sizes in pages (default: 1000 10000 100000)
set -eu
cd "$(dirname "$0")/.."
build=build runs=3 peers=yes
while getopts b:r:p opt; do
    case $opt in
    b) build=$OPTARG ;;
    r) runs=$OPTARG ;;
    p) peers=no ;;
    *) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2; exit 64 ;;
    esac
done
shift $((OPTIND - 1))
sizes=${*:-1000 10000 100000}
bc=$(cd "$build" && pwd)/budgetconv
[ -x "$bc" ] || { echo "bench: no $bc: build first (tools/quickstart.sh)" >&2; exit 66; }
# In a shared build, budgetconv is libtool's wrapper script, which starts a
# shell before the binary (50 ms and more on a busy machine, a fifth of a
# 1,000-page conversion): the binary is what is measured, as installed.
if [ -x "$(dirname "$bc")/.libs/budgetconv" ]; then
    LD_LIBRARY_PATH=$(dirname "$bc")/core/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
    export LD_LIBRARY_PATH
    bc=$(dirname "$bc")/.libs/budgetconv
fi
[ -x /usr/bin/time ] || { echo "bench: needs /usr/bin/time (apt-get install time)" >&2; exit 69; }
py=/usr/bin/python3
sample=samples/minato-r2-059-068.txt
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# The peers that are here; each missing one is named once.
peer_list=
if [ "$peers" = yes ]; then
    if cc -O2 -o "$tmp/floor" tools/bench/floor.c \
        $(pkg-config --cflags --libs jansson xlsxwriter) 2>"$tmp/cc.log"; then
        peer_list=" c-floor"
    else
        echo "skipped: c-floor (cannot build tools/bench/floor.c: $(head -1 "$tmp/cc.log"))"
    fi
    for p in xlsxwriter openpyxl pandas; do
        if "$py" -c "import $p" 2>/dev/null; then
            peer_list="$peer_list $p"
        else
            echo "skipped: $p (not installed: apt-get install python3-$p)"
        fi
    done
fi

# run NAME INPUT RECORDS COMMAND...: one timed run, appended to $tmp/times.
run() {
    local name=$1 input=$2 records=$3
    shift 3
    /usr/bin/time -f '%e %U %S %M' -o "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
        { echo "bench: $name failed:" >&2; cat "$tmp/err" >&2; exit 70; }
    read -r wall user sys rss <"$tmp/t"
    echo "$name $(wc -c <"$input") $records $wall $user $sys $rss" >>"$tmp/times"
}

peer() { # peer NAME: sets the array cmd to the peer's command, less its IN OUT
    case $1 in
    c-floor) cmd=("$tmp/floor") ;;
    *) cmd=("$py" tools/bench/peer.py "$1") ;;
    esac
}

printf '%-7s %-18s %8s %8s %8s %8s %10s %9s %9s %9s\n' pages conversion "MB in" "wall s" \
    "cpu s" "MB/s" records/s "peak MiB" ratio "cpu ratio"
checked=no
for pages in $sizes; do
    b=$tmp/book
    awk -v n="$(( (pages + 9) / 10 ))" '{ lines[NR] = $0 }
        END { for (k = 0; k < n; k++) for (i = 1; i <= NR; i++) {
                  l = lines[i]
                  if (l ~ /^NO [0-9]+$/) l = "NO " (substr(l, 4) + 1000 * k)
                  print l } }' "$sample" >"$b.txt"
    records=$(grep -c '^NO [0-9]' "$b.txt")
    "$bc" -q -t json -o "$b.json" "$b.txt"
    "$bc" -q -t json -O ndjson -o "$b.ndjson" "$b.txt"
    "$bc" -q -t csv -O table=full -o "$b.csv" "$b.txt"

    if [ "$checked" = no ] && [ -n "$peer_list" ]; then
        "$bc" -q -o "$tmp/ref.xlsx" "$b.ndjson"
        for p in $peer_list; do
            peer "$p"
            "${cmd[@]}" "$b.ndjson" "$tmp/peer.xlsx"
            (cd tools/bench && "$py" same_cells.py "$tmp/ref.xlsx" "$tmp/peer.xlsx") ||
                { echo "bench: $p does not write budgetconv's cells" >&2; exit 70; }
        done
        echo "same cells: budgetconv and$(echo "$peer_list" | sed 's/ /, /g; s/^,//') ($pages pages)"
        checked=yes
    fi

    : >"$tmp/times"
    for _ in $(seq "$runs"); do
        run "rawtext->json" "$b.txt" "$records" "$bc" -q -t json -o "$tmp/o.json" "$b.txt"
        run "rawtext->ndjson" "$b.txt" "$records" "$bc" -q -t json -O ndjson -o "$tmp/o.json" "$b.txt"
        run "rawtext->csv-full" "$b.txt" "$records" "$bc" -q -t csv -O table=full -o "$tmp/o.csv" "$b.txt"
        run "rawtext->xlsx" "$b.txt" "$records" "$bc" -q -o "$tmp/o.xlsx" "$b.txt"
        run "rawtext->markdown" "$b.txt" "$records" "$bc" -q -o "$tmp/o.md" "$b.txt"
        run "ndjson->xlsx" "$b.ndjson" "$records" "$bc" -q -o "$tmp/o.xlsx" "$b.ndjson"
        run "json->xlsx" "$b.json" "$records" "$bc" -q -o "$tmp/o.xlsx" "$b.json"
        run "csv-full->xlsx" "$b.csv" "$records" "$bc" -q -f csv -o "$tmp/o.xlsx" "$b.csv"
        run "json->json" "$b.json" "$records" "$bc" -q -t json -o "$tmp/o2.json" "$b.json"
        for p in $peer_list; do
            peer "$p"
            run "peer:$p" "$b.ndjson" "$records" "${cmd[@]}" "$b.ndjson" "$tmp/p.xlsx"
        done
    done
    # Medians per conversion, in the order first run; peers get the ratio
    # of budgetconv's ndjson->xlsx wall time to theirs, and of CPU time
    # (user + system), which other work on the machine sways less.
    awk -v pages="$pages" '
        { if (!($1 in n)) order[++k] = $1
          i = ++n[$1]; bytes[$1] = $2; recs[$1] = $3
          wall[$1, i] = $4; cpu[$1, i] = $5 + $6; rss[$1, i] = $7 }
        function median(a, name, m,   v, i, j, t) {
            for (i = 1; i <= m; i++) v[i] = a[name, i]
            for (i = 2; i <= m; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) {
                t = v[j]; v[j] = v[j-1]; v[j-1] = t }
            return m % 2 ? v[(m + 1) / 2] : (v[m / 2] + v[m / 2 + 1]) / 2 }
        END {
            ref = median(wall, "ndjson->xlsx", n["ndjson->xlsx"])
            ref_cpu = median(cpu, "ndjson->xlsx", n["ndjson->xlsx"])
            for (o = 1; o <= k; o++) {
                c = order[o]; w = median(wall, c, n[c]); u = median(cpu, c, n[c])
                ratio = c ~ /^peer:/ && w > 0 ? sprintf("%.2f", ref / w) : "-"
                ratio_cpu = c ~ /^peer:/ && u > 0 ? sprintf("%.2f", ref_cpu / u) : "-"
                printf "%-7s %-18s %8.1f %8.2f %8.2f %8.1f %10d %9.1f %9s %9s\n", pages, c,
                    bytes[c] / 1e6, w, u,
                    (w > 0 ? bytes[c] / 1e6 / w : 0), (w > 0 ? recs[c] / w : 0),
                    median(rss, c, n[c]) / 1024, ratio, ratio_cpu }
        }' "$tmp/times"
done
echo "ratio, cpu ratio: budgetconv ndjson->xlsx wall, CPU time / the peer's (below 1: budgetconv is faster)"
