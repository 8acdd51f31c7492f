#!/bin/sh
# docs/sample-report.md, linked from the README, is what the build makes of
# the bundled sample today.  After a deliberate change to the importer or
# the Markdown exporter, refresh it with `make update-sample-report`.
. "$SRCDIR/tests/testlib.sh"

"$BUDGETCONV" -o "$tmp/report.md" "$SRCDIR/samples/minato-r2-059-068.txt" 2>"$tmp/err"
if ! cmp -s "$tmp/report.md" "$SRCDIR/docs/sample-report.md"; then
    not_ok "docs/sample-report.md is current (make update-sample-report)" \
        "$(cat "$tmp/err")" "$(diff "$SRCDIR/docs/sample-report.md" "$tmp/report.md" | head -20)"
else
    ok "docs/sample-report.md is current"
fi
done_testing
