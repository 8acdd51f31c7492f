#!/bin/sh
# csv importer on bad input: every malformed file fails with exit 65 and a
# message `budgetconv: FILE:LINE: ...` naming the line where the bad row
# starts (or, for a stray quote, the line holding it); bad options fail with
# exit 64.  Prints TAP.
#
# The base file has two records.  The first one's description spans three
# lines, and every row of a full table repeats it, so its line_item row is
# on lines 2-4 and its funding row on lines 5-7: line numbers must count the
# newlines inside quoted cells.  The second record is one `record` row on
# line 8.

. "$SRCDIR/tests/testlib.sh"

cat > "$tmp/base.json" <<'EOF'
{"schema": "budgetconv/record/1", "records": [
 {"no": 1, "fiscal_year": 2020, "document": "予算要求事業概要書", "title": "A",
  "description": "p1\np2\np3",
  "line_items": [{"kind": "item", "group": null, "label": "x", "requested": 12345,
                  "budgeted": 12345, "budgeted_specific": null}],
  "total": {"requested": 99999, "budgeted": 99999, "budgeted_specific": null},
  "funding": [{"source": "general", "label": "一般財源", "detail": null, "amount": 12345}]},
 {"no": 2, "title": "B"}
]}
EOF

# Runs budgetconv -f csv on FILE and checks the exit status, that stderr has
# `FILE:LINE:` and PATTERN, and that no output file was left.
expect_fail() {
    name=$1 file=$2 line=$3 pattern=$4
    "$BUDGETCONV" -f csv "$file" -o "$tmp/out.json" 2> "$tmp/err"
    rc=$?
    if [ "$rc" -eq 65 ] && grep -q "^budgetconv: $file:$line: .*$pattern" "$tmp/err" &&
        [ ! -e "$tmp/out.json" ]; then
        ok "$name"
    else
        not_ok "$name" "exit $rc, expected 65 with '$file:$line: ...$pattern'" \
            "$(cat "$tmp/err")"
    fi
}

