#!/bin/sh
# Runs each libFuzzer target for SECONDS (make fuzz; docs/testing.md), from
# its seed corpus and dictionary in the source tree, and prints one line of
# figures per target.  New inputs go to fuzz-corpus/<target>/ in the build
# tree, crashes to fuzz-crashes/; the source tree is only read.
#   run.sh FUZZDIR SECONDS tests/fuzz/fuzz_rawtext ...
# With FUZZ_SEED set, each target starts from that seed, and with FUZZ_RUNS
# it stops after that many inputs (SECONDS still caps it): CI gives both,
# so that its run is close to the same every time (libFuzzer's reloads of
# the corpus vary it a little), a developer can run it first, and a red CI
# is rarely bad luck.
set -u
fuzzdir=$1 seconds=$2
shift 2
status=0
mkdir -p fuzz-crashes
for bin in "$@"; do
    t=${bin##*/fuzz_}
    mkdir -p "fuzz-corpus/$t"
    log=fuzz-$t.log
    # -timeout: an input that takes seconds is a hang; -rss_limit_mb: one
    # that takes 2 GB is a leak or a blow-up, both bugs here.
    "$bin" -max_total_time="$seconds" ${FUZZ_SEED:+-seed="$FUZZ_SEED"} ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -timeout=10 -rss_limit_mb=2048 \
        -dict="$fuzzdir/$t.dict" -artifact_prefix="fuzz-crashes/$t-" \
        -print_final_stats=1 "fuzz-corpus/$t" "$fuzzdir/corpus/$t" >"$log" 2>&1
    rc=$?
    # The last status line ("#N DONE cov: C ft: F corp: …") has the figures.
    awk -v t="$t" -v rc="$rc" '
        /^#[0-9]+/ && / cov: / { line = $0 }
        /stat::number_of_executed_units:/ { runs = $2 }
        END {
            cov = ft = corp = "?"
            n = split(line, f, " ")
            for (i = 1; i < n; i++) {
                if (f[i] == "cov:") cov = f[i + 1]
                if (f[i] == "ft:") ft = f[i + 1]
                if (f[i] == "corp:") corp = f[i + 1]
            }
            printf "fuzz %s: %s executions, cov %s, ft %s, corpus %s%s\n", t, runs, cov, ft, corp,
                rc == 0 ? "" : " - FAILED (see fuzz-" t ".log)"
        }' "$log"
    if [ "$rc" -ne 0 ]; then
        status=1
        grep -A 30 '^==[0-9]*==ERROR\|^fuzz_target:\|SUMMARY:' "$log" | head -60
        ls fuzz-crashes/"$t"-* 2>/dev/null
    fi
done
exit $status
