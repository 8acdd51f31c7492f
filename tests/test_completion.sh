#!/bin/sh
# The bash completion (docs/budgetconv.bash-completion, issue 9), driven as
# bash drives it: options, format names by what they can do, -O keys and
# values of the chosen format, file and directory arguments.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"

cd "$tmp" || exit 99
if ! command -v bash > /dev/null 2>&1; then
    skip "bash is not installed"
    done_testing
    exit 0
fi

# complete WORD...: the completions of the last WORD (an empty one to
# complete nothing yet), one a line, sorted.
complete() {
    bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _budgetconv
             printf "%s\n" "${COMPREPLY[@]}"' sh "$SRCDIR/docs/budgetconv.bash-completion" \
        "$BUDGETCONV" "$@" 2> err | sort
}

# same NAME GOT WANT
same() {
    if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1" "got:" "$2" "want:" "$3"; fi
}

"$BUDGETCONV" --list-formats > formats
# A format's line starts at the margin; its "from PATH" line is indented.
writers=$(awk 'NR > 1 && /^[^ ]/ && $2 ~ /w/ { print $1 }' formats | sort)
readers=$(awk 'NR > 1 && /^[^ ]/ && $2 ~ /r/ { print $1 }' formats | sort)
same "-t: the formats that write" "$(complete -t '')" "$writers"
case $writers in *xlsx*) ok "-t: xlsx is among them" ;; *) not_ok "-t: xlsx is among them" ;; esac
same "-f: the formats that read" "$(complete -f '')" "$readers"
same "--to=j: bash's split at '='" "$(complete --to = j)" "json"
same "--help-format: every format" "$(complete --help-format '')" \
    "$(awk 'NR > 1 && /^[^ ]/ { print $1 }' formats | sort)"
case " $(complete -f '' | tr '\n' ' ') $(complete --help-format '' | tr '\n' ' ') " in
*" from "*) not_ok "the 'from PATH' lines of --list-formats name no format" ;;
*) ok "the 'from PATH' lines of --list-formats name no format" ;;
esac

same "-O after -t json: its keys" "$(complete -t json -O '')" "compact
ndjson"
csvkeys=$(complete -t csv -O '')
want=$("$BUDGETCONV" --help-format csv | awk '$1 == "-O" { k = $2; sub(/=.*/, "=", k); print k }' | sort -u)
same "-O after -t csv: each key once, '=' after those taking a value" "$csvkeys" "$want"
case $csvkeys in *table=*bom*|*bom*table=*) ok "-O: table= and bom among them" ;; *) not_ok "-O: table= and bom among them" "$csvkeys" ;; esac
same "-O table=: its values" "$(complete -t csv -O table=)" "table=full
table=funding
table=items
table=projects"
# bash splits "-O table=f" at '=' (COMP_WORDBREAKS): the word to complete
# is the value alone.
same "-O table=: bash's split, the values alone" "$(complete -t csv -O table =)" "full
funding
items
projects"
same "-O table=f: bash's split" "$(complete -t csv -O table = f)" "full
funding"
same "--option=table=i: bash's split twice" "$(complete -t csv --option = table = i)" "items"
same "-O bom=: a flag has no values" "$(complete -t csv -O bom =)" ""
same "-O la after -f csv -t markdown: from both formats" "$(complete -f csv -t markdown -O la)" "lang="
same "-O enc with csv on both sides: the key only with its side" \
    "$(complete -f csv -t csv -O enc)" "from.encoding=
to.encoding="
same "-O encoding=, csv on both sides: with its side, the values" \
    "$(complete -f csv -t csv -O encoding=)" "from.encoding=cp932
from.encoding=utf-8
to.encoding=cp932
to.encoding=utf-8"
same "-O ta, csv on both sides: a key of one format needs no side" \
    "$(complete -f csv -t csv -O ta)" "table="
same "-O from. after -f rawtext: rawtext's input options only" \
    "$(complete -f rawtext -t csv -O from.)" "from.encoding="
same "-O to. after -t csv: csv's output options only" "$(complete -f rawtext -t csv -O to.)" \
    "$("$BUDGETCONV" --help-format csv | sed -n '/^Output options:/,$ s/^  -O \([a-z]*\)\(=*\).*/to.\1\2/p' | sort -u)"
same "-O to.enc: a key with its side" "$(complete -t csv -O to.enc)" "to.encoding="
same "-O from.encoding=: its values" "$(complete -t csv -O from.encoding=)" "from.encoding=cp932
from.encoding=utf-8"
same "-O to.encoding=: bash's split, the values alone" "$(complete -t csv -O to.encoding =)" "cp932
utf-8"

same "--che: --check" "$(complete --che)" "--check"
same "--output-d: --output-dir" "$(complete --output-d)" "--output-dir"
"$BUDGETCONV" --help | grep -o -- '^ *\(-[A-Za-z], \)\{0,1\}--[a-z-]*' | grep -o -- '-[-A-Za-z]*' | sort > options
same "-: every option of --help" "$(complete -)" "$(cat options)"

mkdir adir "a dir"
: > afile.txt
: > "a book.txt"
same "--output-dir: directories only" "$(complete --output-dir a)" "a dir
adir"
same "an input: files" "$(complete -t json a)" "a book.txt
a dir
adir
afile.txt"
same "-o: files, a name with a space in one piece" "$(complete -o 'a b')" "a book.txt"
if [ ! -s err ]; then ok "no message on stderr"; else not_ok "no message on stderr" "$(cat err)"; fi

done_testing
