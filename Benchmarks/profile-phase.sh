#!/usr/bin/env bash
# Samples the gateway's CPU with perf while one phase of the benchmark runs (run by hand; needs
# Debian's linux-perf). This machine has no hardware counters, so it samples the cpu-clock event.
#
#   Benchmarks/profile-phase.sh OUT PHASE SECONDS [FlowGateBench options...]
#   Benchmarks/profile-phase.sh /tmp/send "full speed" 12 --flowgate .build-release/release/flowgate --phases full
#
# Writes OUT.txt (the benchmark's report) and OUT.data (perf). Read it with, for example:
#   perf report -i OUT.data --stdio --children --sort sym -g none | swift demangle --simplified | less
# PHASE is a title as the benchmark prints it: "full speed", "fixed rate", "GET baseline", "health baseline".
set -euo pipefail
out=$1 phase=$2 seconds=$3
shift 3
bench="$(cd "$(dirname "$0")" && pwd)/FlowGateBench/.build/release/FlowGateBench"
[ -x "$bench" ] || { echo "build it first: (cd Benchmarks/FlowGateBench && swift build -c release)" >&2; exit 2; }
"$bench" "$@" > "$out.txt" 2>&1 &
runner=$!
until grep -q "^$phase: starting" "$out.txt" 2>/dev/null; do
  kill -0 "$runner" 2>/dev/null || { cat "$out.txt"; echo "the benchmark ended before '$phase' started" >&2; exit 1; }
  sleep 0.05
done
pid=$(sed -n 's/^gateway pid \([0-9]*\).*/\1/p' "$out.txt")
perf record -e cpu-clock -F 499 ${PERF_CALLGRAPH:--g} -p "$pid" -o "$out.data" -- sleep "$seconds" > "$out.perf.log" 2>&1
status=0
wait "$runner" || status=$?
cat "$out.txt"
exit "$status"
