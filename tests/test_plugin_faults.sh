#!/bin/sh
# Plugins that must not take the host down (DESIGN §3): modules that crash
# while being loaded or described (tests/plugins/crashing), importers whose
# probe crashes, exits or hangs (tests/plugins/probing), a module that shadows a bundled format,
# and modules or directories that others may write to.  Each case checks the
# exit status, the whole of stderr and what became of the output file.
# Prints TAP.
. "$SRCDIR/tests/testlib.sh"

plugins=$BUILDDIR/plugins
testplugins=$BUILDDIR/tests/plugins
crashing=$testplugins/crashing
probing=$testplugins/probing
cd "$tmp" || exit 99

# run ARGS...: runs budgetconv; stdout in $tmp/out, stderr in $tmp/err.
run() { "$BUDGETCONV" "$@" > "$tmp/out" 2> "$tmp/err"; rc=$?; }

# check NAME STATUS STDERR: the last run's exit status and its whole stderr.
check() {
    if [ "$rc" -ne "$2" ]; then not_ok "$1" "exit status $rc, want $2" "$(cat "$tmp/err")"
    elif [ "$(cat "$tmp/err")" != "$3" ]; then not_ok "$1" "stderr:" "$(cat "$tmp/err")" "want:" "$3"
    else ok "$1"; fi
}

# same NAME FILE WANT: FILE holds exactly the bytes of WANT (a file).
same() {
    if cmp -s "$2" "$3"; then ok "$1"; else not_ok "$1" "$(diff "$3" "$2" | head -20)"; fi
}

# absent NAME FILE: the run left no FILE (and no temporary beside it).
absent() {
    left=$(ls -A "$(dirname "$2")" | grep -F "$(basename "$2")")
    if [ -z "$left" ]; then ok "$1"; else not_ok "$1" "left behind: $left"; fi
}

cat > two.json <<'END'
{"schema": "budgetconv/record/1", "records": [{"no": 1, "title": "A"}, {"no": 2, "title": "B"}]}
END
printf 'fake B: NO 1\nfake B: NO 2\n' > fakeb.want

# --- modules that crash ------------------------------------------------------
crash_warnings="budgetconv: $crashing/bad_pointer.la: warning: refused: crashed while its descriptor was read (Segmentation fault)
budgetconv: $crashing/ctor_crash.la: warning: refused: crashed while being loaded (Segmentation fault)
budgetconv: $crashing/entry_crash.la: warning: refused: crashed in its entry point (Segmentation fault)"
export BUDGETCONV_PLUGIN_PATH="$crashing:$plugins"

run --list-formats
check "--list-formats survives modules that crash in a constructor, entry point or descriptor" 0 \
    "$crash_warnings"
if grep -q '^json ' out && ! grep -q 'crash' out; then ok "--list-formats lists the others, not them"
else not_ok "--list-formats lists the others, not them" "$(cat out)"; fi

run -t csv -O table=projects -o two.csv two.json
check "a conversion that does not need them succeeds" 0 "$crash_warnings"
"$BUDGETCONV" -t csv -O table=projects two.json > two.want 2> /dev/null
same "... and writes its output" two.csv two.want

printf 'precious\n' > kept.out
cp kept.out kept.orig
run -t ctor_crash -o kept.out two.json
check "a run that needs the module fails with 69, naming it and what happened" 69 "$crash_warnings
budgetconv: output format 'ctor_crash' is unavailable: its module $crashing/ctor_crash.la was refused: crashed while being loaded (Segmentation fault)"
same "... and leaves its output file alone" kept.out kept.orig
run -t entry_crash -o new.out two.json
check "a run that needs a module whose entry point crashes fails with 69, naming it" 69 "$crash_warnings
budgetconv: output format 'entry_crash' is unavailable: its module $crashing/entry_crash.la was refused: crashed in its entry point (Segmentation fault)"
absent "... and creates no output file" "$tmp/new.out"
run -f bad_pointer two.json -t json
check "an input format whose module crashed: the same, exit 69" 69 "$crash_warnings
budgetconv: input format 'bad_pointer' is unavailable: its module $crashing/bad_pointer.la was refused: crashed while its descriptor was read (Segmentation fault)"
run --help-format entry_crash
check "--help-format of a module that crashed says why it has none" 69 "$crash_warnings
budgetconv: format 'entry_crash' is unavailable: its module $crashing/entry_crash.la was refused: crashed in its entry point (Segmentation fault)"

