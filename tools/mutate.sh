#!/bin/sh
# Mutation testing (docs/testing.md): makes one-line bugs in the C sources
# with the operators of tools/mutate.py, applies each alone in a scratch
# copy of the tree (never this one), rebuilds what changed, runs the tests
# and says whether they noticed: killed, survived, stillborn (does not
# compile), same-code (compiles to the very same objects: equivalent), or
# equivalent (listed under "## Equivalent" in tests/mutation-survivors.md).
#
#   tools/mutate.sh [options] [PATH...]      PATH: files or folders (core plugins)
#     -x PATH     leave PATH out (repeatable), e.g. -x plugins/rawtext
#     -n N        a random sample of N mutants (the same N for the same seed)
#     -s SEED     the sample's seed (1)
#     -o OPS      only these operators, comma-separated (tools/mutate.py operators)
#     -i IDS      only these mutants, comma-separated ids (e.g. to retest survivors)
#     -j N        mutants tested at once, each in its own scratch build (2)
#     -t TESTS    the tests to run, as for make check TESTS='...' (all of them)
#     --fast      all tests but the slowest (MUTATE_SLOW, tests/test_xlsx.py)
#     -T SECONDS  the least time a test gets before it kills the mutant (30;
#                 otherwise 5 times what it takes unmutated)
#     --asan      build the scratch trees with ASan + UBSan, so that a leak or
#                 a memory error kills (slower)
#     -d DIR      scratch directory, kept so builds stay incremental
#                 (/tmp/budgetconv-mutate, or /tmp/budgetconv-mutate-asan)
#     -l          list the mutants and stop
# Prints one line per mutant as it is decided, then a summary per folder;
# the lines are also in DIR/results.txt.  Exit 0 unless the setup failed.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
scratch=
jobs=2 tests= timeout= list=no genargs=
slow=${MUTATE_SLOW:-tests/test_xlsx.py}
fast=no asan=no
while [ $# -gt 0 ]; do
    case $1 in
    -x|-n|-s|-o|-i) genargs="$genargs $1 $2"; shift 2 ;;
    -j) jobs=$2; shift 2 ;;
    -t) tests=$2; shift 2 ;;
    --fast) fast=yes; shift ;;
    --asan) asan=yes; shift ;;
    -T) timeout=$2; shift 2 ;;
    -d) scratch=$2; shift 2 ;;
    -l) list=yes; shift ;;
    -h|--help) sed -n '2,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    -*) echo "mutate.sh: unknown option $1 (see --help)" >&2; exit 64 ;;
    *) break ;;
    esac
done
[ $# -gt 0 ] || set -- core plugins
[ -n "$scratch" ] || { scratch=/tmp/budgetconv-mutate; [ "$asan" = no ] || scratch=$scratch-asan; }
case $scratch in "$src"|"$src"/*)
    echo "mutate.sh: the scratch directory must be outside the source tree" >&2; exit 64 ;;
esac
if [ "$list" = yes ]; then
    # shellcheck disable=SC2086
    python3 "$here/mutate.py" list $genargs "$src" "$@" | python3 -c 'import json, sys
for l in sys.stdin:
    m = json.loads(l)
    print("%s %s:%d %s %s" % (m["id"], m["file"], m["line"], m["op"], m["what"]))'
    exit 0
fi
mkdir -p "$scratch"
scratch=$(cd "$scratch" && pwd)
# One run per scratch directory: a second one would rewrite the mutant
# list and the trees under the first.
if ! mkdir "$scratch/lock" 2>/dev/null; then
    echo "mutate.sh: $scratch is in use by another run (or remove $scratch/lock)" >&2
    exit 75
fi
trap 'rm -rf "$scratch/lock"' EXIT
trap 'exit 130' INT TERM HUP

# shellcheck disable=SC2086
python3 "$here/mutate.py" list $genargs "$src" "$@" >"$scratch/mutants.json"
total=$(wc -l <"$scratch/mutants.json")
[ "$total" -gt 0 ] || { echo "mutate.sh: no mutants in $*" >&2; exit 64; }

# Declared equivalents: the ids in the "## Equivalent" sections of
# tests/mutation-survivors.md and of a plugin's own MUTANTS.md.
equivalent=" $(for f in "$src/tests/mutation-survivors.md" "$src"/plugins/*/MUTANTS.md; do
        [ -f "$f" ] && awk '/^## /{on = /^## Equivalent/} on' "$f"
    done | grep -o '`[0-9a-f]\{8\}`' | tr -d '`' | tr '\n' ' ')"

