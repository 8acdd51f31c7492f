#!/bin/sh
# The driver's messages, byte for byte, where a test elsewhere only checks
# the exit status or a part of the line (each case kills a mutant of
# tools/mutate.sh that every other test let live).  Prints TAP.
. "$SRCDIR/tests/testlib.sh"

cd "$tmp" || exit 99
printf '{"schema": "budgetconv/record/1", "records": [{"no": 1, "title": "A"}, {"no": 2, "title": "B"}]}\n' > two.json
printf '{"schema": "budgetconv/record/1", "records": [{"no": 3, "title": "C"}]}\n' > one.json


expect_run "-v with --output-dir: each output named, no line number" 0 \
"budgetconv: each/two.json: 2 records written with json
budgetconv: each/one.json: 1 record written with json
budgetconv: 2 inputs: 2 converted, 0 failed; 3 records written, 0 warnings" \
    "$BUDGETCONV" -v -t json --output-dir each two.json one.json

# A suggestion is one edit away from a name of under six characters, two
# from a longer one: "check" is no answer to --chxxk, "strict" is to --strixx.
expect_run "two edits from a five-letter option: no suggestion" 64 \
"budgetconv: unknown option '--chxxk'
Try 'budgetconv --help' for more information." \
    "$BUDGETCONV" --chxxk two.json
expect_run "two edits from a six-letter option: suggested" 64 \
"budgetconv: unknown option '--strixx'; did you mean --strict?
Try 'budgetconv --help' for more information." \
    "$BUDGETCONV" --strixx two.json

done_testing
