#!/bin/sh
# Rebuilds the seed corpora of tests/fuzz/corpus/ from the sample, the
# unseen pages of tests/data and a few crafted files (docs/testing.md).
# Run from a build directory after make:  sh ../tests/fuzz/make-corpus.sh
# Inputs that fuzzing found (crash-*, regression-*) are kept as they are.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
bc=${BUDGETCONV:-./budgetconv}
export BUDGETCONV_PLUGIN_PATH=${BUDGETCONV_PLUGIN_PATH:-$PWD/plugins}
corpus=$src/tests/fuzz/corpus
for t in rawtext csv json; do
    mkdir -p "$corpus/$t"
    find "$corpus/$t" -name 'seed-*' -delete
done

# One page per file: "NO n" starts a page.
split_pages() { # FILE PREFIX
    awk -v dir="$corpus/rawtext" -v prefix="$2" '
        /^NO [0-9]+/ { n = $2; out = sprintf("%s/seed-%s-%s.txt", dir, prefix, n) }
        out != "" { print > out }' "$1"
}
split_pages "$src/samples/minato-r2-059-068.txt" page
split_pages "$src/tests/data/unseen-pages.txt" unseen
r=$corpus/rawtext
printf '\357\273\277' >"$r/seed-bom-crlf.txt"
sed 's/$/\r/' "$r/seed-page-59.txt" >>"$r/seed-bom-crlf.txt"
{ cat "$r/seed-page-60.txt"; printf '\f'; cat "$r/seed-page-61.txt"; } >"$r/seed-formfeed.txt"
head -c 1500 "$r/seed-page-62.txt" >"$r/seed-truncated.txt"
printf 'NO 1\n' >"$r/seed-no-only.txt"
: >"$r/seed-empty.txt"

c=$corpus/csv j=$corpus/json
for page in "$r"/seed-page-*.txt "$r"/seed-unseen-*.txt; do
    n=$(basename "$page" .txt | sed 's/^seed-//')
    "$bc" -f rawtext -t csv -O table=full "$page" >"$c/seed-$n.csv"
    "$bc" -f rawtext -t json "$page" >"$j/seed-$n.json"
done
three="$r/seed-page-63.txt $r/seed-page-64.txt $r/seed-page-65.txt"
# shellcheck disable=SC2086
{
    "$bc" -f rawtext -t csv -O table=full -O raw -O crlf -O bom $three >"$c/seed-raw-crlf-bom.csv"
    "$bc" -f rawtext -t csv -O table=projects $three >"$c/seed-projects.csv"
    "$bc" -f rawtext -t json -O ndjson $three >"$j/seed-ndjson.json"
    "$bc" -f rawtext -t json -O compact $three >"$j/seed-compact.json"
}
: >"$c/seed-empty.csv"
head -n 1 "$c/seed-page-59.csv" >"$c/seed-header-only.csv"
printf '{"schema": "budgetconv/record/1", "records": []}\n' >"$j/seed-no-records.json"
printf '[{"no": 1, "no": 2}]\n' >"$j/seed-duplicate-key.json"
printf '{"records": [{"no": 9223372036854775807, "line_items": [{"kind": "item", "requested": -1}]}]}\n' \
    >"$j/seed-extremes.json"
: >"$j/seed-empty.json"
