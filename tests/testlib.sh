# testlib.sh - TAP for shell tests.  Source it: it makes $tmp (removed on
# exit) and provides ok, not_ok (with diagnostic lines), skip,
# expect_run, and done_testing, which prints the plan at the end.
set -u
tmp=$(mktemp -d "${TMPDIR:-/tmp}/budgetconv-test.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
not_ok() {
    n=$((n + 1))
    echo "not ok $n - $1"
    shift
    for line in "$@"; do printf '%s\n' "$line" | sed 's/^/# /'; done
}
skip() { n=$((n + 1)); echo "ok $n # SKIP $1"; }
done_testing() { echo "1..$n"; }

# expect_run NAME STATUS WANT-STDERR COMMAND...: runs COMMAND (standard
# output into ./out, error into ./err) and checks its exit status and the
# whole of its standard error.
expect_run() {
    name=$1 want_rc=$2 want=$3
    shift 3
    "$@" > out 2> err
    rc=$?
    if [ "$rc" -eq "$want_rc" ] && [ "$(cat err)" = "$want" ]; then
        ok "$name"
    else
        not_ok "$name" "exit $rc, want $want_rc" "got:" "$(cat err)" "want:" "$want"
    fi
}
