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
# A conversion's time holds its exporter's, so the importers are also timed
# alone (tools/bench/import.c, built here against the build): rows
# import:rawtext (the book's text), import:ndjson (the json importer on its
# NDJSON) and import:csv-full, whose cpu s is the best of 3 passes in one
# process (the median of that over the runs), and whose MB/s and
# records/s are of CPU time: what the importer reads on one core.
#
#   tools/bench.sh [-b BUILD_DIR] [-B OTHER_BUILD_DIR] [-r RUNS] [-p] [PAGES...]
#     -b  the build to measure (default: build)
#     -B  also time the importers of another build (a build of an older
#         commit, say), alternating with this one's: rows import:FORMAT@B,
#         and on this build's import rows the speed-up, that build's CPU
#         time / this one's (above 1: this build is faster)
#     -r  runs per conversion; the median is shown (default: 3)
#     -p  leave the peers out
#     PAGES  book sizes in pages (default: 1000 10000 100000)
set -eu
cd "$(dirname "$0")/.."
build=build other='' runs=3 peers=yes
while getopts b:B:r:p opt; do
    case $opt in
    b) build=$OPTARG ;;
    B) other=$OPTARG ;;
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
py=/usr/bin/python3
sample=samples/minato-r2-059-068.txt
tmp=$(mktemp -d "${TMPDIR:-/tmp}/bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

# Every run is timed by tools/bench/timed.c, in microseconds; GNU time
# counts hundredths of a second, a twentieth of a 1,000-page ratio.
if cc -O2 -o "$tmp/timed" tools/bench/timed.c 2>"$tmp/cc.log"; then
    timer=("$tmp/timed")
elif [ -x /usr/bin/time ]; then
    echo "note: times in 10 ms steps (cannot build tools/bench/timed.c: $(grep -m1 . "$tmp/cc.log"))"
    timer=(/usr/bin/time -f '%e %U %S %M' -o)
else
    echo "bench: cannot build tools/bench/timed.c and has no /usr/bin/time (apt-get install time)" >&2
    exit 69
fi

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
    # a peer is timed only once its workbook is known to hold budgetconv's
    # cells, which tools/bench/same_cells.py reads with openpyxl
    if [ -n "$peer_list" ] && ! "$py" -c "import openpyxl" 2>/dev/null; then
        echo "skipped:$peer_list (their cells are checked with openpyxl: apt-get install python3-openpyxl)"
        peer_list=
    fi
fi

make_var() { sed -n "s/^$2 = //p" "$1/Makefile"; } # make_var BUILD NAME

# build_importer BUILD OUT WHAT: builds tools/bench/import.c as OUT against
# BUILD as it was built: the headers of its own source tree (an older
# commit's, for -B), its config.h, compiler and flags, and its libraries
# (found at run time by an RPATH, not a RUNPATH: LD_LIBRARY_PATH, which
# this script sets for budgetconv, would win over a RUNPATH and give -B's
# tool this build's library).
# On failure prints one line saying why (WHAT is skipped) and returns 1.
build_importer() {
    local b=$1 out=$2 src cc cflags defs='' libs ldlibs
    if [ ! -f "$b/Makefile" ]; then
        echo "skipped: $3 (no $b/Makefile: not a configured build)"
        return 1
    fi
    b=$(cd "$b" && pwd)
    src=$(make_var "$b" abs_top_srcdir) cc=$(make_var "$b" CC)
    cflags="$(make_var "$b" CFLAGS) $(make_var "$b" SANITIZER_CFLAGS)"
    ldlibs="$(make_var "$b" UTF8PROC_LIBS) $(make_var "$b" LTDL_LIBS) -ldl"
    # The driver's side of bc_input and bc_context moved from the installed
    # library into libbudgetconv-private, and bc_context_new() lost its
    # `checking` flag: older trees have the one library and the flag.
    libs=''
    [ -f "$b/core/.libs/libbudgetconv-private.a" ] && libs=$b/core/.libs/libbudgetconv-private.a
    grep -q 'bool checking' "$src/core/context.h" 2>/dev/null && defs=-DBENCH_CONTEXT_CHECKING
    # shellcheck disable=SC2086 # the flags are words, as make splits them
    if ! $cc -std=c11 $cflags -D_XOPEN_SOURCE=700 $defs -I"$src/include" -I"$src/core" -I"$b" \
        -o "$out" tools/bench/import.c $libs -L"$b/core/.libs" -Wl,--disable-new-dtags,-rpath,"$b/core/.libs" \
        -lbudgetconv $ldlibs 2>"$tmp/cc.log"; then
        echo "skipped: $3 (cannot build tools/bench/import.c against $b: $(grep -m1 . "$tmp/cc.log"))"
        return 1
    fi
}

# The importers timed alone, and the builds they are timed in: NAME TOOL
# PLUGINS per build (NAME is "" for this build, "@B" for -B's).
import_builds=()
if build_importer "$build" "$tmp/import" "importer rows"; then
    import_builds+=("" "$tmp/import" "$(cd "$build" && pwd)/plugins/.libs")
fi
if [ -n "$other" ] && build_importer "$other" "$tmp/import-B" "importer rows of -B $other"; then
    import_builds+=("@B" "$tmp/import-B" "$(cd "$other" && pwd)/plugins/.libs")
fi

# run NAME INPUT RECORDS COMMAND...: one timed run, appended to $tmp/times.
run() {
    local name=$1 input=$2 records=$3
    shift 3
    "${timer[@]}" "$tmp/t" "$@" >/dev/null 2>"$tmp/err" ||
        { echo "bench: $name failed:" >&2; cat "$tmp/err" >&2; exit 70; }
    read -r wall user sys rss <"$tmp/t"
    echo "$name $(wc -c <"$input") $records $wall $user $sys $rss" >>"$tmp/times"
}

# run_import NAME TOOL PLUGIN INPUT RECORDS: one run of an importer alone,
# appended to $tmp/times as run() does, with the tool's best pass as wall
# and CPU time; it must have read every record of the book.
run_import() {
    local name=$1 tool=$2 plugin=$3 input=$4 records=$5 got bytes cpu wall rss
    "${timer[@]}" "$tmp/t" "$tool" -n 3 "$plugin" "$input" >"$tmp/imp" 2>"$tmp/err" ||
        { echo "bench: $name failed:" >&2; cat "$tmp/err" >&2; exit 70; }
    read -r got bytes _ _ cpu wall _ <"$tmp/imp"
    read -r _ _ _ rss <"$tmp/t"
    [ "$got" = "records=$records" ] ||
        { echo "bench: $name: $got, the book has $records" >&2; exit 70; }
    echo "$name ${bytes#bytes=} $records ${wall#wall=} ${cpu#cpu=} 0 $rss" >>"$tmp/times"
}

peer() { # peer NAME: sets the array cmd to the peer's command, less its IN OUT
    case $1 in
    c-floor) cmd=("$tmp/floor") ;;
    *) cmd=("$py" tools/bench/peer.py "$1") ;;
    esac
}

