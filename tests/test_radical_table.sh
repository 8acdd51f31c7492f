#!/bin/sh
# core/radical_table.h must be what tools/gen-radical-table.awk makes of
# Unicode's EquivalentUnifiedIdeograph.txt (Debian package unicode-data):
# nobody edits the table by hand, and a newer Unicode shows up here.
set -u
ucd=${UNICODE_DATA_DIR:-/usr/share/unicode}/EquivalentUnifiedIdeograph.txt
echo 1..1
if [ ! -r "$ucd" ]; then
    echo "ok 1 # SKIP $ucd not found (apt-get install unicode-data)"
    exit 0
fi
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
if awk -f "$SRCDIR/tools/gen-radical-table.awk" "$ucd" > "$tmp/radical_table.h" &&
   diff -u "$SRCDIR/core/radical_table.h" "$tmp/radical_table.h" >&2; then
    echo "ok 1 - core/radical_table.h matches gen-radical-table.awk over $ucd"
else
    echo "not ok 1 - core/radical_table.h differs from gen-radical-table.awk over $ucd"
fi
