# testlib.sh - TAP for shell tests.  Source it: it makes $tmp (removed on
# exit) and provides ok, not_ok (with diagnostic lines), skip, and
# done_testing, which prints the plan at the end.
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
