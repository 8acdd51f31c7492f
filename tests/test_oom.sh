#!/bin/sh
# Out of memory anywhere (issue 14): the LD_PRELOAD shim tests/fault_shim.c
# makes the Nth allocation of a run fail (or the Nth and every later one),
# as SQLite's tests do, for each importer and a few exporters.  A clean run
# under the shim counts the allocations and where each is made from; then
# N takes the first allocation of each place in the build tree's code, the
# last ones and a few more (see sweep; BC_OOM_RUNS=0 tries every N: some
# minutes).  Each run must either succeed
# with the clean run's output and messages, or exit 71 (EX_OSERR) with one
# "budgetconv: ... out of memory" line; never crash, never leave a partial
# output or a temporary file, never touch the old output.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"
. "$SRCDIR/tests/faultlib.sh"

cd "$tmp" || exit 99
runs=${BC_OOM_RUNS:-sites}
[ "$runs" = 0 ] || runs=sites

if [ ! -f "$shim" ]; then
    skip "fault shim not built"
    done_testing
    exit 0
fi
if [ -n "${BUDGETCONV_ASAN_RUNTIME:-}" ]; then
    # AddressSanitizer's allocator comes first and never calls the shim's.
    skip "out of memory: the shim cannot replace AddressSanitizer's allocator"
    done_testing
    exit 0
fi
if [ -n "${BUDGETCONV_COVERAGE:-}" ]; then
    # gcov writes its counts at exit with allocations of its own, and
    # crashes when they fail.
    skip "out of memory: a coverage build's exit handler needs memory too"
    done_testing
    exit 0
fi

# The first record of the sample (up to the second "NO" line) as rawtext,
# and the same record as a full CSV table, a JSON document and NDJSON.
sample=$SRCDIR/samples/minato-r2-059-068.txt
second=$(grep -n '^NO ' "$sample" | sed -n 2p | cut -d: -f1)
head -n $((second - 1)) "$sample" > one.txt
"$BUDGETCONV" -o one.json one.txt || exit 99
"$BUDGETCONV" -O table=full -o one.csv one.json || exit 99
"$BUDGETCONV" -t json -O ndjson -o one.ndjson one.json || exit 99
# A title a spreadsheet would take for a formula: the csv exporter guards it.
printf '{"schema": "budgetconv/record/1", "records": [{"no": 1, "title": "=SUM(A1:A2)"}]}\n' > guard.json

# left: what the output directory holds besides out.*, one name a line.
left() { ls -A o | grep -v '^out\.' || true; }

# Defects that other code owns make some runs fail in a way this test cannot
# hold against the code it checks; such a run is counted as "known" (and
# shown), not failed, as long as it keeps the old output and leaves nothing.
# Anything else that goes wrong fails the case.
#   load: a plugin module that cannot be loaded for want of memory (libltdl,
#         dlopen, the descriptor's child process) is warned about and
#         skipped, and the run goes on without it (core/registry.c,
#         core/plugin_load.c): a warning, and not an out-of-memory exit.
#   jansson: jansson 2.14 loses data when an allocation of its own fails
#         (the shim names the library that made it): its lexer drops the
#         character it could not store ("budgetconv/recrd/1"), json_dumps a
#         key, a parse fails as a syntax error, or it crashes (an assertion
#         in lex_scan_string, a corrupted heap).
# libxlsxwriter 1.1.5 dereferences failed allocations (lxw_new_attribute_int,
# _write_formula_num_cell): the xlsx exporter is left out, it would crash.
known_class() { # ERR
    if grep -Eq '^budgetconv: .*: warning: (not loaded|refused): |^budgetconv: cannot initialise libltdl' "$1"; then
        echo load
    elif grep -q '^libjansson\.' who 2> /dev/null; then
        echo jansson
    fi
}

