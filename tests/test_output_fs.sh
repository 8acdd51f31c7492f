#!/bin/sh
# The temporary output lives beside its target, so that the final rename
# never crosses file systems: a target on another file system than the
# root (a tmpfs here) is written whole and leaves no temporary behind.
# (A temporary made in / instead, as a mutant of output.c does, fails there
# with EXDEV; as root on one file system nothing else would notice.)
. "$SRCDIR/tests/testlib.sh"
sample=$SRCDIR/samples/minato-r2-059-068.txt

shm=/dev/shm
if [ ! -d "$shm" ] || [ ! -w "$shm" ] || [ "$(stat -c %d "$shm")" = "$(stat -c %d /)" ]; then
    skip "no writable $shm on a file system of its own"
else
    dir=$(mktemp -d "$shm/budgetconv-test.XXXXXX")
    for ext in json csv md xlsx; do
        if "$BUDGETCONV" -q -o "$dir/out.$ext" "$sample" 2>"$tmp/err" && [ -s "$dir/out.$ext" ] &&
            [ -z "$(find "$dir" -name '.out.*')" ]; then
            ok "$ext to another file system: written whole, no temporary left"
        else
            not_ok "$ext to another file system" "$(cat "$tmp/err")" "$(ls -la "$dir")"
        fi
    done
    rm -rf "$dir"
fi
done_testing
