#!/bin/sh
# The markdown report gives a record's section a heading only for what the
# record states: a record with no line items and no total has no 要求内容
# heading, one with a total has it (a surviving mutant of tools/mutate.sh
# showed the empty heading unnoticed).
. "$SRCDIR/tests/testlib.sh"

printf '{"schema": "budgetconv/record/1", "records": [{"no": 7, "title": "T"}]}\n' >"$tmp/bare.json"
if "$BUDGETCONV" -f json -t markdown -o "$tmp/bare.md" "$tmp/bare.json" 2>"$tmp/err"; then
    if grep -q '^### ' "$tmp/bare.md"; then
        not_ok "a record that states nothing has no section headings" "$(grep '^### ' "$tmp/bare.md")"
    else
        ok "a record that states nothing has no section headings"
    fi
else
    not_ok "a bare record converts to markdown" "$(cat "$tmp/err")"
fi

printf '{"schema": "budgetconv/record/1", "records": [{"no": 7, "title": "T", "total": {"requested": 10, "budgeted": 8, "budgeted_specific": null}}]}\n' \
    >"$tmp/total.json"
if "$BUDGETCONV" -f json -t markdown -O lang=en -o "$tmp/total.md" "$tmp/total.json" 2>"$tmp/err" &&
    [ "$(grep -c '^### ' "$tmp/total.md")" -eq 1 ]; then
    ok "a record with a total and no line items has the one table heading"
else
    not_ok "a record with a total and no line items has the one table heading" \
        "$(cat "$tmp/err" "$tmp/total.md")"
fi
done_testing
