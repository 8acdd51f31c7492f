#!/bin/sh
# Inputs a user is likely to hand over instead of the text (issue 13): the
# PDF itself (made here by LibreOffice), budgetconv's own workbook, UTF-16
# and Shift_JIS text.  Each gets one line saying what it is and what to run,
# exit 65, and no output file.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"

cd "$tmp" || exit 99
sample=$SRCDIR/samples/minato-r2-059-068.txt

# refused NAME FILE MESSAGE [ARGS...]: converting FILE to out.json fails
# with 65, exactly MESSAGE on stderr, and no out.json.
refused() {
    name=$1 file=$2 want=$3
    shift 3
    "$BUDGETCONV" "$@" -o out.json "$file" > stdout 2> err
    rc=$?
    if [ "$rc" -ne 65 ]; then
        not_ok "$name" "exit $rc, want 65" "$(cat err)"
    elif [ "$(cat err)" != "$want" ]; then
        not_ok "$name" "stderr:" "$(cat err)" "want:" "$want"
    elif [ -e out.json ] || [ -s stdout ]; then
        not_ok "$name" "an output was written"
    else
        ok "$name"
    fi
}

# A real PDF: LibreOffice Calc prints a one-column sheet of Japanese text.
if command -v soffice > /dev/null 2>&1; then
    printf 'NO 1\n令和２年度予算要求事業概要書\n　字下げ\n' > book.csv
    soffice -env:UserInstallation="file://$tmp/lo" --headless --infilter="CSV:9,34,76,1" \
        --convert-to pdf --outdir "$tmp" book.csv > /dev/null 2>&1
fi
if [ "$(head -c 5 book.pdf 2>/dev/null)" = "%PDF-" ]; then
    pdfmsg="budgetconv: book.pdf: this is a PDF; budgetconv reads the text that pdf2txt (Debian package python3-pdfminer) extracts from it: pdf2txt -o book.txt book.pdf, then convert book.txt"
    refused "a PDF: what it is, the pdf2txt command and the package" book.pdf "$pdfmsg"
    cp book.pdf "my book.txt"
    refused "a PDF whatever its name, quoted for the shell" "my book.txt" \
        "budgetconv: my book.txt: this is a PDF; budgetconv reads the text that pdf2txt (Debian package python3-pdfminer) extracts from it: pdf2txt -o 'my book.txt.txt' 'my book.txt', then convert 'my book.txt.txt'"
    refused "a PDF with -f rawtext" book.pdf "$pdfmsg" -f rawtext
    "$BUDGETCONV" -t json - < book.pdf > stdout 2> err
    rc=$?
    if [ "$rc" -eq 65 ] && grep -qx "budgetconv: <stdin>: this is a PDF; .*: pdf2txt -o book.txt book.pdf (the PDF saved as a file), then convert book.txt" err &&
       [ ! -s stdout ]; then
        ok "a PDF on standard input"
    else
        not_ok "a PDF on standard input" "exit $rc" "$(cat err)"
    fi
else
    skip "a PDF (LibreOffice could not make one)"
fi

"$BUDGETCONV" -q -o book.xlsx "$sample"
refused "budgetconv's own workbook" book.xlsx \
    "budgetconv: book.xlsx: this is a ZIP archive (an XLSX workbook?); budgetconv writes xlsx but does not read it: convert the text or JSON it was made from, or a CSV written with -t csv -O table=full"

iconv -f UTF-8 -t UTF-16 < "$sample" > utf16.txt
refused "UTF-16 text: the iconv command" utf16.txt \
    "budgetconv: utf16.txt: this is UTF-16 (little-endian) text; budgetconv reads UTF-8: iconv -f UTF-16 -t UTF-8 utf16.txt > utf16.utf8.txt"
{ printf '\376\377'; iconv -f UTF-8 -t UTF-16BE < "$sample"; } > be.txt
refused "UTF-16 big-endian text" be.txt \
    "budgetconv: be.txt: this is UTF-16 (big-endian) text; budgetconv reads UTF-8: iconv -f UTF-16 -t UTF-8 be.txt > be.utf8.txt"

# A name that starts with '-' is given as ./-name, or iconv (and pdf2txt)
# would take it for an option; the command as printed works.
cp utf16.txt ./-dash.txt
"$BUDGETCONV" -t json -- -dash.txt > stdout 2> err
dashcmd=$(sed -n 's/^budgetconv: -dash\.txt: this is UTF-16 (little-endian) text; budgetconv reads UTF-8: //p' err)
if [ "$dashcmd" = "iconv -f UTF-16 -t UTF-8 ./-dash.txt > ./-dash.utf8.txt" ] &&
   sh -c "$dashcmd" 2> /dev/null && "$BUDGETCONV" -q -t json ./-dash.utf8.txt > /dev/null; then
    ok "a name that starts with '-': the command says ./-name, and works"
else
    not_ok "a name that starts with '-': the command says ./-name, and works" "$(cat err)"
fi

# CP932 lacks the Kangxi radicals of the sample: -c leaves them out.
iconv -c -f UTF-8 -t CP932 < "$sample" > sjis.txt 2> /dev/null
sjisline=$(LC_ALL=C grep -n -m1 "$(printf '[\200-\377]')" sjis.txt | cut -d: -f1)
sjismsg="budgetconv: sjis.txt:$sjisline: this is Shift_JIS (CP932) text, not UTF-8: read it with -O encoding=cp932, or convert it: iconv -f CP932 -t UTF-8 sjis.txt > sjis.utf8.txt"
refused "Shift_JIS text: -O encoding=cp932 suggested" sjis.txt "$sjismsg"
refused "Shift_JIS text with -f rawtext" sjis.txt "$sjismsg" -f rawtext
# The iconv command it gives works.
iconv -f CP932 -t UTF-8 sjis.txt > sjis.utf8.txt
if "$BUDGETCONV" -q -t json sjis.utf8.txt > sjis.json && grep -q '"no": 59' sjis.json; then
    ok "the suggested iconv command gives an input that converts"
else
    not_ok "the suggested iconv command gives an input that converts"
fi
# Text that is neither UTF-8 nor CP932 is left to the importer.
printf 'NO 1\n\377\376 text\n' > latin.txt
"$BUDGETCONV" -f rawtext -t json latin.txt > stdout 2> err
if [ $? -eq 65 ] && ! grep -q "Shift_JIS\|UTF-16" err; then ok "other bytes are not taken for Shift_JIS"
else not_ok "other bytes are not taken for Shift_JIS" "$(cat err)"; fi

"$BUDGETCONV" --list-formats > stdout
if grep -q '^rawtext .*pdf2txt (python3-pdfminer)' stdout; then ok "--list-formats says where rawtext comes from"
else not_ok "--list-formats says where rawtext comes from" "$(cat stdout)"; fi
"$BUDGETCONV" --help-format rawtext > stdout
if grep -q 'pdf2txt (python3-pdfminer)' stdout; then ok "--help-format rawtext says where the text comes from"
else not_ok "--help-format rawtext says where the text comes from" "$(cat stdout)"; fi

done_testing