# sweep CASE EXT ARGS... INPUT: runs `budgetconv ARGS INPUT -o o/out.EXT`
# with each chosen N failing, counted from the opening of INPUT (the
# start-up before is swept by the last case); one TAP line per case, with
# the first few failures and the known ones.
: > "$tmp/seen"
cases=0
sweep() {
    label=$1 ext=$2
    shift 2
    cases=$((cases + 1))
    target=o/out.$ext
    eval "input=\${$#}"
    from=$tmp/$input
    # The message names the input, with the line being read where the
    # importer reads lines (not the csv importer: a libcsv callback has no
    # line of its own to give), or the output, or nothing.
    at='(:[1-9][0-9]*)?'
    case $input in *.csv) at= ;; esac
    nomem_re="(($(echo "$input" | sed 's/\./\\./g'))$at: |$(echo "$target" | sed 's/\./\\./g'): )?out of memory"
    [ -z "${startup:-}" ] || from=
    rm -rf o count sites
    mkdir o
    BC_FAULT_ALLOC_FROM=$from BC_FAULT_ALLOC_COUNT=$tmp/count BC_FAULT_ALLOC_TREE=$BUILDDIR \
        BC_FAULT_ALLOC_SITES=$tmp/sites faulty "$@" -o "$target" 2> want.err
    rc=$?
    if [ "$rc" -ne 0 ] || [ ! -s count ]; then
        not_ok "$label: a clean run under the shim" "exit $rc" "$(cat want.err)"
        return
    fi
    mv "$target" "want.$ext"
    total=$(cat count)
    # The N to try, one a line ("N+": from the Nth on):
    # - the first call of each site of the build tree's code (the program,
    #   its library, the plugins: each check there of a failed allocation)
    #   that no case before tried;
    # - the last 12: the exporter's finish and the commit of the output,
    #   where a lost error means a wrong file;
    # - 8 spread over the run from which memory stays out: the error path
    #   must then report without allocating.
    # BC_OOM_RUNS=0 tries every N instead.
    touch sites
    if [ "$runs" = 0 ]; then
        seq 1 "$total" > plan
    else
        awk 'FILENAME == ARGV[1] { seen[$1] = 1; next } !($2 in seen) { seen[$2] = 1; print $1 }' \
            "$tmp/seen" sites > plan
        awk '{ print $2 }' sites >> "$tmp/seen"
        seq $((total > 12 ? total - 11 : 1)) "$total" >> plan
        k=0
        while [ $k -lt 8 ]; do
            echo "$((1 + (k * total + cases * 7919 % total) / 8))+"
            k=$((k + 1))
        done >> plan
    fi
    count=$(sort -u plan | wc -l)
    failed=0 nomem=0 known=0 report= known_report=
    for mode in $(sort -u plan); do
        printf 'old\n' > "$target"
        rm -f who
        BC_FAULT_ALLOC_FROM=$from BC_FAULT_ALLOC_WHO=$tmp/who BC_FAULT_ALLOC=$mode faulty "$@" -o "$target" 2> err
        rc=$?
        class=
        case $rc in
        0) cmp -s "$target" "want.$ext" && cmp -s err want.err || class=$(known_class err)
           [ -z "$(left)" ] && { cmp -s "$target" "want.$ext" || [ "$class" = jansson ]; } &&
               { cmp -s err want.err || [ -n "$class" ]; } ;;
        71) nomem=$((nomem + 1))
            one_message err "$nomem_re" ||
                { class=$(known_class err)
                  grep -v ': warning: ' err > err.own
                  [ "$class" = load ] && one_message err.own "$nomem_re"; } &&
                [ "$(cat "$target")" = old ] && [ -z "$(left)" ] ;;
        *) class=$(known_class err)
           # A crash in jansson leaves the temporary file a crash leaves.
           [ -n "$class" ] && [ "$(cat "$target")" = old ] &&
               { [ -z "$(left)" ] || { [ "$class" = jansson ] && [ "$rc" -gt 128 ]; }; } ;;
        esac
        status=$?
        if [ $status -eq 0 ] && [ -n "$class" ]; then
            known=$((known + 1))
            [ $known -gt 2 ] ||
                known_report="$known_report
# known ($class): allocation $mode of $total fails: exit $rc: $(grep -v 'warning: ' err | head -n 1)"
        elif [ $status -ne 0 ]; then
            failed=$((failed + 1))
            [ $failed -gt 3 ] ||
                report="$report
allocation $mode of $total fails: exit $rc
$(head -n 5 err)
left: $(left)"
        fi
    done
    check "$label: $count runs, allocation N of $total failing: success or 71, one message, old output kept" \
        "$([ $failed -eq 0 ] && [ $nomem -gt 0 ]; echo $?)" \
        "$failed failed, $nomem out of memory, $known known$report"
    [ $known -eq 0 ] || printf '# %s: %d of %d runs failed in a known way%s\n' \
        "$label" $known "$count" "$known_report"
}

sweep "rawtext to markdown" md one.txt
sweep "rawtext to csv" csv -O table=full one.txt
sweep "csv to markdown" md -O lang=en one.csv
sweep "csv to csv" csv -O table=items -O lang=en one.csv
sweep "rawtext to json" json one.txt
sweep "csv to json" json one.csv
sweep "json to csv" csv -O table=full one.json
sweep "json to markdown" md -O lang=en one.json
sweep "json to csv, a guarded cell" csv guard.json
sweep "ndjson to ndjson" json -t json -O ndjson one.ndjson
startup=yes
sweep "start-up, json to json" json one.json

done_testing
