#!/bin/sh
# The README's GNU parallel recipes (section "Many books"), run exactly as
# printed over a folder of 200 one-page books, one of them bad: every output
# is what a direct conversion gives, the exit status is what the README
# says, and the bad book leaves nothing.  The several-machines recipe runs
# over 6 of them with an ssh whose machines are directories here, so that
# --transfer, --return and --cleanup really copy.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"

cd "$tmp" || exit 99
if ! command -v parallel > /dev/null 2>&1; then
    skip "GNU parallel is not installed (tools/install-deps.sh --test)"
    done_testing
    exit 0
fi

# recipe NAME: the command of the sh block after "<!-- recipe: NAME -->".
recipe() {
    awk -v tag="<!-- recipe: $1 -->" '
        $0 == tag { found = 1; next }
        found && /^```sh$/ { inside = 1; next }
        inside && /^```$/ { exit }
        inside { print }' "$SRCDIR/README.md"
}

# The recipes call budgetconv by name: this build's, first on PATH.  The
# binary libtool keeps in .libs is run directly when it is there: its
# wrapper script would cost more than a one-page book's conversion, 400
# times over.
mkdir bin
real=$(dirname "$BUDGETCONV")/.libs/budgetconv
if [ -x "$real" ] && LD_LIBRARY_PATH=$BUILDDIR/core/.libs "$real" --version > /dev/null 2>&1; then
    printf '#!/bin/sh\nLD_LIBRARY_PATH="%s" exec "%s" "$@"\n' "$BUILDDIR/core/.libs" "$real" > bin/budgetconv
else
    printf '#!/bin/sh\nexec "%s" "$@"\n' "$BUDGETCONV" > bin/budgetconv
fi
chmod +x bin/budgetconv
PATH=$tmp/bin:$PATH
export PATH

# 200 books of one page each, the sample's ten pages in turn; book 137
# fails half-way through (a NUL byte after its page).
awk '/^NO [0-9]+$/ { n++ } { print > ("p" n ".txt") }' "$SRCDIR/samples/minato-r2-059-068.txt"
mkdir books
i=1
while [ $i -le 200 ]; do
    name=$(printf 'books/b%03d.txt' $i)
    cp "p$(( (i - 1) % 10 + 1 )).txt" "$name"
    i=$((i + 1))
done
printf 'NO 99\n\000\n' >> books/b137.txt

