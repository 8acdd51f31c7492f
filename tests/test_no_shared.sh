#!/bin/sh
# A checkout without ../shared (the gold records and score.py live there,
# not in the tree) gets SKIPs that say what is missing, never a failure:
# every Python test that reads the gold or the shared score.py is run with
# SHARED_DIR naming a directory that does not exist.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"

cd "$tmp" || exit 99

python=${PYTHON3_DEBIAN:-/usr/bin/python3}
for script in $(grep -l 'GOLD_PATH\|SHARED' "$SRCDIR"/tests/test_*.py "$SRCDIR"/plugins/*/test_*.py 2>/dev/null); do
    name=${script#"$SRCDIR"/}
    SHARED_DIR=$tmp/no-shared "$python" "$script" > out 2> err
    rc=$?
    if [ "$rc" -eq 0 ] && ! grep -q '^not ok' out && grep -q '# SKIP .*no-shared.* is missing' out; then
        ok "$name: skips, naming what is missing"
    else
        not_ok "$name: skips, naming what is missing" "exit $rc" "$(tail -5 out)" "$(tail -5 err)"
    fi
done
done_testing
