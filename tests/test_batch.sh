#!/bin/sh
# Whole folders (issue 9): --output-dir, --keep-going, the summary line,
# duplicate NOs in a merged output, bad inputs among good ones, the progress
# line on a terminal, and Ctrl-C in the middle of a batch.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"

cd "$tmp" || exit 99
sample=$SRCDIR/samples/minato-r2-059-068.txt

# run ARGS...: runs budgetconv; stdout in stdout, stderr in err.
run() { "$BUDGETCONV" "$@" > stdout 2> err; rc=$?; }

# expect NAME STATUS STDERR: the last run's exit status and whole stderr.
expect() {
    if [ "$rc" -ne "$2" ]; then
        not_ok "$1" "exit status $rc, want $2" "$(cat err)"
    elif [ "$(cat err)" != "$3" ]; then
        not_ok "$1" "stderr:" "$(cat err)" "want:" "$3"
    else
        ok "$1"
    fi
}

# files NAME DIR WANT: DIR holds exactly the files WANT (names, sorted,
# hidden ones too: a temporary file left behind shows).
files() {
    got=$(ls -A "$2" 2>/dev/null | tr '\n' ' ')
    if [ "$got" = "$3" ]; then ok "$1"; else not_ok "$1" "in $2: '$got'" "want: '$3'"; fi
}

# direct NAME DIR BOOK...: DIR/<stem>.json of each BOOK is exactly what a
# conversion of that book alone writes.
direct() {
    name=$1 dir=$2
    shift 2
    bad=
    for book in "$@"; do
        stem=$(basename "$book" .txt)
        "$BUDGETCONV" -q -t json "$book" > direct.json 2> /dev/null
        cmp -s direct.json "$dir/$stem.json" || bad="$bad $book"
    done
    if [ -z "$bad" ]; then ok "$name"; else not_ok "$name" "differ:$bad"; fi
}

# The ten pages of the sample, one file each (p1.txt is NO 59), made into
# books; c.txt fails part-way: after two good pages, a NUL byte.
awk '/^NO [0-9]+$/ { n++ } { print > ("p" n ".txt") }' "$sample"
mkdir books
cat p1.txt p2.txt > books/a.txt
cat p3.txt p4.txt > books/b.txt
{ cat p5.txt p6.txt; printf 'NO 99\n\000\n'; } > books/c.txt
cat p7.txt p8.txt > books/d.txt
cat p9.txt > books/e.txt
books="books/a.txt books/b.txt books/c.txt books/d.txt books/e.txt"
cline=$(grep -c '' p5.txt p6.txt | awk -F: '{ n += $2 } END { print n + 2 }')
cerr="budgetconv: books/c.txt:$cline: NUL byte in text (is this a binary file?)"

# --- one output per input --------------------------------------------------
run -t json --output-dir out/json books/a.txt books/b.txt books/d.txt
expect "--output-dir: 0, one summary line" 0 \
    "budgetconv: 3 inputs: 3 converted, 0 failed; 6 records written, 0 warnings"
files "--output-dir makes the directories and one file per input" out/json "a.json b.json d.json "
direct "each output is what converting its book alone writes" out/json books/a.txt books/b.txt books/d.txt
run -q -t json --output-dir out/json books/e.txt
expect "one input: no summary line" 0 ""
run -t markdown --output-dir out/md books/a.txt
files "the file name takes the format's extension" out/md "a.md "

mkdir other
cp books/a.txt other/a.txt
run -t json --output-dir out/clash books/a.txt books/b.txt other/a.txt
expect "two inputs with one stem: 64 naming both, before anything is written" 64 \
"budgetconv: books/a.txt and other/a.txt would both be written to out/clash/a.json; convert them into different directories
Try 'budgetconv --help' for more information."
files "nothing was written for the clash" out/clash ""
run -t json --output-dir out/stdin - < books/a.txt
expect "--output-dir of standard input: 64" 64 \
"budgetconv: standard input has no name to give its output in --output-dir; use -o FILE
Try 'budgetconv --help' for more information."
run --output-dir out/x books/a.txt
expect "--output-dir without -t: 64" 64 "budgetconv: --output-dir needs the output format: give -t FORMAT
Try 'budgetconv --help' for more information."
"$BUDGETCONV" -q -t json books/a.txt > self.json
cp self.json self.orig
run -f json -t json --output-dir . self.json
expect "an output that is its own input is refused" 73 "budgetconv: ./self.json: is the input itself: not overwritten"
if cmp -s self.json self.orig; then ok "the input is left alone"; else not_ok "the input is left alone"; fi

# --- the first failure stops; --keep-going goes on --------------------------
run -t json --output-dir out/stop $books
expect "without --keep-going the first failure stops the run" 65 "$cerr
budgetconv: 5 inputs: 2 converted, 1 failed, 2 not converted; 4 records written, 0 warnings"
files "the outputs finished before it stay, the failed one left nothing" out/stop "a.json b.json "
direct "and they are whole" out/stop books/a.txt books/b.txt

