#!/bin/sh
# Builds budgetconv in build/ (installing missing packages first) and turns
# the bundled sample into budget.xlsx, budget.json and budget.md.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh
[ -x configure ] || ./bootstrap
mkdir -p build
cd build
[ -f Makefile ] || ../configure --quiet
make -j"$(nproc)" --no-print-directory
sample=../samples/minato-r2-059-068.txt
./budgetconv -o ../budget.xlsx "$sample"
./budgetconv -o ../budget.json "$sample"
./budgetconv -o ../budget.md "$sample"
echo "wrote budget.xlsx, budget.json and budget.md from $sample"