printf '%-7s %-18s %8s %8s %8s %8s %10s %9s %9s %9s %9s\n' pages conversion "MB in" "wall s" \
    "cpu s" "MB/s" records/s "peak MiB" ratio "cpu ratio" speed-up
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
        # Each importer in this build, then in -B's, on the input it reads.
        for f in rawtext:rawtext:txt ndjson:json:ndjson csv-full:csv:csv; do
            IFS=: read -r label plugin ext <<<"$f"
            for ((i = 0; i < ${#import_builds[@]}; i += 3)); do
                run_import "import:$label${import_builds[i]}" "${import_builds[i + 1]}" \
                    "${import_builds[i + 2]}/$plugin.so" "$b.$ext" "$records"
            done
        done
        for p in $peer_list; do
            peer "$p"
            run "peer:$p" "$b.ndjson" "$records" "${cmd[@]}" "$b.ndjson" "$tmp/p.xlsx"
        done
    done
    # Medians per conversion, in the order first run; peers get the ratio
    # of budgetconv's ndjson->xlsx wall time to theirs, and of CPU time
    # (user + system), which other work on the machine sways less.  An
    # importer's speed is of its CPU time, and this build's import rows get
    # the speed-up over -B's.
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
                t = c ~ /^import:/ ? u : w
                b = c "@B"
                speedup = "-"
                if (c ~ /^import:/ && (b in n) && u > 0)
                    speedup = sprintf("%.2f", median(cpu, b, n[b]) / u)
                printf "%-7s %-18s %8.1f %8.3f %8.3f %8.1f %10d %9.1f %9s %9s %9s\n", pages, c,
                    bytes[c] / 1e6, w, u,
                    (t > 0 ? bytes[c] / 1e6 / t : 0), (t > 0 ? recs[c] / t : 0),
                    median(rss, c, n[c]) / 1024, ratio, ratio_cpu, speedup }
        }' "$tmp/times"
done
echo "ratio, cpu ratio: budgetconv ndjson->xlsx wall, CPU time / the peer's (below 1: budgetconv is faster)"
if [ ${#import_builds[@]} -gt 0 ]; then
    echo "import:FORMAT: the importer alone, best of 3 passes in one process; MB/s, records/s of its CPU time"
fi
if [ -n "$other" ] && [ ${#import_builds[@]} -gt 3 ]; then
    echo "@B: the build $other; speed-up: its importer's CPU time / this build's (above 1: this build is faster)"
fi