run -k -t json --output-dir out/all $books
expect "--keep-going converts the others and exits with the failure's status" 65 "$cerr
budgetconv: 5 inputs: 4 converted, 1 failed; 7 records written, 0 warnings"
files "every good book has its output, the bad one none" out/all "a.json b.json d.json e.json "
direct "each of them whole" out/all books/a.txt books/b.txt books/d.txt books/e.txt
run -q -k -t json --output-dir out/quiet $books
expect "-q: the failure is still told, the summary is not" 65 "$cerr"

mkdir books/dir
if [ "$(id -u)" -eq 0 ]; then
    # root reads anything: the unreadable book is read by nobody instead.
    chmod 755 "$tmp"
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
    mkdir -m 777 out777
else
    as_user=
    mkdir out777
fi
cp books/b.txt books/locked.txt
chmod 000 books/locked.txt
$as_user "$BUDGETCONV" -k -t json --output-dir out777/bad books/a.txt books/missing.txt \
    books/dir books/locked.txt books/c.txt books/e.txt > stdout 2> err
rc=$?
expect "a missing, a directory, an unreadable and a bad input: each named, worst status" 66 \
"budgetconv: books/missing.txt: cannot open: No such file or directory
budgetconv: books/dir: is a directory
budgetconv: books/locked.txt: cannot open: Permission denied
$cerr
budgetconv: 6 inputs: 2 converted, 4 failed; 3 records written, 0 warnings"
files "only the good inputs have outputs" out777/bad "a.json e.json "

# --- a merged output ---------------------------------------------------------
run -t json -o merged.json $books
expect "merged, without --keep-going: the failure stops it" 65 "$cerr
budgetconv: 5 inputs: 0 converted, 1 failed, 4 not converted; 0 records written, 0 warnings"
if [ ! -e merged.json ]; then ok "and nothing is written"; else not_ok "and nothing is written"; fi
run -k -t json -o merged.json $books
expect "merged with --keep-going: the bad book is reported, the rest written" 65 "$cerr
budgetconv: 5 inputs: 4 converted, 1 failed; 7 records written, 0 warnings"
nos=$(grep '^  "no": ' merged.json | tr -dc '0-9\n' | tr '\n' ' ')
# NO 63 and 64 came before the NUL byte: none of the bad book's records stay.
if [ "$nos" = "59 60 61 62 65 66 67 " ]; then ok "the merged output has no record of the failed book"
else not_ok "the merged output has no record of the failed book" "NOs: $nos"; fi
# The failed book's NOs are forgotten with it: NO 63 again is no duplicate.
run -k -t json -o undo.json books/c.txt p5.txt
expect "merged with --keep-going: a failed book's NOs are not held against the next" 65 "$cerr
budgetconv: 2 inputs: 1 converted, 1 failed; 1 record written, 0 warnings"
run -k -t json -o none.json books/c.txt books/missing.txt
expect "merged with --keep-going and nothing good: no output" 66 "$cerr
budgetconv: books/missing.txt: cannot open: No such file or directory
budgetconv: no input could be converted: no output written
budgetconv: 2 inputs: 0 converted, 2 failed; 0 records written, 0 warnings"
if [ ! -e none.json ]; then ok "and no file"; else not_ok "and no file"; fi
# A FIFO gives its bytes once, as standard input does: it is read in one
# pass, never opened a second time to wait for a writer that never comes.
mkfifo once.txt
timeout 20 cat books/a.txt > once.txt &
timeout 20 "$BUDGETCONV" -k -t json -o once.json once.txt books/b.txt > stdout 2> err
rc=$?
nos=$(grep '^  "no": ' once.json 2>/dev/null | tr -dc '0-9\n' | tr '\n' ' ')
expect "merged with --keep-going: a FIFO among the inputs is read once" 0 \
    "budgetconv: 2 inputs: 2 converted, 0 failed; 4 records written, 0 warnings"
if [ "$nos" = "59 60 61 62 " ]; then ok "and its records are in the output"
else not_ok "and its records are in the output" "NOs: $nos"; fi

# --- duplicate NOs -------------------------------------------------------------
cp books/a.txt again.txt
p2=$(($(wc -l < p1.txt) + 1))
run -t json -o dup.json books/a.txt again.txt
expect "a NO seen twice in a merged output: a warning naming both places" 0 \
"budgetconv: again.txt:1: warning: NO 59 occurs twice; first at books/a.txt:1
budgetconv: again.txt:$p2: warning: NO 60 occurs twice; first at books/a.txt:$p2
budgetconv: 2 inputs: 2 converted, 0 failed; 4 records written, 2 warnings"
run --strict -t json -o dup2.json books/a.txt again.txt
if [ "$rc" -eq 65 ] && [ ! -e dup2.json ] &&
   grep -qx 'budgetconv: 2 warnings with --strict: no output written' err; then
    ok "--strict: duplicates fail the run"
else
    not_ok "--strict: duplicates fail the run" "exit $rc" "$(cat err)"
