#!/bin/sh
# Faults around the output (issue 8 points 4 and 9, issue 14 point 4):
# system calls on the output failing in turn for every exporter (through
# the LD_PRELOAD shim tests/fault_shim.c), a full disk, a file-size limit,
# a run killed with SIGKILL and the next run, signals inherited as ignored,
# and the targets that need care: a 255-byte name, a dangling symlink, a
# FIFO, an unusable $TMPDIR.  Every case checks the exit status, the
# message and what is left in the output directory.  Prints TAP.
. "$SRCDIR/tests/testlib.sh"
. "$SRCDIR/tests/faultlib.sh"

cd "$tmp" || exit 99
sample=$SRCDIR/samples/minato-r2-059-068.txt

# temps DIR: the temporary files budgetconv left in DIR (one per line).
temps() { ls -A "$1" | grep '^\.' || true; }

# wait_for_temp DIR: waits (10 s at most) until a run has its temporary
# file in DIR, that is, until it has opened its output.
wait_for_temp() {
    i=0
    while [ -z "$(temps "$1")" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
}

printf '{"schema": "budgetconv/record/1", "records": [{"no": 1, "title": "A"}, {"no": 2, "title": "B"}]}\n' > two.json
printf '{"no": 1, "title": "A"}\n{"no": 2, "title": \n' > bad.ndjson
"$BUDGETCONV" -o two.want.json two.json || exit 99
"$BUDGETCONV" -f json -t json - < two.json > fifo-stdin.want.json || exit 99

# --- system calls failing, per exporter ------------------------------------
# A clean run under the shim logs every call on the output directory: that
# fsync reached the temporary file before the rename (without it a crash
# soon after can leave an empty file), and how many calls of each kind
# there are.  Then the first and the last call of each kind fail in turn,
# alternately with EIO and ENOSPC: exit 74, one message with the system's
# reason, and the directory holds the old output and nothing else.
if [ ! -f "$shim" ]; then
    skip "fault shim not built"
else
    mkdir -p o
    errno=EIO
    for ex in json ndjson csv xlsx md; do
        case $ex in
        ndjson) args="-t json -O ndjson" ext=json ;;
        *) args="" ext=$ex ;;
        esac
        target=o/out.$ext
        rm -f o/* log
        # shellcheck disable=SC2086
        TMPDIR=$tmp/o BC_FAULT_PREFIX=$tmp/o BC_FAULT_LOG=$tmp/log faulty $args -o "$target" "$sample" 2> err
        rc=$?
        renamed=$(sed -n "s|^rename \\(.*\\) $tmp/$target\$|\\1|p" log)
        synced=$(sed -n "/^rename /q; s|^fsync $renamed\$|yes|p" log)
        check "$ex: a clean run under the shim: exit 0, fsync of the temporary file before its rename" \
            "$([ "$rc" -eq 0 ] && [ -n "$renamed" ] && [ "$synced" = yes ]; echo $?)" \
            "exit $rc" "$(cat err)" "calls:" "$(cat log)"
        cp "$target" clean.out
        for call in write fsync close fclose rename; do
            last=$(grep -c "^$call " log)
            nths=$(printf '1\n%s\n' "$last")
            # The first and the last write to each file: the output and the
            # exporter's spools (tmpfile(), libxlsxwriter's in $TMPDIR).
            [ $call != write ] || nths=$(grep '^write ' log | awk '{ if (!($2 in first)) first[$2] = NR; last[$2] = NR }
                END { for (f in first) print first[f] "\n" last[f] }')
            for nth in $(echo "$nths" | sort -nu); do
                [ "$nth" -gt 0 ] || continue
                printf 'old\n' > "$target"
                # shellcheck disable=SC2086
                TMPDIR=$tmp/o BC_FAULT_PREFIX=$tmp/o BC_FAULT_CALL=$call BC_FAULT_NTH=$nth \
                    BC_FAULT_ERRNO=$errno faulty $args -o "$target" "$sample" 2> err
                rc=$?
                case $errno in
                EIO) reason="Input/output error" next=ENOSPC ;;
                *) reason="No space left on device" next=EIO ;;
                esac
                # A spool's message need not carry the system's reason
                # (libxlsxwriter keeps none).
                what=$call file=
                if [ $call = write ]; then
                    file=$(grep '^write ' log | sed -n "${nth}p" | cut -d' ' -f2-)
                    case $file in *" (deleted)") what="write to a spool" reason=".+" ;; esac
                fi
                # libxlsxwriter writes a constant-memory sheet's last rows into
                # its spool inside workbook_close and ignores a failure there:
                # the read-back's cell count of each sheet catches it.
                check "$ex: $what #$nth of $last fails ($errno): 74, one message, old output kept" \
                    "$([ "$rc" -eq 74 ] && one_message err "$target: .*: $reason" &&
                       [ "$(ls -A o)" = "out.$ext" ] && [ "$(cat "$target")" = old ]
                       echo $?)" \
                    "exit $rc" "$(cat err)" "left:" "$(ls -A o)" "file: $file"
                errno=$next
            done
        done
    done
    # Standard output: the temporary file in $TMPDIR, then the copy.
    mkdir -p o/tmp
    rm -f log
    BC_FAULT_PREFIX=$tmp/o BC_FAULT_LOG=$tmp/log TMPDIR=$tmp/o/tmp faulty -t json two.json > o/stdout 2> err
    last=$(grep -c '^write ' log)
    for nth in 1 "$last"; do
        BC_FAULT_PREFIX=$tmp/o BC_FAULT_CALL=write BC_FAULT_NTH=$nth TMPDIR=$tmp/o/tmp \
            faulty -t json two.json > o/stdout 2> err
        rc=$?
        # the first write is the temporary file's, the last the copy's
        want="<stdout>: write error: Input/output error"
        [ "$nth" = 1 ] &&
            want="<stdout>: write error in the temporary directory $tmp/o/tmp: Input/output error"
        check "stdout: write #$nth of $last fails: 74, one message naming where, nothing sent, no temporary file" \
            "$([ "$rc" -eq 74 ] && one_message err "$want" &&
               [ ! -s o/stdout ] && [ -z "$(ls -A o/tmp)" ]; echo $?)" \
            "exit $rc" "$(cat err)" "left:" "$(ls -A o/tmp)" "$(head -c 200 o/stdout)"
    done
fi

# --- a full disk -------------------------------------------------------------
# A 64 KiB tmpfs where the test may mount one (root), else a file-size
# limit, which also shows that SIGXFSZ does not kill the run.  Three copies
# of the sample make 130 KB of JSON (-q: the copies' NOs repeat, and the
# run would warn of each).
mkdir full
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k budgetconv-test "$tmp/full" 2> /dev/null; then
    trap 'umount "$tmp/full"; rm -rf "$tmp"' EXIT
    printf 'old\n' > full/out.json
    "$BUDGETCONV" -q -o full/out.json "$sample" "$sample" "$sample" 2> err
    rc=$?
    check "disk full: 74, the reason, old output kept, no temporary file" \
        "$([ "$rc" -eq 74 ] && one_message err "full/out.json: write error: No space left on device" &&
           [ "$(ls -A full)" = out.json ] && [ "$(cat full/out.json)" = old ]; echo $?)" \
        "exit $rc" "$(cat err)" "left:" "$(ls -A full)"
else
    skip "disk full on a tmpfs: cannot mount one here"
fi
printf 'old\n' > full/limited.json
(ulimit -f 16 && exec "$BUDGETCONV" -q -o full/limited.json "$sample" "$sample" "$sample") 2> err
rc=$?
check "file-size limit: 74 (not SIGXFSZ), the reason, old output kept, no temporary file" \
    "$([ "$rc" -eq 74 ] && one_message err "full/limited.json: write error: File too large" &&
       [ "$(cat full/limited.json)" = old ] && [ -z "$(temps full)" ]; echo $?)" \
    "exit $rc" "$(cat err)" "left:" "$(ls -A full)"
# The workbook's own temporary files (libxlsxwriter's, in TMPDIR) hit the
# limit first: the message still carries the system's reason.
printf 'old\n' > full/limited.xlsx
(ulimit -f 16 && TMPDIR=$tmp/full exec "$BUDGETCONV" -q -o full/limited.xlsx "$sample" "$sample") 2> err
rc=$?
check "file-size limit on the workbook's temporary files: 74, the reason, nothing left" \
    "$([ "$rc" -eq 74 ] && one_message err "full/limited.xlsx: .*File too large" &&
       [ "$(cat full/limited.xlsx)" = old ] && [ -z "$(temps full)" ]; echo $?)" \
    "exit $rc" "$(cat err)" "left:" "$(ls -A full)"

# --- killed runs and signals ---------------------------------------------------
# A run that reads a FIFO waits there with its temporary file open; the test
# holds the FIFO's other end on descriptor 3 and decides when it ends.

# start DIR WRAPPER...: starts a run writing DIR/$target from the FIFO
# in.fifo, waits until it has its temporary file; sets $pid.
target=out.json
start() {
    dir=$1
    shift
    rm -f in.fifo
    mkfifo in.fifo
    "$@" "$BUDGETCONV" -f json -o "$dir/$target" in.fifo < /dev/null 2> "$dir.err" &
    pid=$!
    exec 3> in.fifo
    wait_for_temp "$dir"
}

# What such a run writes (the records name their source file).
cp two.json in.fifo
"$BUDGETCONV" -f json -o fifo.want.json in.fifo || exit 99

# finish: gives the waiting run its input and collects its exit status.
finish() {
    cat two.json >&3 2> /dev/null
    exec 3>&-
    wait "$pid"
    rc=$?
}

mkdir killed
start killed
stale=$(temps killed)
kill -KILL "$pid"
finish
mkdir live
start live env
live_temp=$(temps live)
cp -p "killed/$stale" "live/$stale"     # a SIGKILLed run's file beside a live one
# Two that look stale but are not: one whose process lives (it has not
# taken its lock yet), one whose lock is held (by a run whose pid means
# nothing here, in another pid namespace).
dead=$(echo "$stale" | cut -d. -f4)
unlocked=.out.json.$$.AAAAAA held=.out.json.$dead.BBBBBB
: > "live/$unlocked"
: > "live/$held"
chmod 600 "live/$unlocked" "live/$held"  # as private as a real one
(exec 9> "live/$held" && flock -n 9 && : > locked && exec sleep 60) > /dev/null 2>&1 &
holder=$!
i=0
while [ ! -e locked ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
"$BUDGETCONV" -f json -o live/out.json two.json 2> err
rc=$?
kill "$holder"
wait "$holder"
check "after SIGKILL: the next run succeeds and removes the stale temporary file" \
    "$([ "$rc" -eq 0 ] && [ -n "$stale" ] && [ ! -e "live/$stale" ] &&
       cmp -s live/out.json two.want.json; echo $?)" \
    "exit $rc" "$(cat err)" "left:" "$(ls -A live)"
check "after SIGKILL: the temporary file of a live run is not touched" \
    "$([ -e "live/$live_temp" ]; echo $?)" "left:" "$(ls -A live)"
check "after SIGKILL: a file whose process lives or whose lock is held is not touched" \
    "$([ -e "live/$unlocked" ] && [ -e "live/$held" ]; echo $?)" "left:" "$(ls -A live)"
rm -f "live/$unlocked" "live/$held"
finish
check "the live run then completes: 0 and its output, nothing left" \
    "$([ "$rc" -eq 0 ] && cmp -s live/out.json fifo.want.json && [ -z "$(temps live)" ]; echo $?)" \
    "exit $rc" "$(cat live.err)" "left:" "$(ls -A live)"

# Files that only resemble a killed run's: another name, a malformed tail,
# another owner.  The next run leaves them all alone.
mkdir near
for name in ".out.json.$dead.ABCDE" ".out.json.$dead.ABCDEFG" ".out.json.$dead.ABC-EF" \
    ".out.json.x$dead.ABCDEF" ".out.json.+$dead.ABCDEF" ".out.json$dead.ABCDEF" \
    ".out.jsonx.$dead.ABCDEF" "out.json.$dead.ABCDEF" ".out.json.0.ABCDEF" \
    ".out.json.$((4294967296 + dead)).ABCDEF"; do
    : > "near/$name"
done
if [ "$(id -u)" -eq 0 ]; then
    : > "near/.out.json.$dead.NOBODY"
    chmod 600 "near/.out.json.$dead.NOBODY"
    chown nobody "near/.out.json.$dead.NOBODY"
fi
mkfifo "near/.out.json.$dead.FIFOFI"  # opened to lock, it would block
# A user's files under a perfect name: readable by others, or a link to
# another file; mkstemp makes neither.
: > "near/.out.json.$dead.SHARED"
chmod 644 "near/.out.json.$dead.SHARED"
: > near/kept
chmod 600 near/kept
ln near/kept "near/.out.json.$dead.LINKED"
before=$(ls -A near)
timeout 20 "$BUDGETCONV" -f json -o near/out.json two.json 2> err
rc=$?
check "files that only look like a stale temporary file are kept" \
    "$([ "$rc" -eq 0 ] && [ "$(ls -A near | grep -vx out.json)" = "$before" ]; echo $?)" \
    "exit $rc" "$(cat err)" "before:" "$before" "after:" "$(ls -A near)"

# Standard output's temporary file is in $TMPDIR; one left by a SIGKILLed
# run goes with the next run that uses the same directory.
mkdir spool
rm -f in.fifo
mkfifo in.fifo
TMPDIR=$tmp/spool "$BUDGETCONV" -f json -t json in.fifo > /dev/null 2> /dev/null &
pid=$!
exec 3> in.fifo
wait_for_temp spool
spooled=$(temps spool)
kill -KILL "$pid"
finish
TMPDIR=$tmp/spool "$BUDGETCONV" -t json two.json > spool.json 2> err
rc=$?
check "stdout: the temporary file is made in \$TMPDIR, and a killed run's is removed next time" \
    "$([ -n "$spooled" ] && [ "$rc" -eq 0 ] && [ -z "$(ls -A spool)" ] &&
       cmp -s spool.json two.want.json; echo $?)" \
    "spooled: $spooled" "exit $rc" "$(cat err)" "left:" "$(ls -A spool)"

mkdir hup
start hup
kill -HUP "$pid"
finish
check "SIGHUP ends a run: 129, no output, no temporary file" \
    "$([ "$rc" -eq 129 ] && [ -z "$(ls -A hup)" ]; echo $?)" "exit $rc" "left:" "$(ls -A hup)"

mkdir nohup
start nohup nohup
kill -HUP "$pid"
finish
check "nohup: SIGHUP stays ignored, the run completes" \
    "$([ "$rc" -eq 0 ] && cmp -s nohup/out.json fifo.want.json && [ -z "$(temps nohup)" ]; echo $?)" \
    "exit $rc" "$(cat nohup.err)" "left:" "$(ls -A nohup)"

# A non-interactive shell starts `cmd &` with SIGINT ignored.
mkdir bg
start bg
kill -INT "$pid"
finish
check "a background job survives SIGINT and completes" \
    "$([ "$rc" -eq 0 ] && cmp -s bg/out.json fifo.want.json && [ -z "$(temps bg)" ]; echo $?)" \
    "exit $rc" "$(cat bg.err)" "left:" "$(ls -A bg)"

# --- targets -------------------------------------------------------------------
mkdir names
long=$(printf 'x%.0s' $(seq 250)).json
"$BUDGETCONV" -o "names/$long" two.json 2> err
rc=$?
check "a 255-byte target name works" \
    "$([ "$rc" -eq 0 ] && cmp -s "names/$long" two.want.json && [ -z "$(temps names)" ]; echo $?)" \
    "exit $rc" "$(cat err)"
"$BUDGETCONV" -o "names/$long" bad.ndjson 2> err
rc=$?
check "a 255-byte target name: a failed run keeps it and leaves nothing" \
    "$([ "$rc" -eq 65 ] && cmp -s "names/$long" two.want.json && [ -z "$(temps names)" ]; echo $?)" \
    "exit $rc" "$(cat err)"

# The temporary name must fit NAME_MAX without cutting a UTF-8 character:
# it is what `ls` shows after a crash.
wide=$(printf '予%.0s' $(seq 80)).json      # 245 bytes
mkdir wide
target=$wide
start wide
target=out.json
name=$(temps wide)
finish
check "a 245-byte UTF-8 name: the temporary name fits and is whole UTF-8" \
    "$([ "$rc" -eq 0 ] && [ -n "$name" ] && [ "$(printf %s "$name" | wc -c)" -le 255 ] &&
       printf %s "$name" | iconv -f UTF-8 -t UTF-8 > /dev/null 2>&1 &&
       cmp -s "wide/$wide" fifo.want.json && [ -z "$(temps wide)" ]; echo $?)" \
    "exit $rc" "$(cat wide.err)" "temporary: $name" "left:" "$(ls -A wide)"

mkdir links links/sub
ln -s sub/made.json links/dangling.json
ln -s "$tmp/links/sub/abs.json" links/absolute.json
ln -s absolute.json links/chain.json
(umask 027 && "$BUDGETCONV" -o links/dangling.json two.json) 2> err
rc=$?
check "a dangling symlink: its target is created with the umask's mode, the link stays" \
    "$([ "$rc" -eq 0 ] && [ -L links/dangling.json ] && cmp -s links/sub/made.json two.want.json &&
       [ "$(stat -c %a links/sub/made.json)" = 640 ] &&
       [ -z "$(temps links)$(temps links/sub)" ]; echo $?)" \
    "exit $rc" "$(cat err)" "$(ls -lA links links/sub)"
"$BUDGETCONV" -o links/chain.json two.json 2> err
rc=$?
check "a chain of links ending in a dangling absolute one: its target is created" \
    "$([ "$rc" -eq 0 ] && [ -L links/chain.json ] && [ -L links/absolute.json ] &&
       cmp -s links/sub/abs.json two.want.json; echo $?)" \
    "exit $rc" "$(cat err)" "$(ls -lA links links/sub)"
ln -s loop.json links/loop.json
"$BUDGETCONV" -o links/loop.json two.json 2> err
rc=$?
check "a symlink loop: 73, as > would fail" \
    "$([ "$rc" -eq 73 ] &&
       one_message err "links/loop.json: cannot create output: Too many levels of symbolic links"
       echo $?)" "exit $rc" "$(cat err)"

# A run that fails on its second input sends nothing into a FIFO, as to
# standard output.
rm -f out.fifo
mkfifo out.fifo
timeout 20 cat out.fifo > fifo.got &
reader=$!
"$BUDGETCONV" -t json -o out.fifo two.json bad.ndjson 2> err
rc=$?
wait $reader
check "a FIFO gets nothing from a run that fails on its second input" \
    "$([ "$rc" -eq 65 ] && [ ! -s fifo.got ] && [ -p out.fifo ]; echo $?)" \
    "exit $rc" "$(cat err)" "$(head -c 200 fifo.got)"

# /dev/stdout on a pipe names "pipe:[N]" through /proc: not a file to create.
"$BUDGETCONV" -t json -o /dev/stdout two.json 2> err | cat > devstdout.json
check "-o /dev/stdout into a pipe" \
    "$([ ! -s err ] && cmp -s devstdout.json two.want.json; echo $?)" "$(cat err)"

# Standard output needs a temporary file: $TMPDIR missing or not a
# directory falls back (to /tmp), for the exporters that spool or write by
# path as well.
: > not-a-dir
"$BUDGETCONV" -o two.want.md two.json || exit 99
for dir in "$tmp/missing" "$tmp/not-a-dir"; do
    for ex in json markdown xlsx; do
        TMPDIR=$dir "$BUDGETCONV" -t $ex two.json > stdout.$ex 2> err
        rc=$?
        case $ex in
        json) cmp -s stdout.json two.want.json ;;
        markdown) cmp -s stdout.markdown two.want.md ;;
        xlsx) [ "$(head -c 2 stdout.xlsx)" = PK ] ;;
        esac
        right=$?
        check "$ex to stdout with TMPDIR=${dir#"$tmp"/}: works" \
            "$([ "$rc" -eq 0 ] && [ ! -s err ] && [ $right -eq 0 ]; echo $?)" \
            "exit $rc" "$(cat err)"
    done
done

# With /tmp read-only as well (a private mount namespace, as root), the
# current directory takes the temporary file.  The streams are opened
# before /tmp is covered, where this test's files live.
mkdir cwd
case $BUILDDIR in
/tmp/*) skip "stdout with /tmp read-only: the build tree is under /tmp" ;;
*)
    if [ "$(id -u)" -eq 0 ] && unshare -m true 2> /dev/null; then
        (cd cwd && TMPDIR=$tmp/missing unshare -m sh -c \
            'mount -t tmpfs -o ro budgetconv-test /tmp && exec "$0" -f json -t json -' \
            "$BUDGETCONV" < "$tmp/two.json" > "$tmp/stdout.json" 2> "$tmp/err")
        rc=$?
        check "stdout with \$TMPDIR missing and /tmp read-only: the current directory serves" \
            "$([ "$rc" -eq 0 ] && [ ! -s err ] && [ -z "$(ls -A cwd)" ] &&
               cmp -s stdout.json fifo-stdin.want.json; echo $?)" \
            "exit $rc" "$(cat err)" "left:" "$(ls -A cwd)"
    else
        skip "stdout with /tmp read-only: needs root and unshare -m"
    fi
    ;;
esac

done_testing
