#!/bin/sh
# Standard streams that are closed or cannot be written (issue 8.7), and an
# output name too long for its directory.  A closed descriptor is taken by
# the next file a run opens: without care the temporary copy of standard
# output is written into itself (output lost, exit 0) and warnings land in
# the output file.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"
cd "$tmp" || exit 99
mkdir spool
TMPDIR=$tmp/spool
export TMPDIR

cat > warns.json <<'END'
{"schema": "budgetconv/record/1", "records": [{"no": 1, "title": "A", "titel": "B"}]}
END

# run NAME STATUS STDERR CMD...: CMD's exit status and its whole stderr.
run() {
    name=$1 want=$2 stderr=$3
    shift 3
    "$@" 2> err
    rc=$?
    if [ "$rc" -ne "$want" ]; then not_ok "$name" "exit status $rc, want $want" "$(cat err)"
    elif [ "$(cat err)" != "$stderr" ]; then not_ok "$name" "stderr:" "$(cat err)" "want:" "$stderr"
    else ok "$name"; fi
}

"$BUDGETCONV" -t json -o want.json warns.json 2> /dev/null

run "a conversion to a closed standard output fails with 74" 74 \
    "budgetconv: <stdout>: write error: Bad file descriptor" \
    sh -c '"$0" -t json want.json >&-' "$BUDGETCONV"
if [ -z "$(ls -A spool)" ]; then ok "... and leaves no temporary file"
else not_ok "... and leaves no temporary file" "$(ls -A spool)"; fi

"$BUDGETCONV" -t json -o got.json warns.json 2>&-
rc=$?
if [ "$rc" -eq 0 ] && cmp -s got.json want.json; then
    ok "with standard error closed, a warning does not reach the output file"
else
    not_ok "with standard error closed, a warning does not reach the output file" \
        "exit $rc" "$(diff want.json got.json | head -5)"
fi

for args in --list-formats --help --version "--help-format csv"; do
    # shellcheck disable=SC2086 # $args is one or two words
    run "$args to a full disk fails with 74" 74 \
        "budgetconv: <stdout>: write error: No space left on device" \
        sh -c '"$0" "$@" > /dev/full' "$BUDGETCONV" $args
done
run "--version to a closed standard output fails with 74" 74 \
    "budgetconv: <stdout>: write error: Bad file descriptor" \
    sh -c '"$0" --version >&-' "$BUDGETCONV"

long=$(printf '%0252d' 0).json
run "a name longer than the directory takes is refused before the run, as > does" 73 \
    "budgetconv: $long: cannot create output: File name too long" \
    "$BUDGETCONV" -t json -o "$long" warns.json
if [ -z "$(ls -A | grep -F 000000)" ]; then ok "... and nothing is left"
else not_ok "... and nothing is left" "$(ls -A)"; fi
name255=$(printf '%0250d' 0).json
run "a name of 255 bytes works" 0 "" "$BUDGETCONV" -q -t json -o "$name255" warns.json
if cmp -s "$name255" want.json; then ok "... and holds the output"
else not_ok "... and holds the output"; fi

done_testing
