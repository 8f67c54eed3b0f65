#!/usr/bin/env bash
# Runs the same generated lackey-format memory trace through `memsim cache` (the Cache Lab
# rules) and through benchmarks/native/cachesim.c (a plain C simulator with the same rules), as
# whole processes, best of several runs each, alternating; checks that both print the same
# counts, and prints both times, their ratio and the load average at the time.
#
#   benchmarks/compare-cache.sh [LINES] [RUNS] [S E B]     (defaults: 5000000 5 6 8 6)
set -euo pipefail
cd "$(dirname "$0")/.."
lines=${1:-5000000}
runs=${2:-5}
s=${3:-6}
e=${4:-8}
b=${5:-6}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f examples/target/memsim.jar ]; then
  mvn -B -q -DskipTests package >&2
fi
cc=${CC:-cc}
"$cc" -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -o "$work/cachesim" benchmarks/native/cachesim.c

# A trace with instruction lines, runs of sequential accesses and random jumps over 16 MiB,
# from a fixed linear congruential generator: the same file on every machine.
awk -v n="$lines" 'BEGIN {
  x = 12345; address = 4096; ops[0] = "L"; ops[1] = "L"; ops[2] = "S"; ops[3] = "M"
  for (i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648
    r = int(x / 65536)
    if (i % 4 == 0) { printf "I  %08x,4\n", 4194304 + r * 4; continue }
    if (r % 16 == 0) {
      x = (x * 1103515245 + 12345) % 2147483648
      address = 4096 + (int(x / 256) % 2097152) * 8
    } else {
      address += 8
    }
    printf " %s %x,8\n", ops[int(r / 16) % 4], address
  }
}' > "$work/trace.txt"

best() { sort -n | head -n 1; }
now() { date +%s%N; }
c_times=()
j_times=()
for ((r = 0; r < runs; r++)); do
  for side in c java; do
    start=$(now)
    if [ "$side" = c ]; then
      c_out=$("$work/cachesim" -s "$s" -E "$e" -b "$b" -t "$work/trace.txt")
      c_times+=($(( ($(now) - start) / 1000000 )))
    else
      j_out=$(java -jar examples/target/memsim.jar cache -s "$s" -E "$e" -b "$b" -t "$work/trace.txt")
      j_times+=($(( ($(now) - start) / 1000000 )))
    fi
  done
done
if [ "$c_out" != "$j_out" ]; then
  echo "the two simulators disagree: C '$c_out', memsim '$j_out'" >&2
  exit 1
fi
c_best=$(printf '%s\n' "${c_times[@]}" | best)
j_best=$(printf '%s\n' "${j_times[@]}" | best)
echo "trace: $lines lackey lines (3/4 data accesses), s=$s E=$e b=$b: $c_out"
echo "C simulator:   ${c_best} ms (best of $runs: ${c_times[*]})"
echo "memsim cache:  ${j_best} ms (best of $runs: ${j_times[*]}; a whole JVM process)"
awk -v j="$j_best" -v c="$c_best" 'BEGIN { printf "memsim / C: %.2f\n", j / c }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
