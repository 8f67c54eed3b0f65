#!/usr/bin/env bash
# Sets the claims of `memsim cost` beside what this machine measures: for each size, memsim's
# demonstrations on a preset, then the C counterparts of each (benchmarks/native/costs: the same
# work at the same size, compiled with $CC -O2 -fno-tree-vectorize -fno-loop-interchange), each
# run 3 times, best time kept, and the ratios side by side with memsim/measured. False sharing is
# not measured (it needs two cores that do not share a first-level cache, on an idle machine);
# the output says so.
#
#   benchmarks/compare-costs.sh [PRESET] [SIZES...]
#       (defaults: desktop 10000 1000000; 10,000 fits in the caches, 1,000,000 does not)
#
# The C sources are bundled into examples/target/memsim.jar, which `memsim cost --native` uses;
# this script builds the jar if it is missing, and prints the load average before each size.
# The run at 1,000,000 takes a few minutes and about 1.5 GB of JVM heap (JAVA_OPTS=-Xmx2g).
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${1:-desktop}
shift || true
sizes=("$@")
if [ ${#sizes[@]} -eq 0 ]; then
  sizes=(10000 1000000)
fi
if [ ! -f examples/target/memsim.jar ]; then
  mvn -B -q -DskipTests package >&2
fi
java_opts=${JAVA_OPTS:--Xmx2g}
for n in "${sizes[@]}"; do
  echo "== n = $n, load average $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
  # The demonstrations' table, then the comparison; the false-sharing demonstration's two
  # long finding lines are left out.
  java $java_opts -jar examples/target/memsim.jar cost --preset "$preset" -n "$n" --native \
    | grep -v "^  with counters"
done
