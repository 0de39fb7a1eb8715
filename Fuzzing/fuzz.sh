#!/usr/bin/env bash
# Runs each fuzz target for a bounded time through the libFuzzer binary `make fuzz` built.
#
#   Fuzzing/fuzz.sh [target...]      (all targets when none is named)
#
# FUZZ_SECONDS   seconds per target (60)
# FUZZ_ARGS      extra libFuzzer options, e.g. "-jobs=2" or "-fork=1 -ignore_timeouts=1 -ignore_crashes=1"
# FUZZ_BIN       the binary (Fuzzing/.build/release/pigment-fuzz)
#
# Reads the committed seeds (Fuzzing/seeds/<target>/) and crash inputs (Fuzzing/regressions/<target>/);
# writes what it learns to Fuzzing/work/ (not committed): corpus/<target>/ for new inputs,
# artifacts/<target>/ for crash, timeout and out-of-memory inputs, logs/<target>.log.
# Exits 1 when any target crashed, hung (-timeout) or ran out of memory.
set -u
cd "$(dirname "$0")"

FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_ARGS=${FUZZ_ARGS:-}
FUZZ_BIN=${FUZZ_BIN:-.build/release/pigment-fuzz}
all_targets="consent-json consent-payload consent-form front-matter shortcodes page-event"
targets=${*:-$all_targets}

# Longest input per target: just over the consent API's 8 KiB body limit for the bodies, so the limit
# itself is exercised; 4 KiB for page bodies, since a page with hundreds of shortcode tags is already
# known to be slow (issue 14: each tag rescans the HTML) and would only make the fuzzer wait on it;
# just over the 2 KiB event limit for analytics events.
max_len() {
    case $1 in
        consent-json) echo 8192 ;;
        consent-payload | consent-form) echo 8400 ;;
        front-matter) echo 8192 ;;
        shortcodes) echo 4096 ;;
        page-event) echo 2100 ;;
    esac
}
dictionary() {
    case $1 in
        consent-json | consent-payload) echo dictionaries/json.dict ;;
        consent-form) echo dictionaries/form.dict ;;
        *) echo "dictionaries/$1.dict" ;;
    esac
}

[ -x "$FUZZ_BIN" ] || { echo "fuzz.sh: no $FUZZ_BIN; run 'make fuzz' to build it" >&2; exit 2; }
failed=""
for target in $targets; do
    [ -d "seeds/$target" ] || { echo "fuzz.sh: unknown target '$target' (targets: $all_targets)" >&2; exit 2; }
    mkdir -p "work/corpus/$target" "work/artifacts/$target" work/logs
    inputs="seeds/$target"
    [ -d "regressions/$target" ] && inputs="$inputs regressions/$target"
    findings_before=$(ls "work/artifacts/$target" | wc -l)
    echo "== $target: ${FUZZ_SECONDS}s, log in Fuzzing/work/logs/$target.log"
    # The first folder receives new inputs; the committed ones are only read.
    # shellcheck disable=SC2086
    # SWIFT_BACKTRACE: the Swift runtime's crash handler reads the stack in a way AddressSanitizer
    # reports as an underflow, burying the real finding; libFuzzer prints its own stack anyway.
    SWIFT_BACKTRACE=enable=no PIGMENT_FUZZ_TARGET=$target "$FUZZ_BIN" \
        -max_total_time="$FUZZ_SECONDS" -timeout=10 -rss_limit_mb=2048 -max_len="$(max_len "$target")" \
        -dict="$(dictionary "$target")" -artifact_prefix="work/artifacts/$target/" -print_final_stats=1 \
        $FUZZ_ARGS "work/corpus/$target" $inputs > "work/logs/$target.log" 2>&1
    status=$?
    findings=$(( $(ls "work/artifacts/$target" | wc -l) - findings_before ))
    # libFuzzer's last progress line: "#runs ... cov: N ft: N corp: N/size ... exec/s: N"
    grep -E '^#[0-9]+' "work/logs/$target.log" | tail -1
    grep -E '^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::new_units_added|^stat::peak_rss_mb' "work/logs/$target.log"
    if [ "$status" -ne 0 ] || [ "$findings" -gt 0 ]; then
        echo "!! $target: exit $status, $findings new input(s) in Fuzzing/work/artifacts/$target/ — see the log"
        grep -E '==ERROR|Fatal error|deadly signal|ALARM|out-of-memory|Test unit written' "work/logs/$target.log" | head -5
        failed="$failed $target"
    fi
done
if [ -n "$failed" ]; then
    echo "fuzz: findings in:$failed. Minimise one with"
    echo "  cd Fuzzing && SWIFT_BACKTRACE=enable=no PIGMENT_FUZZ_TARGET=<target> $FUZZ_BIN -minimize_crash=1 -runs=10000 \\"
    echo "      -exact_artifact_path=regressions/<target>/<what-it-is> work/artifacts/<target>/<crash-file>"
    echo "and commit it under Fuzzing/regressions/<target>/ (FuzzRegressionTests runs it)."
    exit 1
fi
echo "fuzz: no findings in: $targets"
