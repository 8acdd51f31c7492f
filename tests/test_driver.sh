#!/bin/sh
# The budgetconv driver (DESIGN §4): options, exit codes, messages, atomic
# output, --check/--strict and where plugins are found.  Uses the json
# plugin, the rawtext importer when it is built, and the test-only plugins
# of tests/plugins.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"

testplugins=$BUILDDIR/tests/plugins
cd "$tmp" || exit 99

# run ARGS...: runs budgetconv; stdout in $tmp/out, stderr in $tmp/err.
run() { "$BUDGETCONV" "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?; }

# expect NAME STATUS [STDERR]: checks the last run's exit status, its whole
# stderr when given, and that a failed run wrote nothing to stdout.
expect() {
    if [ "$rc" -ne "$2" ]; then
        not_ok "$1" "exit status $rc, want $2" "$(cat "$tmp/err")"
    elif [ $# -ge 3 ] && [ "$(cat "$tmp/err")" != "$3" ]; then
        not_ok "$1" "stderr:" "$(cat "$tmp/err")" "want:" "$3"
    elif [ "$2" -ne 0 ] && [ -s "$tmp/out" ]; then
        not_ok "$1" "a failed run wrote to stdout:" "$(head -c 300 "$tmp/out")"
    else
        ok "$1"
    fi
}

# same NAME FILE WANT: FILE holds exactly the bytes of WANT (a file).
same() {
    if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff "$3" "$2" | head -20)"; fi
}

# has NAME FILE TEXT: FILE has a line that is exactly TEXT.
has() {
    if grep -qxF -- "$3" "$2"; then ok "$1"; else not_ok "$1" "no line '$3' in:" "$(cat "$2")"; fi
}

cat > two.json <<'END'
{"schema": "budgetconv/record/1", "records": [{"no": 1, "title": "A"}, {"no": 2, "title": "B"}]}
END
# NDJSON streams: record 1 reaches the exporter before line 2 fails.
printf '{"no": 1, "title": "A"}\n{"no": 2, "title": \n' > bad.ndjson
# Items sum to 30, the total says 100.
cat > mismatch.json <<'END'
{"schema": "budgetconv/record/1", "records": [{"no": 3, "line_items": [{"kind": "item", "group": null, "label": "x",
  "requested": 30, "budgeted": null, "budgeted_specific": null}],
  "total": {"requested": 100, "budgeted": null, "budgeted_specific": null}}]}
END

# --- information -----------------------------------------------------------
run --version
expect "--version exits 0" 0 ""
if grep -qx 'budgetconv [0-9][0-9.]* (plugin ABI 1\.0)' out; then ok "--version names version and ABI"
else not_ok "--version names version and ABI" "$(cat out)"; fi

run --help
expect "--help exits 0" 0 ""
has "--help shows the usage" out "Usage: budgetconv [OPTION]... [-f FROM] [-t TO] [-o OUT] [INPUT]..."
has "--help shows the --output-dir usage" out "  or:  budgetconv [OPTION]... -t TO --output-dir DIR INPUT..."
# wc -L counts display columns in a UTF-8 locale (a kanji is two).  The
# plugin directory has a line of its own, as long as the prefix makes it.
wide=$(grep -v '^  /' out | LC_ALL=C.UTF-8 wc -L)
if [ "$wide" -le 80 ]; then ok "--help fits 80 columns"; else not_ok "--help fits 80 columns" "$wide columns"; fi

run --list-formats
expect "--list-formats exits 0" 0 ""
missing=
for la in "$BUILDDIR"/plugins/*.la; do
    name=$(basename "$la" .la)
    grep -q "^$name " out || missing="$missing $name"
done
if [ -z "$missing" ]; then ok "--list-formats shows every plugin of the build tree"
else not_ok "--list-formats shows every plugin of the build tree" "missing:$missing" "$(cat out)"; fi
has "--list-formats: json reads and writes" out \
    "json       rw     json,ndjson      canonical JSON records (budgetconv/record/1),"
# A description wraps under itself; the "from PATH" lines are as long as
# the path makes them.
wide=$(grep -v '^ *from /' out | LC_ALL=C.UTF-8 wc -L)
if [ "$wide" -le 80 ]; then ok "--list-formats fits 80 columns"
else not_ok "--list-formats fits 80 columns" "$wide columns" "$(cat out)"; fi

run --help-format json
expect "--help-format json exits 0" 0 ""
has "--help-format lists the options" out \
    "  -O ndjson                      one record per line (NDJSON) instead of one"
has "--help-format wraps long help under its column" out \
    "                                 document (default: yes for a file named"
wide=
for la in "$BUILDDIR"/plugins/*.la; do
    name=$(basename "$la" .la)
    w=$("$BUDGETCONV" --help-format "$name" | LC_ALL=C.UTF-8 wc -L)
    [ "$w" -le 80 ] || wide="$wide $name:$w"
done
if [ -z "$wide" ]; then ok "--help-format of every format fits 80 columns"
else not_ok "--help-format of every format fits 80 columns" "$wide"; fi
run --help-format nosuch
expect "--help-format of an unknown format: 69" 69 \
    "budgetconv: unknown format 'nosuch' (see --list-formats)"

# --- conversions -----------------------------------------------------------
run -f json -t json two.json
expect "-f json -t json to stdout" 0 ""
cp out two.out.json
run -t json two.out.json
sed 's/two\.out\.json/two.json/' out > again.json
same "json -> json -> json is stable" again.json two.out.json

run -t json -o result.json two.json
expect "-o FILE" 0 ""
same "-o FILE holds what stdout gets" result.json two.out.json
run -o result2.json two.json
same "-o picks the format from the extension" result2.json two.out.json
run -t json -o - two.json
same "-o - is stdout" out two.out.json

"$BUDGETCONV" -f json -t json - < two.json > out 2> err; rc=$?
expect "- reads stdin" 0 ""
grep -v '"file": ' out > stdin.json
grep -v '"file": ' two.out.json > file.json
same "stdin gives the same records" stdin.json file.json

run -t json -O ndjson two.json
expect "-O ndjson" 0 ""
if [ "$(wc -l < out)" -eq 2 ] && [ "$(grep -c '^{"no":' out)" -eq 2 ]; then ok "-O ndjson: one record per line"
else not_ok "-O ndjson: one record per line" "$(cat out)"; fi
run -t json -O ndjson=no two.json
same "-O ndjson=no is the document" out two.out.json

run -t json -v two.json
expect "-v says what was written" 0 "budgetconv: 2 records written with json to standard output"
run -t json -v -o v.json two.json
expect "-v -o says where" 0 "budgetconv: 2 records written with json to v.json"

run -t json two.json two.json
if [ "$rc" -eq 0 ] && [ "$(grep -c '^  "no": ' out)" -eq 4 ]; then ok "several inputs go into one output"
else not_ok "several inputs go into one output" "exit $rc" "$(cat err)"; fi

"$BUDGETCONV" -t json < two.json > out 2> err; rc=$?
expect "no INPUT reads standard input when it is not a terminal" 0 ""
grep -v '"file": ' out > stdin.json
same "no INPUT: the same records as '-'" stdin.json file.json

# --- usage errors (64) -----------------------------------------------------
# script(1) gives budgetconv a terminal as standard input.
script -qec "'$BUDGETCONV' -t json" /dev/null > out 2>&1; rc=$?
printf "budgetconv: no input file (use '-' for standard input)\r\nTry 'budgetconv --help' for more information.\r\n" > want
if [ "$rc" -eq 64 ] && cmp -s out want; then ok "no input and a terminal as stdin: 64"
else not_ok "no input and a terminal as stdin: 64" "exit $rc" "$(cat -A out)"; fi
run --no-such-option two.json
if [ "$rc" -eq 64 ] && grep -qx "Try 'budgetconv --help' for more information." err; then ok "unknown option: 64"
else not_ok "unknown option: 64" "exit $rc" "$(cat err)"; fi
# getopt would name the binary by its libtool path and guess nothing.
run --chek two.json
expect "a mistyped long option: 64, the closest one suggested" 64 \
"budgetconv: unknown option '--chek'; did you mean --check?
Try 'budgetconv --help' for more information."
run --output-dri=x two.json
expect "a mistyped option with a value" 64 \
"budgetconv: unknown option '--output-dri'; did you mean --output-dir?
Try 'budgetconv --help' for more information."
run --zzzzzz two.json
expect "an option like no other: no suggestion" 64 "budgetconv: unknown option '--zzzzzz'
Try 'budgetconv --help' for more information."
run --h
expect "an ambiguous abbreviation names the candidates" 64 \
"budgetconv: option '--h' is ambiguous; possibilities: --help-format --help
Try 'budgetconv --help' for more information."
run --check=yes two.json
expect "an argument to an option that takes none" 64 "budgetconv: option '--check' takes no argument
Try 'budgetconv --help' for more information."
run -Z two.json
expect "an unknown short option" 64 "budgetconv: unknown option '-Z'
Try 'budgetconv --help' for more information."
run two.json -o
expect "a missing argument" 64 "budgetconv: option '-o' needs an argument
Try 'budgetconv --help' for more information."
run two.json --output
expect "a missing argument to a long option" 64 "budgetconv: option '--output' needs an argument
Try 'budgetconv --help' for more information."
run -t json -o x.json --output-dir d two.json
expect "-o with --output-dir: 64" 64 \
"budgetconv: -o and --output-dir exclude each other: one output, or one per input
Try 'budgetconv --help' for more information."
# An empty name is no file: said so before anything is tried (it gave a
# nameless rename error, and read past the end of the directory name).
run -t json -o '' two.json
expect "-o '': 64" 64 \
"budgetconv: -o needs a file name ('-' for standard output)
Try 'budgetconv --help' for more information."
run -t json --output-dir '' two.json
expect "--output-dir '': 64" 64 \
"budgetconv: --output-dir needs a directory name ('.' for this one)
Try 'budgetconv --help' for more information."
run -t json -O nope=1 two.json
expect "bad -O key: 64, lists the valid keys" 64 \
"budgetconv: unknown option 'nope' for json (valid: ndjson, compact; see --help-format json)
Try 'budgetconv --help' for more information."
run -t json -O ndjson=maybe two.json
expect "bad -O value: 64" 64 "budgetconv: option ndjson takes yes or no, not 'maybe'
Try 'budgetconv --help' for more information."
# raw is a csv option: with the input read as json it means nothing.
run -t json -O raw two.json
expect "an importer option the chosen importer lacks: 64" 64 \
"budgetconv: two.json: option 'raw' is neither for json (reading) nor for json (writing)
Try 'budgetconv --help' for more information."
run two.json
expect "no output format: 64" 64 \
"budgetconv: no output format: give -t FORMAT or -o FILE with a known extension
Try 'budgetconv --help' for more information."
run -o out.unknown two.json
expect "unknown output extension: 64" 64 \
"budgetconv: cannot tell the output format from 'out.unknown'; give -t FORMAT
Try 'budgetconv --help' for more information."

# --- unavailable formats (69) ----------------------------------------------
run -t nosuch two.json
expect "unknown output format: 69" 69 "budgetconv: unknown output format 'nosuch' (see --list-formats)"
run -t jsno two.json
expect "a mistyped output format: the closest one suggested" 69 \
    "budgetconv: unknown output format 'jsno'; did you mean json? (see --list-formats)"
run -f cvs -t json two.json
expect "a mistyped input format: the closest one suggested" 69 \
    "budgetconv: unknown input format 'cvs'; did you mean csv? (see --list-formats)"
run --help-format markdwon
expect "--help-format of a mistyped format" 69 \
    "budgetconv: unknown format 'markdwon'; did you mean markdown? (see --list-formats)"
run -f nosuch -t json two.json
expect "unknown input format: 69" 69 "budgetconv: unknown input format 'nosuch' (see --list-formats)"
run -f JSON -t Json two.json
expect "format names in any case" 0 ""
"$BUDGETCONV" -f json -t json two.json > lower.out
same "format names in any case: the same conversion" out lower.out

# --- inputs (66) -----------------------------------------------------------
run -t json "$tmp/missing.json"
expect "missing input: 66" 66 "budgetconv: $tmp/missing.json: cannot open: No such file or directory"
# A file name is the user's bytes: a newline or an escape sequence in it is
# written as \xHH, so that it can neither forge a message line of its own
# nor drive the terminal.
nl='
'
esc=$(printf '\033')
run -t json "a${nl}b${esc}[1m.json"
expect "a control character in a missing file's name is escaped" 66 \
    "budgetconv: a\\x0Ab\\x1B[1m.json: cannot open: No such file or directory"
cp mismatch.json "mis${nl}match.json"
run --check -t json -o /dev/null "mis${nl}match.json"
expect "a control character in a warning's file name is escaped" 0 \
    "budgetconv: mis\\x0Amatch.json:1: check: NO 3: requested total is 100 but its parts sum to 30"
run -t json "--bad${esc}[1m"
expect "a control character in an unknown option is escaped" 64 \
    "budgetconv: unknown option '--bad\\x1B[1m'
Try 'budgetconv --help' for more information."
mkdir adir
run -t json adir
expect "a directory as input: 66" 66 "budgetconv: adir: is a directory"
if [ "$(id -u)" -eq 0 ]; then
    skip "unreadable input: 66 (running as root, which reads anything)"
else
    cp two.json locked.json
    chmod 000 locked.json
    run -t json locked.json
    expect "unreadable input: 66" 66 "budgetconv: locked.json: cannot open: Permission denied"
fi

# --- outputs (73) ----------------------------------------------------------
run -t json -o "$tmp/nodir/out.json" two.json
expect "output into a missing directory: 73" 73 \
    "budgetconv: $tmp/nodir/out.json: cannot create output: No such file or directory"
run -t json -o adir two.json
expect "output onto a directory: 73" 73 "budgetconv: adir: is a directory"

# --- bad data (65) ---------------------------------------------------------
printf 'garbage' > garbage.json
run -f json -t json garbage.json
expect "bad JSON: 65 at FILE:LINE" 65 \
    "budgetconv: garbage.json:1: invalid JSON: '[' or '{' expected near 'garbage'"

: > empty.txt
printf 'hello\nworld\n' > norecord.txt
printf 'NO 1\n\000\001binary\n' > binary.txt
printf 'NO 1\n\377\376 text\n' > latin.txt
for f in empty norecord binary latin; do
    run -f rawtext -t json $f.txt
    if [ "$rc" -eq 65 ] && [ ! -s out ] && grep -q "^budgetconv: $f\.txt:[0-9][0-9]*: ." err &&
       [ "$(wc -l < err)" -eq 1 ]; then
        ok "rawtext: $f input: 65 with FILE:LINE"
    else
        not_ok "rawtext: $f input: 65 with FILE:LINE" "exit $rc" "$(cat err)"
    fi
done

# --- atomic output -----------------------------------------------------------
printf 'precious\n' > keep.json
cp keep.json keep.orig
run -o keep.json bad.ndjson
expect "a conversion failing at record 2: 65" 65 \
    "budgetconv: bad.ndjson:2: NO 2: invalid JSON: unexpected token near end of file"
same "the failed run left the existing file alone" keep.json keep.orig
run -o fresh.json bad.ndjson
if [ ! -e fresh.json ]; then ok "the failed run created no file"
else not_ok "the failed run created no file"; fi
leftover=$(ls -A | grep '^\.' || true)
if [ -z "$leftover" ]; then ok "no temporary file remains"
else not_ok "no temporary file remains" "$leftover"; fi

# Replacing goes through the link to the file it names, keeping that file's
# mode; a FIFO (like /dev/null, which a rename would turn into a plain file)
# is written in place.
run -t json -o two.want.json two.json
printf 'old\n' > real.json
chmod 640 real.json
ln -s real.json link.json
run -t json -o link.json two.json
if [ -L link.json ] && [ "$(stat -c %a real.json)" = 640 ]; then ok "-o through a symlink keeps the link and the mode"
else not_ok "-o through a symlink keeps the link and the mode" "$(ls -l link.json real.json)"; fi
same "-o through a symlink replaces the file it names" real.json two.want.json
mkfifo pipe.json
timeout 20 cat pipe.json > fifo.out &  # cannot hang the suite if the FIFO is lost
reader=$!
run -t json -o pipe.json two.json
wait $reader
if [ -p pipe.json ]; then ok "-o FIFO leaves the FIFO in place"; else not_ok "-o FIFO leaves the FIFO in place" "$(ls -l pipe.json)"; fi
same "-o FIFO delivers the output through it" fifo.out two.want.json

# An exporter that writes by path (xlsx seeks) cannot write into a FIFO: it
# gets a temporary file that is copied in.
mkfifo pipe.xlsx
timeout 20 cat pipe.xlsx > fifo.xlsx &
reader=$!
run -t xlsx -o pipe.xlsx two.json
wait $reader
expect "-o FIFO with xlsx: 0" 0 ""
if [ "$(head -c 2 fifo.xlsx)" = PK ]; then ok "-o FIFO with xlsx delivers a whole workbook"
else not_ok "-o FIFO with xlsx delivers a whole workbook" "$(head -c 80 fifo.xlsx | od -c | head -3)"; fi

# A reader that goes away (| head) ends the run quietly, like any filter,
# and leaves no temporary file behind.
# The output (3 x 44 KB) must overflow the pipe for the writer to see it close.
mkdir sigpipe
sample=$SRCDIR/samples/minato-r2-059-068.txt
TMPDIR=$tmp/sigpipe "$BUDGETCONV" -q -t json "$sample" "$sample" "$sample" \
    2> sigpipe.err | head -c 1 > /dev/null
if [ -z "$(ls -A sigpipe)" ] && [ ! -s sigpipe.err ]; then ok "a closed pipe leaves no temporary file and no message"
else not_ok "a closed pipe leaves no temporary file and no message" "$(ls -A sigpipe; cat sigpipe.err)"; fi

# --- --check and --strict ----------------------------------------------------
run -t json --check mismatch.json
expect "--check reports a mismatch and still converts" 0 \
    "budgetconv: mismatch.json:1: check: NO 3: requested total is 100 but its parts sum to 30"
if grep -q '"no": 3' out; then ok "--check output written"; else not_ok "--check output written"; fi
run -t json mismatch.json
expect "no report without --check" 0 ""
run -t json -q --check mismatch.json
expect "-q silences the report" 0 ""
run -t json --check --strict mismatch.json
expect "--strict with a warning: 65 and no output" 65 \
"budgetconv: mismatch.json:1: check: NO 3: requested total is 100 but its parts sum to 30
budgetconv: 1 warning with --strict: no output written"
printf 'precious\n' > strict.json
run --check --strict -o strict.json mismatch.json
same "--strict left the existing file alone" strict.json keep.orig
run -t json --check --strict two.json
expect "--strict without warnings succeeds" 0 ""

# --- where plugins are found -------------------------------------------------
run --plugin-dir "$testplugins" --list-formats
sed "s|$testplugins/|DIR/|g; s|$BUILDDIR/plugins/|BUILD/|g; s/too small ([0-9]* bytes)/too small (N bytes)/" err > refusals
cat > refusals.want <<'END'
budgetconv: DIR/bad_magic.la: warning: refused: not a budgetconv plugin (bad magic)
budgetconv: DIR/bad_major.la: warning: refused: built for plugin ABI 2.0, this budgetconv has 1.0
budgetconv: DIR/bad_minor.la: warning: refused: built for plugin ABI 1.1, this budgetconv has 1.0
budgetconv: DIR/bad_size.la: warning: refused: descriptor too small (N bytes)
budgetconv: DIR/fake_b.la: warning: ignored: format 'fake' is already provided by DIR/fake_a.la
budgetconv: DIR/no_entry.la: warning: refused: no entry point bc_plugin_descriptor
budgetconv: BUILD/json.la: warning: ignored: format 'json' is already provided by DIR/json_stub.la
END
expect "bad plugins do not stop the run" 0
same "each bad plugin is refused with a warning naming its file" refusals refusals.want
has "--plugin-dir comes before BUDGETCONV_PLUGIN_PATH" out \
    "json       -w     fake             json stub"
has "the other plugins are still there" out \
    "fake       -w     fake             fake A"

run --plugin-dir nosuch -f json -t json two.json
expect "a --plugin-dir that is not there is no reason to stop" 0 \
"budgetconv: nosuch: warning: --plugin-dir: No such file or directory"
run -q --plugin-dir nosuch -f json -t json two.json
expect "-q: not even a warning about plugins" 0 ""
run --plugin-dir two.json -f json -t json two.json
expect "a --plugin-dir that is a file is named" 0 \
"budgetconv: two.json: warning: --plugin-dir: not a directory"

BUDGETCONV_PLUGIN_PATH="$testplugins:$BUILDDIR/plugins" run --list-formats
has "BUDGETCONV_PLUGIN_PATH: earlier directory first" out "json       -w     fake             json stub"
BUDGETCONV_PLUGIN_PATH="/nonexistent::$BUILDDIR/plugins:$testplugins" run --list-formats
if grep -q '^json .*canonical JSON' out && grep -q '^fake ' out; then ok "BUDGETCONV_PLUGIN_PATH: later directories add formats"
else not_ok "BUDGETCONV_PLUGIN_PATH: later directories add formats" "$(cat out)"; fi
BUDGETCONV_PLUGIN_PATH="$testplugins" run --list-formats
has "BUDGETCONV_PLUGIN_PATH comes before the build tree's plugins" out \
    "json       -w     fake             json stub"
(unset BUDGETCONV_PLUGIN_PATH; "$BUDGETCONV" --list-formats > out 2> err)
if grep -q '^json .*canonical JSON' out; then ok "the uninstalled binary finds the build tree's plugins"
else not_ok "the uninstalled binary finds the build tree's plugins" "$(cat out err)"; fi

BUDGETCONV_PLUGIN_PATH="$BUILDDIR/plugins:$testplugins" run -f json -t fake two.json
printf 'fake A: NO 1\nfake A: NO 2\n' > fake.want
same "a test plugin converts" out fake.want
mkdir pdir
ln -s "$testplugins/.libs/fake_b.so" pdir/fake_b.so
BUDGETCONV_PLUGIN_PATH="$BUILDDIR/plugins:$testplugins" run --plugin-dir pdir -f json -t fake two.json
printf 'fake B: NO 1\nfake B: NO 2\n' > fake.want
same "a plugin from --plugin-dir wins and converts" out fake.want

done_testing
