#!/bin/sh
# The manual page (issue 9): it renders without a warning (groff -ww,
# mandoc -Tlint, man -l), has the sections a man page has, and stays true:
# every option of --help is in it, and so is the plugin directory --help
# names.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"

cd "$tmp" || exit 99
page=$BUILDDIR/docs/budgetconv.1
if [ ! -f "$page" ]; then
    not_ok "the page is built" "no $page"
    done_testing
    exit 0
fi
ok "the page is built"

groff -ww -man -z "$page" > groff.err 2>&1
if [ $? -eq 0 ] && [ ! -s groff.err ]; then ok "groff -ww: no warning"
else not_ok "groff -ww: no warning" "$(head -20 groff.err)"; fi
if command -v mandoc > /dev/null 2>&1; then
    mandoc -Tlint -W warning "$page" > mandoc.err 2>&1
    if [ ! -s mandoc.err ]; then ok "mandoc -Tlint: no warning"
    else not_ok "mandoc -Tlint: no warning" "$(head -20 mandoc.err)"; fi
else
    skip "mandoc -Tlint (mandoc is not installed)"
fi
# Wide, so that no option is broken across lines.
MANWIDTH=200 MAN_KEEP_FORMATTING= man -l "$page" 2> man.err | col -b > page.txt
if [ ! -s man.err ] && [ -s page.txt ]; then ok "man -l renders it cleanly"
else not_ok "man -l renders it cleanly" "$(head -20 man.err)"; fi

missing=
for section in NAME SYNOPSIS DESCRIPTION OPTIONS FORMATS "FROM A PDF" ENVIRONMENT FILES \
               "EXIT STATUS" EXAMPLES "SEE ALSO"; do
    grep -qx "$section" page.txt || missing="$missing, $section"
done
if [ -z "$missing" ]; then ok "every section is there"; else not_ok "every section is there" "missing${missing#,}"; fi

"$BUDGETCONV" --help > help.txt
options=$(grep -o -- '^ *\(-[A-Za-z], \)\{0,1\}--[a-z-]*' help.txt | grep -o -- '-[-A-Za-z]*')
count=0 missing=
for o in $options; do
    count=$((count + 1))
    grep -qe "$o" page.txt || missing="$missing $o"
done
if [ "$count" -ge 15 ] && [ -z "$missing" ]; then ok "every option of --help ($count) is in the page"
else not_ok "every option of --help ($count) is in the page" "missing:$missing"; fi

missing=
for code in 0 64 65 66 69 73 74; do
    grep -q "^ *$code  *[A-Z]" page.txt || missing="$missing $code"
done
if [ -z "$missing" ]; then ok "EXIT STATUS lists every code --help names"
else not_ok "EXIT STATUS lists every code --help names" "missing:$missing"; fi

plugindir=$(sed -n '/(colon-separated), then in$/{n;s/^ *//p;}' help.txt)
if [ -n "$plugindir" ] && grep -qF "$plugindir" page.txt; then ok "FILES names the plugin directory --help names"
else not_ok "FILES names the plugin directory --help names" "'$plugindir'"; fi
if grep -q '/record\.schema\.json$' page.txt && grep -q 'pdf2txt -o book.txt book.pdf' page.txt &&
   grep -q 'python3-pdfminer' page.txt && grep -q 'parallel .*--halt soon,fail=1' page.txt; then
    ok "the page says where the schema is, how to get text from a PDF and how to batch"
else
    not_ok "the page says where the schema is, how to get text from a PDF and how to batch"
fi

done_testing
