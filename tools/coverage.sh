#!/bin/sh
# Prints the line coverage that the test suite gives core/ and plugins/:
# per file (with the lines never run), per directory, and in total.
#   mkdir build-cov && cd build-cov && ../configure --enable-coverage
#   make check; ../tools/coverage.sh        (or: make coverage)
# Needs gcovr (tools/install-deps.sh --coverage).  The counts add up over
# every make check since the build; `find . -name '*.gcda' -delete` resets.
set -eu
src=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-.}
cd "$build"
command -v gcovr >/dev/null 2>&1 || {
    echo "coverage.sh: gcovr is missing: tools/install-deps.sh --coverage" >&2
    exit 1
}
[ -n "$(find . -name '*.gcda' -print | head -n 1)" ] || {
    echo "coverage.sh: no coverage data in $(pwd): configure --enable-coverage, then make check" >&2
    exit 1
}
# gcovr matches its filters against absolute paths.
gcovr --root "$src" --object-directory . \
    --filter "$src/core/" --filter "$src/plugins/" --txt >coverage.txt
cat coverage.txt
awk '$1 ~ /^(core|plugins)\// && $2 ~ /^[0-9]+$/ {
        dir = $1; sub(/\/[^\/]*$/, "", dir)
        lines[dir] += $2; run[dir] += $3
     }
     END {
        for (d in lines) printf "%-20s %6d lines %6d run %5.1f%%\n", d, lines[d], run[d], 100 * run[d] / lines[d]
     }' coverage.txt | sort
