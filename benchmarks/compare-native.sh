#!/usr/bin/env bash
# Replays the same generated trace through the C library's malloc, through one-nio's Malloc (a
# production off-heap allocator in Java, same JVM flags) and through memsim, and prints ns/op
# for each and the ratios, per strategy, with patterns off and on; then the same at 10,000 and
# 200,000 live blocks, which shows how much of the growth the machine's caches alone cause; and
# what one dependent load into a heap of that size costs here, the unit that a free's tag reads
# are paid in; and the load average. All figures come from this one run here.
#
#   benchmarks/compare-native.sh [OPS] [REPEATS]     (defaults: 1000000 5)
#
# memsim replays with every check on except block patterns (--no-patterns): alignment, bounds
# and overlap of every block, and every model-level check of every operation.
set -euo pipefail
cd "$(dirname "$0")/.."
ops=${1:-1000000}
repeats=${2:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f examples/target/memsim.jar ] || [ ! -f benchmarks/target/benchmarks.jar ]; then
  mvn -B -q -DskipTests package >&2
fi
cc=${CC:-cc}
"$cc" -O2 -std=c11 -Wall -Wextra -o "$work/replay" benchmarks/native/replay.c
"$cc" -O2 -std=c11 -Wall -Wextra -o "$work/latency" benchmarks/native/latency.c
memsim() { java -jar examples/target/memsim.jar "$@"; }

for live in 100000 10000 200000; do
  memsim generate --profile random --ops "$ops" --live "$live" --seed 42 -o "$work/live-$live.rep"
done

ns_of() { sed -E 's/.*"nsPerOp":([0-9.]+).*/\1/'; }
native=$("$work/replay" "$work/live-100000.rep" "$repeats")
native_small=$("$work/replay" "$work/live-10000.rep" "$repeats")
native_large=$("$work/replay" "$work/live-200000.rep" "$repeats")
java_opts=${JAVA_OPTS:-}
onenio() { java $java_opts -cp benchmarks/target/benchmarks.jar io.github.memsim.benchmarks.OneNioReplay "$@"; }
peer=$(onenio "$work/live-100000.rep" "$repeats")
peer_small=$(onenio "$work/live-10000.rep" "$repeats")
peer_large=$(onenio "$work/live-200000.rep" "$repeats")
echo "trace: random profile, $ops operations, 100000 live blocks, seed 42; best of $repeats repeats"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "C library malloc/realloc/free: $native ns/op; one-nio Malloc: $peer ns/op"
awk -v a="$native_small" -v b="$native_large" -v c="$peer_small" -v d="$peer_large" 'BEGIN {
  printf "at 10000 live blocks: C %.1f ns/op, one-nio %.1f; at 200000: C %.1f, one-nio %.1f;"\
  " 200k/10k: C %.2f, one-nio %.2f\n", a, c, b, d, b / a, d / c }'
echo "one dependent load at a random cache line: $("$work/latency" 128) ns in 128 MiB" \
  "(the fit strategies' heap at 100000 live blocks is 107 to 151 MB), $("$work/latency" 16) ns in 16 MiB"
printf '%-10s %10s %10s %10s %9s %9s %10s %10s %9s\n' strategy memsim patterns one-nio \
  /one-nio /libc 10k-live 200k-live 200k/10k
for strategy in first-fit next-fit best-fit worst-fit bump; do
  ours=$(memsim replay "$work/live-100000.rep" --allocator "$strategy" --repeat "$repeats" \
    --no-patterns --json | ns_of)
  checked=$(memsim replay "$work/live-100000.rep" --allocator "$strategy" --repeat "$repeats" \
    --json | ns_of)
  small=$(memsim replay "$work/live-10000.rep" --allocator "$strategy" --repeat "$repeats" \
    --no-patterns --json | ns_of)
  large=$(memsim replay "$work/live-200000.rep" --allocator "$strategy" --repeat "$repeats" \
    --no-patterns --json | ns_of)
  awk -v s="$strategy" -v o="$ours" -v p="$checked" -v q="$peer" -v n="$native" -v a="$small" \
    -v b="$large" 'BEGIN { printf "%-10s %10.1f %10.1f %10.1f %9.2f %9.2f %10.1f %10.1f %9.2f\n",
    s, o, p, q, o / q, o / n, a, b, b / a }'
done
echo "(ns/op; memsim: every check on, block patterns off, and in 'patterns' on too; the C library"
echo " and one-nio check nothing; ratios are memsim without patterns over each peer)"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
