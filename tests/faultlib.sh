# faultlib.sh - what the fault tests (test_faults.sh, test_oom.sh) share:
# TAP checks on a condition's status, the one-message rule, and `faulty`,
# which runs budgetconv under the LD_PRELOAD shim tests/fault_shim.c.
# Source it after testlib.sh.

shim=$BUILDDIR/tests/.libs/fault_shim.so

# check NAME CONDITION-STATUS DIAGNOSTIC...: ok when the status is 0.
check() {
    name=$1 status=$2
    shift 2
    if [ "$status" -eq 0 ]; then ok "$name"; else not_ok "$name" "$@"; fi
}

# one_message FILE PATTERN: FILE (a run's stderr) is one budgetconv line
# that matches the extended regex PATTERN.  libxlsxwriter's own "[ERROR]"
# lines are left to the xlsx exporter's tests.
one_message() {
    grep -v '^\[ERROR\]' "$1" > "$1.own" || true
    [ "$(wc -l < "$1.own")" -eq 1 ] && grep -Eq "^budgetconv: $2\$" "$1.own"
}

# The shim goes into budgetconv alone, not into the libtool wrapper's shell
# and sed: the program and library path behind the wrapper, asked once.
preload=$shim
if [ -n "${BUDGETCONV_ASAN_RUNTIME:-}" ]; then preload="$BUDGETCONV_ASAN_RUNTIME $shim"; fi
# shellcheck disable=SC2016
behind=$("$BUILDDIR/libtool" --mode=execute sh -c 'printf "%s\n%s\n" "$1" "${LD_LIBRARY_PATH:-}"' \
         sh "$BUDGETCONV")
program=$(echo "$behind" | sed -n 1p) libpath=$(echo "$behind" | sed -n 2p)
faulty() { env LD_LIBRARY_PATH="$libpath" LD_PRELOAD="$preload" "$program" "$@"; }