# --- importers whose probe crashes, exits or hangs ---------------------------
# They pass the scan; guessing an input's format runs their probes, each
# contained, so the run goes on with the good modules' scores.
sample=$SRCDIR/samples/minato-r2-059-068.txt
"$BUDGETCONV" -f rawtext -t json "$sample" > sample.want 2> /dev/null
probe_warnings="budgetconv: $probing/probe_crash.la: warning: its probe crashed (Segmentation fault); it is not used to guess input formats
budgetconv: $probing/probe_exit.la: warning: its probe exited (status 3); it is not used to guess input formats
budgetconv: $probing/probe_hang.la: warning: its probe gave no answer within 2 s; it is not used to guess input formats"
export BUDGETCONV_PLUGIN_PATH="$plugins"
run --plugin-dir "$probing" -t json "$sample"
check "a guess survives probes that crash, exit and hang, warning once of each" 0 "$probe_warnings"
same "... and converts with the good modules" out sample.want
cp "$sample" a.txt
cp "$sample" b.txt
mkdir guessed
run --plugin-dir "$probing" -t json --output-dir guessed a.txt two.json b.txt
check "a batch that guesses for every input warns once per module" 0 "$probe_warnings
budgetconv: 3 inputs: 3 converted, 0 failed; 22 records written, 0 warnings"
"$BUDGETCONV" -f rawtext -t json a.txt > a.want 2> /dev/null
"$BUDGETCONV" -f rawtext -t json b.txt > b.want 2> /dev/null
same "... converts the first input" guessed/a.json a.want
same "... and the last" guessed/b.json b.want
"$BUDGETCONV" -f json -t json two.json > two.json.want 2> /dev/null
same "... and guesses json for the json one" guessed/two.json two.json.want
run --plugin-dir "$probing" -f rawtext -t json "$sample"
check "with -f rawtext no probe runs" 0 ""
same "... and it converts" out sample.want

# --- a module that fails validation ------------------------------------------
mkdir invalid
ln -s "$testplugins/.libs/bad_major.so" invalid/bad_major.so
export BUDGETCONV_PLUGIN_PATH="$tmp/invalid:$plugins"
run -t bad_major -o new.out two.json
check "a run that needs a module built for another ABI fails with 69, saying so" 69 \
    "budgetconv: $tmp/invalid/bad_major.so: warning: refused: built for plugin ABI 2.0, this budgetconv has 1.0
budgetconv: output format 'bad_major' is unavailable: its module $tmp/invalid/bad_major.so was refused: built for plugin ABI 2.0, this budgetconv has 1.0"
absent "... and creates no output file" "$tmp/new.out"

# --- a module that shadows a bundled format ----------------------------------
mkdir shadow
ln -s "$testplugins/.libs/json_stub.so" shadow/json_stub.so
export BUDGETCONV_PLUGIN_PATH="$tmp/shadow:$plugins"
run --list-formats
check "a second 'json' is reported with both paths" 0 \
    "budgetconv: $plugins/json.la: warning: ignored: format 'json' is already provided by $tmp/shadow/json_stub.so"
if grep -A3 '^json ' out | grep -qxF "                                   from $tmp/shadow/json_stub.so"
then ok "--list-formats says where the winning json comes from"
else not_ok "--list-formats says where the winning json comes from" "$(cat out)"; fi
if grep -A3 '^csv ' out | grep -qxF "                                   from $plugins/csv.la"
then ok "--list-formats says where each format comes from"
else not_ok "--list-formats says where each format comes from" "$(cat out)"; fi
run -t json "$SRCDIR/samples/minato-r2-059-068.txt"
seq 59 68 | sed 's/^/json stub: NO /' > stub.want
same "the first in search order wins" out stub.want