# Checks that the last command's exit status $rc is RC, that its stderr has
# every PATTERN and that it left no $tmp/out.csv.
expect_exit() {
    name=$1 want=$2
    shift 2
    for pattern in "$@"; do
        grep -q -e "$pattern" "$tmp/err" || break
        shift
    done
    if [ "$rc" -eq "$want" ] && [ $# -eq 0 ] && [ ! -e "$tmp/out.csv" ]; then
        ok "$name"
    else
        not_ok "$name" "exit $rc, expected $want with '${1:-}'" "$(cat "$tmp/err")"
    fi
}

# A copy of the base with `sed` applied.
variant() {
    sed "$2" "$tmp/base.csv" > "$tmp/$1.csv"
    printf '%s' "$tmp/$1.csv"
}

if "$BUDGETCONV" -f json "$tmp/base.json" -t csv -O table=full -o "$tmp/base.csv" 2> "$tmp/err" &&
    "$BUDGETCONV" "$tmp/base.csv" -t json > "$tmp/base.out" 2>> "$tmp/err" &&
    [ "$(sed -n '5p' "$tmp/base.csv" | cut -c1-13)" = '"funding",2,1' ] &&
    [ "$(sed -n '8p' "$tmp/base.csv" | cut -c1-12)" = '"record",1,2' ]; then
    ok "the base file reads back and has the expected layout"
else
    not_ok "the base file reads back and has the expected layout" "$(cat "$tmp/err")"
fi

f=$(variant unterminated '$a\
"record",1,3,"never closed')
expect_fail "unterminated quoted cell" "$f" 9 "unterminated quoted"

f=$(variant stray '7s/"general"/"gen"eral"/')
expect_fail "stray quote inside a quoted cell" "$f" 7 "malformed CSV"

f=$(variant short '7s/,[^,]*$//')
expect_fail "a row with too few columns (reported where the row starts)" "$f" 5 "columns"

f=$(variant long '8s/$/,"extra"/')
expect_fail "a row with too many columns" "$f" 8 "columns"

f=$(variant amount '4s/12345,12345/12x45,12345/')
expect_fail "an amount that does not parse names its column" "$f" 2 "要求額: '12x45' is not an amount"

f=$(variant seq '5s/^"funding",2,/"funding",3,/')
expect_fail "rows of a record out of order" "$f" 5 "行番号 3 follows 行番号 1"

f=$(variant differs '5s/"A"/"A2"/')
expect_fail "a later row that disagrees with the record's first row" "$f" 5 "事業名 differs"

f=$(variant kind '8s/^"record"/"recrod"/')
expect_fail "an unknown row kind" "$f" 8 "not record, line_item or funding"

f=$(variant source '7s/"general"/"federal"/')
expect_fail "an unknown funding source" "$f" 5 "'federal' is not national"

f=$(variant header '1s/"事業名"/"件名"/')
expect_fail "an unknown column in the header" "$f" 1 "unknown column '件名'"

"$BUDGETCONV" -f json "$tmp/base.json" -t csv -O table=projects -o "$tmp/projects.csv"
expect_fail "the projects table is refused by name" "$tmp/projects.csv" 1 "projects table"

"$BUDGETCONV" -f json "$tmp/base.json" -t csv -O table=items -O lang=en -O bom -o "$tmp/items.csv"
expect_fail "the items table (English, with BOM) is refused by name" "$tmp/items.csv" 1 "items table"

"$BUDGETCONV" -f json "$tmp/base.json" -t csv -O table=full -O encoding=cp932 -o "$tmp/cp932.csv"
expect_fail "a CP932 file is refused as not UTF-8" "$tmp/cp932.csv" 1 "not UTF-8"

printf '"行種別","行番号"\n' > "$tmp/narrow.csv"
expect_fail "a header missing columns" "$tmp/narrow.csv" 1 "no column NO"

f=$(variant itemcells '7s/,,,,,,,"general"/,"item",,,,,,"general"/')
expect_fail "line-item cells on a funding row" "$f" 5 "種別 must be empty on a funding row"

sed -n '5,7p' "$tmp/base.csv" > "$tmp/rows"
sed '7r '"$tmp/rows" "$tmp/base.csv" > "$tmp/repeated.csv"
expect_fail "a row repeated within its record names both lines" "$tmp/repeated.csv" 8 \
    "NO 1 行番号 2 again: line 5 has it already"

sed '8p' "$tmp/base.csv" > "$tmp/twice.csv"
expect_fail "a record repeated names both lines" "$tmp/twice.csv" 9 \
    "NO 2 starts again: the record's rows are given twice; first at line 8"

# NO 1 (lines 2-7), NO 2 (line 8), then NO 1's rows again: a repeat that is
# not adjacent is the same error, not only the driver's duplicate warning.
sed -n '2,7p' "$tmp/base.csv" > "$tmp/rows"
cat "$tmp/base.csv" "$tmp/rows" > "$tmp/later.csv"
expect_fail "a record repeated further on names both lines" "$tmp/later.csv" 9 \
    "NO 1 starts again: the record's rows are given twice; first at line 2"
if [ "$(wc -l < "$tmp/err")" -eq 1 ]; then ok "... and says it once, with no duplicate warning"
else not_ok "... and says it once, with no duplicate warning" "$(cat "$tmp/err")"; fi

# The same NO of another fiscal year is another record (books merged).
sed -e '9,14s/^\("[a-z_]*",[0-9]*,1\),2020,/\1,2021,/' "$tmp/later.csv" > "$tmp/years.csv"
"$BUDGETCONV" -f csv -t json "$tmp/years.csv" > "$tmp/years.json" 2> "$tmp/err"
rc=$?
if [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ] && [ "$(grep -c '"no": 1,' "$tmp/years.json")" -eq 2 ]; then
    ok "NO 1 of 2020 and NO 1 of 2021 are two records"
else
    not_ok "NO 1 of 2020 and NO 1 of 2021 are two records" "exit $rc" "$(cat "$tmp/err")"
fi

# Two bad records: each is named, the run goes on past the first and
# writes nothing.
sed -e '4s/12345,12345/99999999999999999999,12345/' -e '8s/"B"/"B",x/' "$tmp/base.csv" \
    > "$tmp/two.csv"
"$BUDGETCONV" -f csv "$tmp/two.csv" -o "$tmp/out.json" 2> "$tmp/err"
rc=$?
if [ "$rc" -eq 65 ] && [ "$(wc -l < "$tmp/err")" -eq 2 ] &&
    grep -q "^budgetconv: $tmp/two.csv:2: column 要求額: '99999999999999999999' is not an amount" \
        "$tmp/err" &&
    grep -q "^budgetconv: $tmp/two.csv:8: row has more columns than the header.s 38" "$tmp/err" &&
    [ ! -e "$tmp/out.json" ]; then
    ok "a 64-bit overflow fails its record; the next bad record is named too"
else
    not_ok "a 64-bit overflow fails its record; the next bad record is named too" "exit $rc" \
        "$(cat "$tmp/err")"
fi

# The same through standard input names <stdin>.
sed '7s/"general"/"gen"eral"/' "$tmp/base.csv" |
    "$BUDGETCONV" -f csv - -t json > /dev/null 2> "$tmp/err"
rc=$?
expect_exit "errors on standard input name <stdin>" 65 '^budgetconv: <stdin>:7: malformed CSV'

: > "$tmp/empty.csv"
"$BUDGETCONV" -f csv "$tmp/empty.csv" -t json > /dev/null 2> "$tmp/err"
rc=$?
expect_exit "an empty file is bad data" 65 "empty"

"$BUDGETCONV" -f json "$tmp/base.json" -O tabel=items -o "$tmp/out.csv" 2> "$tmp/err"
rc=$?
expect_exit "an unknown -O key is refused with the valid keys" 64 "tabel" \
    "table, lang, bom, crlf, encoding, raw"

"$BUDGETCONV" -f json "$tmp/base.json" -t csv -O table=rows > /dev/null 2> "$tmp/err"
rc=$?
expect_exit "an unknown table is refused with the valid ones" 64 "projects|items|funding|full"

# The help is wrapped to 80 columns: the phrases are looked for in one line.
"$BUDGETCONV" --help-format csv 2>&1 | tr '\n' ' ' | tr -s ' ' > "$tmp/help"
if grep -q "table=projects|items|funding|full" "$tmp/help" && grep -q "full: every field" "$tmp/help" &&
    grep -q "(default: projects)" "$tmp/help" && grep -q "Input options" "$tmp/help"; then
    ok "--help-format csv documents the tables and the full layout"
else
    not_ok "--help-format csv documents the tables and the full layout" "$(cat "$tmp/help")"
fi

done_testing
