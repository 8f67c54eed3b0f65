#!/usr/bin/env bash
# Replays the same generated trace through the C library's malloc and through memsim, and
# prints ns/op for both and their ratio, per strategy; then memsim's ns/op at 200,000 live
# blocks over its ns/op at 10,000, and the same ratio for the C library, which shows how much of
# that growth the machine's caches alone cause; and what one dependent load into a heap of
# that size costs here, the unit that a free's tag reads are paid in. All figures come from this
# one run here.
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

if [ ! -f examples/target/memsim.jar ]; then
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
echo "trace: random profile, $ops operations, 100000 live blocks, seed 42; best of $repeats repeats"
echo "C library malloc/realloc/free: $native ns/op"
awk -v a="$native_small" -v b="$native_large" 'BEGIN { printf "C library at 10000 live blocks:"\
  " %.1f ns/op, at 200000: %.1f ns/op, 200k/10k %.2f\n", a, b, b / a }'
echo "one dependent load at a random cache line: $("$work/latency" 128) ns in 128 MiB" \
  "(the fit strategies' heap at 100000 live blocks is 107 to 151 MB), $("$work/latency" 16) ns in 16 MiB"
printf '%-10s %12s %12s %8s %12s %12s %8s\n' strategy memsim-ns/op libc-ns/op ratio \
  10k-live 200k-live 200k/10k
for strategy in first-fit next-fit best-fit worst-fit bump; do
  ours=$(memsim replay "$work/live-100000.rep" --allocator "$strategy" --repeat "$repeats" \
    --no-patterns --json | ns_of)
  small=$(memsim replay "$work/live-10000.rep" --allocator "$strategy" --repeat "$repeats" \
    --no-patterns --json | ns_of)
  large=$(memsim replay "$work/live-200000.rep" --allocator "$strategy" --repeat "$repeats" \
    --no-patterns --json | ns_of)
  awk -v s="$strategy" -v o="$ours" -v n="$native" -v a="$small" -v b="$large" \
    'BEGIN { printf "%-10s %12.1f %12.1f %8.2f %12.1f %12.1f %8.2f\n", s, o, n, o / n, a, b, b / a }'
done
echo "(memsim: patterns off, every other check on; the C library checks nothing)"
