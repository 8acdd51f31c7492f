#!/bin/sh
# -O for one side: a key that both the input's and the output's format
# declare (csv's encoding and raw, rawtext's encoding) must say which with
# from.KEY or to.KEY; a plain one is refused rather than given to both
# (`-t csv -O encoding=cp932 book.txt` read the UTF-8 text as CP932).
# Prints TAP.
. "$SRCDIR/tests/testlib.sh"
cd "$tmp" || exit 99
sample=$SRCDIR/samples/minato-r2-059-068.txt

# run NAME STATUS STDERR ARGS...: budgetconv's exit status and whole stderr;
# stdout in out.
run() {
    name=$1 want=$2 stderr=$3
    shift 3
    "$BUDGETCONV" "$@" > out 2> err
    rc=$?
    if [ "$rc" -ne "$want" ]; then not_ok "$name" "exit status $rc, want $want" "$(cat err)"
    elif [ "$(cat err)" != "$stderr" ]; then not_ok "$name" "stderr:" "$(cat err)" "want:" "$stderr"
    else ok "$name"; fi
}

# same NAME FILE WANT: FILE holds exactly the bytes of WANT (a file).
same() {
    if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(cmp "$2" "$3" 2>&1)"; fi
}

"$BUDGETCONV" -q -t csv -O table=full "$sample" > utf8.csv
iconv -f UTF-8 -t CP932 utf8.csv > want932.csv

run "a plain key that both formats take is refused, saying how to choose" 64 \
"budgetconv: $sample: -O encoding=cp932 is an option of both rawtext (reading) and csv (writing): give -O from.encoding=cp932 for the input, -O to.encoding=cp932 for the output, or both
Try 'budgetconv --help' for more information." \
    -t csv -O table=full -O encoding=cp932 -o sjis.csv "$sample"
if [ ! -e sjis.csv ]; then ok "... and writes nothing"; else not_ok "... and writes nothing"; fi

run "to.encoding=cp932: the output only" 0 "" -q -t csv -O table=full -O to.encoding=cp932 "$sample"
same "... is the UTF-8 table in CP932" out want932.csv

run "from. and to. together: CP932 in and out" 0 "" \
    -f csv -t csv -O from.encoding=cp932 -O to.encoding=cp932 -O table=full want932.csv
same "... gives the same bytes back" out want932.csv

run "from.encoding alone: CP932 in, UTF-8 out" 0 "" \
    -f csv -t csv -O from.encoding=cp932 -O table=full want932.csv
same "... gives the UTF-8 table" out utf8.csv

run "a key only one side takes needs no side" 0 "" -f csv -O encoding=cp932 -t json want932.csv

run "-f csv -t csv -O raw is ambiguous as well" 64 \
"budgetconv: utf8.csv: -O raw is an option of both csv (reading) and csv (writing): give -O from.raw for the input, -O to.raw for the output, or both
Try 'budgetconv --help' for more information." \
    -f csv -t csv -O raw utf8.csv

run "to.KEY that the output's format lacks is an unknown option" 64 \
"budgetconv: unknown option 'encoding' for json (valid: ndjson, compact; see --help-format json)
Try 'budgetconv --help' for more information." \
    -t json -O to.encoding=cp932 "$sample"

run "from.KEY that the input's format lacks is refused" 64 \
"budgetconv: $sample: option 'table' is not for rawtext (reading; see --help-format rawtext)
Try 'budgetconv --help' for more information." \
    -t csv -O from.table=items "$sample"

# The hint for Shift_JIS input names the option that will work.
cp want932.csv sjis.csv
run "a Shift_JIS csv read for csv output: the hint says from.encoding" 65 \
"budgetconv: sjis.csv:1: this is Shift_JIS (CP932) text, not UTF-8: read it with -O from.encoding=cp932, or convert it: iconv -f CP932 -t UTF-8 sjis.csv > sjis.csv.utf8.txt" \
    -f csv -t csv sjis.csv
run "... and for json output, plain encoding" 65 \
"budgetconv: sjis.csv:1: this is Shift_JIS (CP932) text, not UTF-8: read it with -O encoding=cp932, or convert it: iconv -f CP932 -t UTF-8 sjis.csv > sjis.csv.utf8.txt" \
    -f csv -t json sjis.csv

done_testing
