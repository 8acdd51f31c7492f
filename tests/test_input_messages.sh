#!/bin/sh
# What the importers say of bytes that are not UTF-8, byte for byte: a run
# of Shift_JIS (CP932) in UTF-8 text, followed by ASCII as such text goes
# on, gets the -O encoding=cp932 hint in rawtext and in csv alike (a mutant
# of tools/mutate.sh that took the ASCII for binary lived); and which NO a
# message on broken JSON names.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"

cd "$tmp" || exit 99
LC_ALL=C
export LC_ALL
sample=$SRCDIR/samples/minato-r2-059-068.txt
# (none of its bytes is a backslash, which sed would take)
cp932=$(printf '事業 abc' | iconv -f UTF-8 -t CP932) || exit 99


# rawtext: the sample's first 30 lines, then one with CP932 after 10 bytes.
head -n 30 "$sample" > mixed.txt
printf '事業名 %s\n' "$cp932" >> mixed.txt
tail -n +31 "$sample" >> mixed.txt
expect_run "rawtext: CP932 then ASCII inside UTF-8 text: the encoding hint" 65 \
    "budgetconv: mixed.txt:31: invalid UTF-8 at byte 11 of the line (it reads as Shift_JIS: give -O encoding=cp932)" \
    "$BUDGETCONV" -o mixed.json mixed.txt

# csv: the full table of the sample's first record, its title in CP932.
"$BUDGETCONV" -q -O table=full -o full.csv "$sample" || exit 99
title=$(sed -n 2p full.csv | cut -d, -f6 | tr -d '"')
sed "2s/$title/$cp932/" full.csv > mixed.csv
expect_run "csv: CP932 then ASCII in a cell: the encoding hint" 65 \
    "budgetconv: mixed.csv:2: column 事業名: not UTF-8 text (byte 0x8E); it reads as Shift_JIS: give -O encoding=cp932" \
    "$BUDGETCONV" -o mixed.json mixed.csv

# csv: a NUL in a cell is named, not taken for Shift_JIS.
sed "2s/$title/a$(printf '\001')b/" full.csv | tr '\001' '\000' > nul.csv
expect_run "csv: a NUL byte in a cell is named" 65 \
    "budgetconv: nul.csv:2: column 事業名: a NUL byte in text (is this a binary file?)" \
    "$BUDGETCONV" -o nul.json nul.csv

# json: a record whose text is broken before its "no" (a ';' for a comma)
# is not named by a NO read past the break; one broken after it is.
printf '{"title": "A";"no": 7}\n' > before.ndjson
expect_run "json: a NO after a missing comma is not trusted" 65 \
    "budgetconv: before.ndjson:1: invalid JSON: '}' expected near ';'" \
    "$BUDGETCONV" -f json -t json before.ndjson
printf '{"no": 7, "title": "A" "x": 1}\n' > after.ndjson
expect_run "json: a NO before the break names the record" 65 \
    "budgetconv: after.ndjson:1: NO 7: invalid JSON: '}' expected near '\"x\"'" \
    "$BUDGETCONV" -f json -t json after.ndjson

done_testing
