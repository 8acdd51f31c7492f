#!/bin/sh
# Builds budgetconv and runs the whole test suite twice: a plain build
# (with `make distcheck`, which also installs to a prefix and builds out of
# tree) and a build under AddressSanitizer + UndefinedBehaviorSanitizer,
# where any leak fails the run; then fuzzes each importer for a minute.
# Installs missing packages first.
set -eu
cd "$(dirname "$0")/.."
tools/install-deps.sh --test
./bootstrap >/dev/null 2>&1 || ./bootstrap
jobs=$(nproc)

summary() { # prints "NAME: N passed, N failed" from an automake test-suite.log
    awk -v name="$1" '/^# PASS:/{p=$3} /^# FAIL:/{f=$3} /^# ERROR:/{e=$3}
        END{printf "%s: %d passed, %d failed\n", name, p, f + e}' "$2"
}

status=0
mkdir -p build-check && cd build-check
../configure --quiet --enable-werror
make -j"$jobs" --no-print-directory
make -j"$jobs" --no-print-directory check VERBOSE=yes || status=1
summary plain test-suite.log
make -j"$jobs" --no-print-directory distcheck >distcheck.log 2>&1 || { status=1; tail -40 distcheck.log; }
grep -q 'archives ready for distribution' distcheck.log && echo "distcheck: ok"
cd ..

mkdir -p build-asan && cd build-asan
../configure --quiet --enable-sanitizers
make -j"$jobs" --no-print-directory
make -j"$jobs" --no-print-directory check VERBOSE=yes || status=1
summary sanitizers test-suite.log
if grep -l 'ERROR: LeakSanitizer\|runtime error:' tests/*.log 2>/dev/null; then
    echo "sanitizers reported errors in the logs above" >&2
    status=1
fi
cd ..

# Fuzzing: each importer's libFuzzer target in a clang build, 60,000 inputs
# from seed 1 (about a minute each; tests/fuzz/run.sh), close to the same
# run every time; make fuzz prints executions and coverage per target.  A crash fails
# CI and leaves its input in build-fuzz/fuzz-crashes/.
tools/install-deps.sh --fuzz
mkdir -p build-fuzz && cd build-fuzz
../configure --quiet --enable-fuzzing
FUZZ_SEED=${FUZZ_SEED:-1} FUZZ_RUNS=${FUZZ_RUNS:-60000} \
    make --no-print-directory fuzz FUZZ_SECONDS="${FUZZ_SECONDS:-120}" || status=1
cd ..
exit $status
