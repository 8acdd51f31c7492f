#!/bin/sh
# Importers refuse what their format cannot mean, with exit 65 and a message
# naming the line and the value: cases no other test reached (each was a
# surviving mutant of tools/mutate.sh, see tests/mutation-survivors.md).
. "$SRCDIR/tests/testlib.sh"

# Runs budgetconv on FILE expecting exit 65 and a message with TEXT.
expect_reject() { # NAME TEXT ARGS...
    name=$1 text=$2
    shift 2
    rc=0
    "$BUDGETCONV" "$@" >"$tmp/out" 2>"$tmp/err" || rc=$?
    if [ "$rc" -eq 65 ] && grep -qF -- "$text" "$tmp/err" && [ ! -s "$tmp/out" ]; then
        ok "$name"
    else
        not_ok "$name" "exit $rc, wanted 65 and: $text" "$(cat "$tmp/err")"
    fi
}

cat >"$tmp/one.json" <<'JSON'
{"schema": "budgetconv/record/1", "records": [{"no": 1, "title": "A",
  "line_items": [{"kind": "item", "group": null, "label": "x", "requested": 5,
                  "budgeted": 5, "budgeted_specific": null}],
  "total": {"requested": 5, "budgeted": 5, "budgeted_specific": null}}]}
JSON
"$BUDGETCONV" -f json -t csv -O table=full -o "$tmp/full.csv" "$tmp/one.json" ||
    not_ok "the full table of a record"

# A line item's kind is subtotal or item: anything else is not an item.
sed 's/,"item",/,"itme",/' "$tmp/full.csv" >"$tmp/kind.csv"
if cmp -s "$tmp/full.csv" "$tmp/kind.csv"; then
    not_ok "the full table has an item kind to break" "$(cat "$tmp/full.csv")"
else
    expect_reject "csv: a line item kind that is neither subtotal nor item" \
        "kind.csv:2: column 種別: 'itme' is neither subtotal nor item" -f csv -t json "$tmp/kind.csv"
fi
done_testing