# The reference: each book converted on its own (the same bytes as one
# process over the folder writes, which test_batch.sh shows).
budgetconv -q -k -t csv --output-dir ref books/*.txt
if [ "$(ls ref | wc -l)" -eq 199 ] && [ ! -e ref/b137.csv ]; then ok "the reference has 199 books"
else not_ok "the reference has 199 books" "$(ls ref | wc -l)"; fi
budgetconv -t csv books/b042.txt > b042.csv
if cmp -s b042.csv ref/b042.csv; then ok "a reference output is a direct conversion"
else not_ok "a reference output is a direct conversion"; fi

# compare NAME: every file in out/ is its reference, nothing else is there.
compare() {
    bad=
    for f in out/* out/.[!.]*; do
        [ -e "$f" ] || continue
        cmp -s "$f" "ref/${f#out/}" || bad="$bad $f"
    done
    if [ -z "$bad" ]; then ok "$1"; else not_ok "$1" "wrong or stray:$bad"; fi
}

for name in parallel-all parallel-halt; do
    cmd=$(recipe $name)
    case $cmd in
    *parallel*budgetconv*) ok "$name: the README has the recipe" ;;
    *) not_ok "$name: the README has the recipe" "got: '$cmd'" ;;
    esac
    rm -rf out convert.log
    sh -c "$cmd" > /dev/null 2> err
    rc=$?
    compare "$name: every output is the direct conversion of its book"
    if [ ! -e out/b137.csv ]; then ok "$name: the bad book left no output"
    else not_ok "$name: the bad book left no output"; fi
    if grep -q "^budgetconv: books/b137.txt:[0-9]*: NUL byte" err; then ok "$name: the bad book is named"
    else not_ok "$name: the bad book is named" "$(cat err)"; fi
    case $name in
    parallel-all)
        if [ "$rc" -eq 1 ]; then ok "$name: exits with the number of failed jobs"
        else not_ok "$name: exits with the number of failed jobs" "exit $rc"; fi
        if [ "$(ls out | wc -l)" -eq 199 ]; then ok "$name: every good book converted"
        else not_ok "$name: every good book converted" "$(ls out | wc -l) outputs"; fi
        if awk -F'\t' '$7 == 65 && $9 ~ /b137\.txt$/' convert.log | grep -q .; then
            ok "$name: the job log names the failed book and its status"
        else
            not_ok "$name: the job log names the failed book and its status" "$(cat convert.log | head -5)"
        fi
        ;;
    parallel-halt)
        if [ "$rc" -eq 65 ]; then ok "$name: exits with the failed book's status"
        else not_ok "$name: exits with the failed book's status" "exit $rc"; fi
        ;;
    esac
done

# --- several machines ---------------------------------------------------------
if ! command -v rsync > /dev/null 2>&1; then
    skip "parallel-ssh: rsync is not installed (tools/install-deps.sh --test)"
    done_testing
    exit 0
fi
# ssh HOST COMMAND runs COMMAND in machines/HOST with the HOME and SHELL a
# login has.  SHELL matters: GNU parallel's remote worker runs the job with
# $SHELL, and without one it runs nothing and reports success (CI has no
# SHELL; sshd always sets it).
cat > bin/fakessh <<'END'
#!/bin/sh
while [ $# -gt 0 ]; do
    case $1 in
    -[oplieFSJLRDwWbcmQ]) shift 2 ;;
    -*) shift ;;
    *) break ;;
    esac
done
host=$1
shift
[ "${1:-}" = "--" ] && shift
mkdir -p "$MACHINES/$host"
cd "$MACHINES/$host" && HOME=$PWD SHELL=/bin/sh exec sh -c "$*"
END
chmod +x bin/fakessh
mkdir -p ssh/books
cp books/b13[5-9].txt books/b140.txt ssh/books/
cmd=$(recipe parallel-ssh)
case $cmd in
*--sshlogin*--transfer*--return*--cleanup*budgetconv*) ok "parallel-ssh: the README has the recipe" ;;
*) not_ok "parallel-ssh: the README has the recipe" "got: '$cmd'" ;;
esac
# ssh_run: runs the recipe on a fresh copy of the machines; sets rc, bad
# (the good books that did not come back as their reference), got (what
# came back) and left (files the machines kept).
ssh_run() {
    rm -rf ssh/out ssh/machines && mkdir ssh/machines
    (cd ssh && MACHINES=$tmp/ssh/machines PARALLEL_SSH=$tmp/bin/fakessh sh -c "$cmd" > /dev/null 2> ../err)
    rc=$?
    bad=
    for f in ssh/books/*.txt; do
        stem=$(basename "$f" .txt)
        [ "$stem" = b137 ] && continue
        cmp -s "ssh/out/$stem.csv" "ref/$stem.csv" || bad="$bad $stem"
    done
    got=$(ls ssh/out 2> /dev/null | tr '\n' ' ')
    ran=$(ls ssh/machines | tr '\n' ' ')
    left=$(cd ssh/machines && find . -type f | head -5)
}
ssh_run
if [ "$rc" -eq 1 ]; then ok "parallel-ssh: exits with the number of failed jobs"
else not_ok "parallel-ssh: exits with the number of failed jobs" "exit $rc" "$(cat err)"; fi
if [ -z "$bad" ] && [ "$got" = "b135.csv b136.csv b138.csv b139.csv b140.csv " ]; then
    ok "parallel-ssh: every good book came back converted"
else not_ok "parallel-ssh: every good book came back converted" "wrong:$bad" "came back: $got" "$(cat err)"; fi
if [ ! -e ssh/out/b137.csv ]; then ok "parallel-ssh: the bad book left no output"
else not_ok "parallel-ssh: the bad book left no output"; fi
if [ "$ran" = "server1 server2 " ] && [ -z "$left" ]; then
    ok "parallel-ssh: both machines ran jobs and --cleanup left nothing on them"
else
    not_ok "parallel-ssh: both machines ran jobs and --cleanup left nothing on them" "machines: $ran" "$left"
fi

done_testing