shared=$(cd "$src/.." && pwd)/shared
ci_tests=$(printf '%s' "$tests")

# A copy of the tracked files as they are in the work tree (edits
# included).  Only files whose content differs are copied, with a new
# time, so that the build redoes exactly what changed.
sync_tree() { # DEST
    (cd "$src" && git ls-files) | while IFS= read -r f; do
        if ! cmp -s "$src/$f" "$1/$f"; then
            mkdir -p "$1/$(dirname "$f")"
            cp "$src/$f" "$1/$f"
        fi
    done
}

setup_worker() { # N
    w=$scratch/w$1
    sync_tree "$w/src"
    # A run stopped half-way left a mutant's objects: rebuild that file.
    if [ -f "$w/dirty" ]; then touch "$w/src/$(cat "$w/dirty")"; rm -f "$w/dirty"; fi
    if [ ! -x "$w/src/configure" ] || [ "$w/src/configure.ac" -nt "$w/src/configure" ] ||
        [ "$w/src/Makefile.am" -nt "$w/src/configure" ]; then
        (cd "$w/src" && ./bootstrap) >"$w/setup.log" 2>&1
    fi
    mkdir -p "$w/build"
    if [ ! -f "$w/build/Makefile" ]; then
        # No -g: a mutant that compiles to the same objects is equivalent.
        sanitizers=
        [ "$asan" = no ] || sanitizers=--enable-sanitizers
        (cd "$w/build" && "$w/src/configure" --quiet CFLAGS=-O2 $sanitizers \
            --with-shared-dir="$shared") >>"$w/setup.log" 2>&1
    fi
    (cd "$w/build" && make -j1 check TESTS=) >>"$w/setup.log" 2>&1
    (cd "$w/build" && find . -name '*.o' -exec md5sum {} + | sort -k2) >"$w/objects.md5"
}

# The tests, fastest first: a mutant is killed by the first test that
# fails, so most mutants cost a few seconds.
test_list() { # BUILD
    if [ -n "$ci_tests" ]; then echo "$ci_tests"; return; fi
    (cd "$1" && make -s -f Makefile -f - print-tests <<'EOF'
print-tests:
	@echo $(TESTS)
EOF
    ) | tr ' ' '\n' | sed 's/\$(EXEEXT)//' | awk -v slow=" $slow " -v fast="$fast" '
        fast == "yes" && index(slow, " " $0 " ") { next }
        /test_core|test_registry|replay|radical/ { print 1, $0; next }
        /\.c$|test_rawtext|test_driver|test_json|test_markdown|sample_report/ { print 2, $0; next }
        /test_xlsx/ { print 4, $0; next }
        { print 3, $0 }' | sort -n -s | cut -d' ' -f2
}

# Kills what a timed-out test left running in BUILD: Criterion's workers
# leave timeout's process group, and a looping one would spin for ever; so
# would a looping budgetconv that a shell test started from its own
# temporary directory (its program is in BUILD).
reap() { # BUILD
    for p in /proc/[0-9]*; do
        case "$(readlink "$p/cwd" 2>/dev/null) $(readlink "$p/exe" 2>/dev/null)" in
        "$1 "*|"$1/"*|*" $1/"*) kill -9 "${p#/proc/}" 2>/dev/null || true ;;
        esac
    done
}