# --- modules and directories that others may write to -----------------------
mkdir open_file
cp "$testplugins/.libs/fake_b.so" open_file/fake_b.so
chmod 666 open_file/fake_b.so
export BUDGETCONV_PLUGIN_PATH="$tmp/open_file:$plugins"
run -f json -t fake -o out.fake two.json
check "a world-writable module file is refused with a warning" 69 \
    "budgetconv: $tmp/open_file/fake_b.so: warning: refused: the file is writable by others
budgetconv: unknown output format 'fake' (see --list-formats)"
absent "... and nothing is written" "$tmp/out.fake"
run -f json -t fake_b -o out.fake two.json
check "... and a run that asks for the format its file is named for is told why" 69 \
    "budgetconv: $tmp/open_file/fake_b.so: warning: refused: the file is writable by others
budgetconv: output format 'fake_b' is unavailable: its module $tmp/open_file/fake_b.so was refused: the file is writable by others"
chmod 644 open_file/fake_b.so
run -f json -t fake -o out.fake two.json
check "the same module, no longer writable by others, loads" 0 ""
same "... and converts" out.fake fakeb.want
rm -f out.fake

mkdir open_dir
cp "$testplugins/.libs/fake_b.so" open_dir/fake_b.so
chmod 777 open_dir
export BUDGETCONV_PLUGIN_PATH="$tmp/open_dir:$plugins"
run -f json -t fake -o out.fake two.json
check "a world-writable plugin directory is refused with a warning" 69 \
    "budgetconv: $tmp/open_dir: warning: refused: the directory is writable by others
budgetconv: unknown output format 'fake' (see --list-formats)"
absent "... and nothing is written" "$tmp/out.fake"
run --list-formats
check "--list-formats warns about it too" 0 \
    "budgetconv: $tmp/open_dir: warning: refused: the directory is writable by others"
if [ "$(id -u)" -eq 0 ]; then
    chmod 1777 open_dir
    run -f json -t fake two.json
    check "root's sticky directory (as /tmp) is accepted" 0 ""
    same "... and its module converts" out fakeb.want
else
    skip "root's sticky directory is accepted (needs root to own one)"
    skip "... and its module converts (needs root)"
fi
chmod 755 open_dir

# --- files named like modules that are not modules ---------------------------
mkdir fifo_dir
mkfifo fifo_dir/blocks.so
export BUDGETCONV_PLUGIN_PATH="$tmp/fifo_dir:$plugins"
rc=0
timeout 10 "$BUDGETCONV" --list-formats > "$tmp/out" 2> "$tmp/err" || rc=$?
check "a FIFO named like a module is refused at once, not waited on" 0 \
    "budgetconv: $tmp/fifo_dir/blocks.so: warning: refused: not a regular file"

# --- the host killed while a module is being scanned -------------------------
# The scan's child must not outlive the host: with no host to time it out, a
# module that hangs would run for ever.
export BUDGETCONV_PLUGIN_PATH="$testplugins/hanging:$plugins"
"$BUDGETCONV" --list-formats > /dev/null 2>&1 &
host=$!
child=
# (up to 10 s each way: a sanitizer build on a loaded machine starts slowly)
tenths=$(seq 100)
for _ in $tenths; do
    # (procps may be missing: the parent is the field after the state)
    child=$(cat /proc/[0-9]*/stat 2> /dev/null |
            sed -n "s/^\([0-9]*\) (.*) . $host .*/\1/p")
    [ -n "$child" ] && break
    sleep 0.1
done
kill -TERM "$host"
wait "$host" 2> /dev/null
# A child that has died but is not reaped yet (a zombie, state Z) is gone.
gone=no
for _ in $tenths; do
    state=$(sed -n 's/^[0-9]* (.*) \(.\) .*/\1/p' "/proc/$child/stat" 2> /dev/null)
    if [ -n "$child" ] && { ! kill -0 "$child" 2> /dev/null || [ "$state" = Z ]; }; then
        gone=yes
        break
    fi
    sleep 0.1
done
if [ "$gone" = yes ]; then ok "a scan's child dies with its host"
else
    not_ok "a scan's child dies with its host" "child '$child' still runs"
    [ -n "$child" ] && kill -KILL "$child" 2> /dev/null
fi

done_testing