fi
# One book pasted twice into one file counts each project twice too.
cat p1.txt p1.txt > twice.txt
p3=$(($(wc -l < p1.txt) + 1))
run -t json -o twice.json twice.txt
expect "a NO twice within one input: a warning naming both places" 0 \
"budgetconv: twice.txt:$p3: warning: NO 59 occurs twice; first at twice.txt:1"
# Records read back from JSON keep the line of their text, in another file:
# the message names the JSON file alone, not that line with its name.
"$BUDGETCONV" -t json -O ndjson -o p1.ndjson p1.txt
cat p1.ndjson p1.ndjson > twice.ndjson
run -t json -o twice2.json twice.ndjson
expect "a NO twice in records from JSON: the JSON file is named, no line of another" 0 \
"budgetconv: twice.ndjson: warning: NO 59 occurs twice; first in twice.ndjson"
# The next year's book has the same NOs.
sed 's/令和２年度/令和３年度/' books/a.txt > nextyear.txt
run -t json -o years.json books/a.txt nextyear.txt
expect "the same NO of another fiscal year is no duplicate" 0 \
    "budgetconv: 2 inputs: 2 converted, 0 failed; 4 records written, 0 warnings"
if grep -q '"fiscal_year": 2021' years.json; then ok "(the copy is of 2021)"
else not_ok "(the copy is of 2021)"; fi
run -t json --output-dir out/dup books/a.txt again.txt
expect "--output-dir: books with the same NOs are separate outputs" 0 \
    "budgetconv: 2 inputs: 2 converted, 0 failed; 4 records written, 0 warnings"
run -k --strict -t json -o dup3.json books/a.txt again.txt books/b.txt
if [ "$rc" -eq 65 ] && grep -qx 'budgetconv: again.txt: 2 warnings with --strict: not converted' err &&
   [ "$(grep -c '^  "no": ' dup3.json)" -eq 4 ]; then
    ok "--keep-going --strict drops the book with the duplicates, keeps the others"
else
    not_ok "--keep-going --strict drops the book with the duplicates, keeps the others" "exit $rc" "$(cat err)"
fi

# --- the progress line -----------------------------------------------------
# script(1) gives budgetconv a terminal; the first input, a pipe, ends a
# second and a half after its text, so the run lasts long enough for a line,
# and the second input repeats it, so warnings follow.
cat > slow.sh <<END
{ cat '$sample'; sleep 1.5; } | '$BUDGETCONV' -t json -o slow.json \$1 - '$sample'
END
script -qec "sh slow.sh" /dev/null > tty.out 2>&1
esc=$(printf '\033')
if grep -q "budgetconv: [01]/2 inputs, [0-9]* records, [0-9.]* MB, [0-9.]* MB/s" tty.out; then
    ok "a terminal gets a progress line"
else
    not_ok "a terminal gets a progress line" "$(cat -A tty.out | head -5)"
fi
# Every message starts on a cleared line: \r ESC[K, then budgetconv: … warning.
if ! grep -q "MB/s[^$esc]*budgetconv: " tty.out &&
   grep -q "$(printf '\r')${esc}\[Kbudgetconv: $sample:[0-9]*: warning: NO 59 occurs twice; first at <stdin>:2" tty.out; then
    ok "the line is cleared before a message"
else
    not_ok "the line is cleared before a message" "$(cat -A tty.out | head -5)"
fi
script -qec "sh slow.sh -q" /dev/null > tty.out 2>&1
if [ ! -s tty.out ]; then ok "-q: no progress line"; else not_ok "-q: no progress line" "$(cat -A tty.out | head -3)"; fi
script -qec "sh slow.sh 2> notty.err" /dev/null > tty.out 2>&1
if ! grep -q "MB/s" notty.err && ! grep -q "$esc" notty.err; then ok "stderr not a terminal: no progress line"
else not_ok "stderr not a terminal: no progress line" "$(cat -A notty.err | head -3)"; fi

# --- Ctrl-C in the middle of a batch ----------------------------------------
# The third input is a FIFO nobody writes to: the run waits there with that
# input's temporary output made, and is interrupted.
# A shell without job control starts a background job with SIGINT ignored,
# and budgetconv keeps an ignored signal ignored (as nohup needs): the run
# gets SIGINT as a terminal's Ctrl-C gives it, and a watchdog ends a run
# that would wait on the FIFO for ever.
mkfifo books/wait.txt
env --default-signal=INT "$BUDGETCONV" -q -t json --output-dir out/int books/a.txt books/b.txt \
    books/wait.txt books/d.txt > /dev/null 2>&1 &
pid=$!
(sleep 30; kill -KILL $pid) > /dev/null 2>&1 &
watchdog=$!
i=0
while [ $i -lt 100 ] && ! ls -A out/int 2>/dev/null | grep -q '^\.wait\.json\.'; do
    sleep 0.1
    i=$((i + 1))
done
kill -INT $pid
wait $pid
rc=$?
kill $watchdog 2> /dev/null
if [ "$rc" -eq 130 ]; then ok "SIGINT ends the run as SIGINT"; else not_ok "SIGINT ends the run as SIGINT" "exit $rc"; fi
files "the finished outputs stay, no temporary file is left" out/int "a.json b.json "
direct "and they are whole" out/int books/a.txt books/b.txt

done_testing
