#!/bin/sh
# The sample against its gold records, judged by score.py itself (the one
# oracle: no test re-implements its comparison).  Every field exact, no
# record but the three the gold leaves out, no warning.  Without ../shared
# it says what is missing and skips.
. "$SRCDIR/tests/testlib.sh"
gold=$SHARED_DIR/eval/minato-r2-059-068.gold.json
score=$SHARED_DIR/eval/score.py
if [ ! -r "$gold" ] || [ ! -r "$score" ]; then
    skip "the sample against its gold: $gold or $score is missing (no ../shared beside the tree; configure --with-shared-dir=DIR)"
    done_testing
    exit 0
fi
if "$BUDGETCONV" -t json -o "$tmp/sample.json" "$SRCDIR/samples/minato-r2-059-068.txt" 2>"$tmp/err"; then
    ok "the sample converts"
else
    not_ok "the sample converts" "$(cat "$tmp/err")"
fi
if [ ! -s "$tmp/err" ]; then ok "no warnings on the sample"; else not_ok "no warnings on the sample" "$(cat "$tmp/err")"; fi
# The gold leaves out NO 64, 66 and 68 (test_rawtext checks them).
if out=$(python3 "$score" "$gold" "$tmp/sample.json" 2>&1) &&
    printf '%s\n' "$out" | grep -q '^records \([0-9]*\)/\1, fields exact \([0-9]*\)/\2 (100.0%)$' &&
    printf '%s\n' "$out" | grep -qx 'records in output but not in gold: \[64, 66, 68\]'; then
    ok "score.py: every field of every gold record exact"
else
    not_ok "score.py: every field of every gold record exact" "$out"
fi
done_testing