# Runs the tests until one fails: 0 all passed, 1 one failed, 2 one ran
# past its time (each test gets 5 times what it took unmutated, at least
# the -T seconds); prints the test that failed.  With a file name as $2 it
# is the unmutated run, and writes each test's seconds there.
run_tests() { # BUILD [TIMES-FILE]
    for t in $(test_list "$1"); do
        limit=3600
        if [ -z "${2:-}" ]; then
            limit=$(awk -v t="$t" -v min="$timeout" '$1 == t { s = 5 * $2 } END { print (s > min ? s : min) }' "$scratch/times")
        fi
        start=$(date +%s)
        rc=0
        (cd "$1" && timeout -k 5 "$limit" make -s check TESTS="$t" >/dev/null 2>&1) || rc=$?
        [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || reap "$1"
        [ -z "${2:-}" ] || echo "$t $(( $(date +%s) - start ))" >>"$2"
        if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then echo "$t"; return 2; fi
        if [ "$rc" -ne 0 ]; then echo "$t"; return 1; fi
    done
    return 0
}

# Tests mutants number K, K+JOBS, ... of the list in worker K.
worker() { # K
    w=$scratch/w$1
    out=$scratch/results.w$1
    : >"$out"
    line=0
    # The list comes in on descriptor 3: the tests get /dev/null as their
    # standard input (budgetconv without an input reads it, and would eat
    # the rest of the list).
    while IFS= read -r m <&3; do
        line=$((line + 1))
        [ $(( (line - 1) % jobs + 1 )) -eq "$1" ] || continue
        id=$(printf '%s' "$m" | sed 's/^{"id": "\([0-9a-f]*\)".*/\1/')
        file=$(printf '%s' "$m" | python3 -c 'import json,sys; m=json.load(sys.stdin); print(m["file"])')
        desc=$(printf '%s' "$m" | python3 -c 'import json,sys; m=json.load(sys.stdin); print("%s:%d %s %s" % (m["file"], m["line"], m["op"], m["what"]))')
        cp "$w/src/$file" "$w/original"
        printf '%s\n' "$file" >"$w/dirty"
        python3 "$here/mutate.py" apply "$m" "$w/src"
        by=
        # Everything make check needs, the test programs included.
        if ! (cd "$w/build" && make -j1 check TESTS= >"$w/make.log" 2>&1); then
            status=stillborn
        elif (cd "$w/build" && find . -name '*.o' -exec md5sum {} + | sort -k2) | cmp -s - "$w/objects.md5"; then
            status=same-code
        else
            rc=0
            by=$(run_tests "$w/build") || rc=$?
            case $rc in
            0) status=survived ;;
            1) status=killed ;;
            *) status=killed by="$by (timeout)" ;;
            esac
            case $equivalent in *" $id "*)
                [ "$status" = survived ] && status=equivalent || status="$status(listed-equivalent)" ;;
            esac
        fi
        # A new time, so that the next build puts back the right objects.
        cat "$w/original" >"$w/src/$file"
        rm -f "$w/dirty"
        printf '%-11s %s %s%s\n' "$status" "$id" "$desc" "${by:+  [$by]}" | tee -a "$out"
    done 3<"$scratch/mutants.json" </dev/null
    (cd "$w/build" && make -j1 check TESTS= >"$w/make.log" 2>&1) || true
}

echo "mutate.sh: $total mutants, $jobs at a time, scratch builds in $scratch"
k=1
while [ "$k" -le "$jobs" ]; do
    setup_worker "$k" || { echo "mutate.sh: the scratch build failed: $scratch/w$k/setup.log" >&2; exit 70; }
    k=$((k + 1))
done
# The suite must pass before a failure can mean anything; its times set
# the timeouts.
start=$(date +%s)
: >"$scratch/times"
if by=$(run_tests "$scratch/w1/build" "$scratch/times"); then :; else
    echo "mutate.sh: $by fails without any mutant; fix that first" >&2
    exit 70
fi
base=$(( $(date +%s) - start ))
[ -n "$timeout" ] || timeout=30
echo "mutate.sh: the tests pass in ${base}s unmutated; a test that runs 5 times longer (at least ${timeout}s) kills a mutant"

k=1
while [ "$k" -le "$jobs" ]; do
    worker "$k" &
    k=$((k + 1))
done
wait
cat "$scratch"/results.w* >"$scratch/results.txt"

# Per folder: made, stillborn, same-code, equivalent, killed, survived, and
# the score: killed / (killed + survived).
awk '{
        split($3, p, ":"); dir = p[1]; sub(/\/[^\/]*$/, "", dir)
        s = $1; sub(/\(.*/, "", s)
        n[dir]++; c[dir, s]++; N++; C[s]++; dirs[dir] = 1
     }
     function row(name, made, sb, sc, eq, k, sv) {
        printf "%-18s %5d %9d %9d %10d %6d %8d  %s\n", name, made, sb, sc, eq, k, sv,
            k + sv ? sprintf("%.0f%%", 100 * k / (k + sv)) : "-"
     }
     END {
        printf "\n%-18s %5s %9s %9s %10s %6s %8s  %s\n", "folder", "made", "stillborn", "same-code",
            "equivalent", "killed", "survived", "score"
        for (d in dirs)
            row(d, n[d], c[d, "stillborn"], c[d, "same-code"], c[d, "equivalent"], c[d, "killed"], c[d, "survived"])
        row("total", N, C["stillborn"], C["same-code"], C["equivalent"], C["killed"], C["survived"])
     }' "$scratch/results.txt"
echo
grep '^survived' "$scratch/results.txt" || echo "no survivors"
