#!/bin/sh
# Where the plugins come from, seen by a binary outside this build tree (as
# an installed one is) and by one inside a build tree: a build tree is known
# by its config.status and its plugins/ are loaded, from the binary or from
# libtool's .libs/ beside it; elsewhere only the directories given are.
# --list-formats says so, down to a single plugin and to none.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"
. "$SRCDIR/tests/faultlib.sh"

cd "$tmp" || exit 99
plugins=$BUILDDIR/plugins/.libs
mkdir bin one none tree tree/plugins tree/.libs
cp "$program" bin/budgetconv
cp "$program" tree/.libs/budgetconv
: > tree/config.status
cp "$plugins/json.so" one/
cp "$plugins/csv.so" tree/plugins/

# formats OUTPUT: the format names --list-formats printed, one line: the
# lines that start at the margin (a wrapped description and the "from" line
# are indented).
formats() { awk 'NR > 1 && /^[^ (]/ { print $1 }' "$1" | tr '\n' ' '; }

# installed DIRS ARGS...: the binary outside any build tree, with
# BUDGETCONV_PLUGIN_PATH=DIRS.
installed() {
    path=$1
    shift
    env LD_LIBRARY_PATH="$libpath" BUDGETCONV_PLUGIN_PATH="$path" bin/budgetconv "$@"
}

installed "$tmp/one" --list-formats > out 2> err
rc=$?
if [ "$rc" -eq 0 ] && [ "$(formats out)" = "json " ] && ! grep -q 'no format plugins' out &&
   grep -q "from $tmp/one/json.so" out && [ ! -s err ]; then
    ok "outside a build tree: exactly the one plugin given, listed as found"
else
    not_ok "outside a build tree: exactly the one plugin given, listed as found" "exit $rc" "$(cat out err)"
fi

installed "$tmp/none" --list-formats > out 2> err
rc=$?
if [ "$rc" -eq 0 ] && [ -z "$(formats out)" ] &&
   grep -qx '(no format plugins found; see --help for where they are searched)' out; then
    ok "outside a build tree, no plugins: says none were found"
else
    not_ok "outside a build tree, no plugins: says none were found" "exit $rc" "$(cat out err)"
fi

printf '{"schema": "budgetconv/record/1", "records": [{"no": 1, "title": "A"}]}\n' > a.json
installed "$tmp/one" -t csv -o a.csv a.json 2> err
rc=$?
if [ "$rc" -eq 69 ] && [ ! -e a.csv ] && grep -q "^budgetconv: .*'csv'" err; then
    ok "outside a build tree: the build tree's csv plugin is not used"
else
    not_ok "outside a build tree: the build tree's csv plugin is not used" "exit $rc" "$(cat err)"
fi

env LD_LIBRARY_PATH="$libpath" BUDGETCONV_PLUGIN_PATH= tree/.libs/budgetconv --list-formats > out 2> err
rc=$?
if [ "$rc" -eq 0 ] && [ "$(formats out)" = "csv " ] && grep -q "from $tmp/tree/plugins/csv.so" out; then
    ok "in a build tree (the binary in .libs/): its plugins/ are loaded"
else
    not_ok "in a build tree (the binary in .libs/): its plugins/ are loaded" "exit $rc" "$(cat out err)"
fi

done_testing
