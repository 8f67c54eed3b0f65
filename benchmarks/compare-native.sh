#!/usr/bin/env bash
# Replays the same generated traces through the C library's malloc (benchmarks/native/replay.c),
# through one-nio's Malloc (a production off-heap allocator in Java, same JVM flags) and through
# every memsim strategy, in ROUNDS rounds; each round runs every configuration once, in the same
# order, so that the machine's drift falls on all of them alike. Prints, per configuration, the
# best ns/op over all rounds, and per strategy the ratios to one-nio and to the C library taken
# within each round (median and range over the rounds), with patterns off and on, and the growth
# from 10,000 to 200,000 live blocks beside the C library's and one-nio's own; then each
# strategy's floor, the same way; then the cost of one dependent load, and the load average at
# the start of each round and at the end.
#
# A strategy's floor is LayerReplay's tags mode: only the tag reads and writes that the real
# allocator made for its placements, splits and coalescing, recorded once and played back on a
# plain array (a free index that costs nothing), no simulated memory, no check, no model and no
# replayer. No design that keeps the strategy's placements in a boundary-tag heap can do less
# (the playback also reads its recording, in order).
#
#   benchmarks/compare-native.sh [OPS] [REPEATS] [ROUNDS] [STRATEGIES]
#       (defaults: 1000000 3 3 first-fit,next-fit,best-fit,worst-fit,bump)
#
# memsim replays with every check on except block patterns (--no-patterns): alignment, bounds
# and overlap of every block, and every model-level check of every operation; the 'patterns'
# column also fills every block with its pattern and checks it before every free and realloc.
# Each run is a fresh JVM (or process) that reads the trace, then replays it REPEATS times and
# keeps its best replay; the JVM flags in JAVA_OPTS apply to one-nio and memsim alike.
set -euo pipefail
cd "$(dirname "$0")/.."
ops=${1:-1000000}
repeats=${2:-3}
rounds=${3:-3}
strategies=${4:-first-fit,next-fit,best-fit,worst-fit,bump}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f examples/target/memsim.jar ] || [ ! -f benchmarks/target/benchmarks.jar ]; then
  mvn -B -q -DskipTests package >&2
fi
cc=${CC:-cc}
"$cc" -O2 -std=c11 -Wall -Wextra -o "$work/replay" benchmarks/native/replay.c
"$cc" -O2 -std=c11 -Wall -Wextra -o "$work/latency" benchmarks/native/latency.c
java_opts=${JAVA_OPTS:-}
memsim() { java $java_opts -jar examples/target/memsim.jar "$@"; }
onenio() {
  java $java_opts -cp benchmarks/target/benchmarks.jar io.github.memsim.benchmarks.OneNioReplay \
    "$@"
}
ns_of() { sed -E 's/.*"nsPerOp":([0-9.]+).*/\1/'; }
floor() {
  java $java_opts -cp benchmarks/target/benchmarks.jar io.github.memsim.benchmarks.LayerReplay \
    "$1" tags "$2" "$3" | sed -E 's/.*best ([0-9.]+) ns\/op.*/\1/'
}

for live in 100000 10000 200000; do
  memsim generate --profile random --ops "$ops" --live "$live" --seed 42 -o "$work/live-$live.rep"
done

# Every measurement is one line of $work/results: ROUND CONFIGURATION NS_PER_OP.
results="$work/results"
: > "$results"
record() { echo "$1 $2 $3" >> "$results"; }
for round in $(seq 1 "$rounds"); do
  echo "round $round of $rounds: load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
  for live in 100000 10000 200000; do
    record "$round" "libc@$live" "$("$work/replay" "$work/live-$live.rep" "$repeats")"
    record "$round" "one-nio@$live" "$(onenio "$work/live-$live.rep" "$repeats")"
  done
  for strategy in ${strategies//,/ }; do
    for live in 100000 10000 200000; do
      record "$round" "$strategy@$live" "$(memsim replay "$work/live-$live.rep" \
        --allocator "$strategy" --repeat "$repeats" --no-patterns --json | ns_of)"
    done
    record "$round" "$strategy+patterns@100000" "$(memsim replay "$work/live-100000.rep" \
      --allocator "$strategy" --repeat "$repeats" --json | ns_of)"
    for live in 100000 10000 200000; do
      record "$round" "$strategy~floor@$live" "$(floor "$work/live-$live.rep" "$repeats" \
        "$strategy")"
    done
  done
done

echo "traces: random profile, $ops operations, seed 42, at 100000 live blocks (and 10000 and"
echo "200000 for growth); each figure the best of $rounds rounds of $repeats repeats"
echo "one dependent load at a random cache line: $("$work/latency" 128) ns in 128 MiB," \
  "$("$work/latency" 16) ns in 16 MiB"
awk -v strategies="$strategies" "$(cat benchmarks/rounds.awk)"'
  # The median and range over the rounds of config_a / config_b, each round against itself.
  function ratio(a, b,    r, n, v) {
    n = 0
    for (r = 1; r <= rounds; r++) v[++n] = ns[a, r] / ns[b, r]
    summarize(v, n)
    return sprintf("%5.2f (%.2f-%.2f)", median, lowest, highest)
  }
  END {
    printf "C library malloc/realloc/free: %.1f ns/op; one-nio Malloc: %.1f ns/op\n",
      best("libc@100000"), best("one-nio@100000")
    printf "at 10000 live blocks: C %.1f ns/op, one-nio %.1f; at 200000: C %.1f, one-nio %.1f;" \
      " 200k/10k: C %.2f, one-nio %.2f\n", best("libc@10000"), best("one-nio@10000"),
      best("libc@200000"), best("one-nio@200000"), best("libc@200000") / best("libc@10000"),
      best("one-nio@200000") / best("one-nio@10000")
    printf "%-10s %8s %8s %18s %18s %18s %8s %8s %8s\n", "strategy", "memsim", "patterns",
      "/one-nio", "/libc", "patterns/memsim", "10k", "200k", "200k/10k"
    n = split(strategies, list, ",")
    for (i = 1; i <= n; i++) {
      s = list[i]
      printf "%-10s %8.1f %8.1f %18s %18s %18s %8.1f %8.1f %8.2f\n", s, best(s "@100000"),
        best(s "+patterns@100000"), ratio(s "@100000", "one-nio@100000"),
        ratio(s "@100000", "libc@100000"), ratio(s "+patterns@100000", s "@100000"),
        best(s "@10000"), best(s "@200000"), best(s "@200000") / best(s "@10000")
    }
    print "(ns/op, best over the rounds; ratios: median over the rounds of each round'"'"'s own"
    print " quotient, with its range; memsim: every check on, block patterns off, and in"
    print " '"'"'patterns'"'"' on too; the C library and one-nio check nothing)"
    printf "%-10s %8s %18s %18s %8s %8s %8s\n", "floor", "tags", "/one-nio", "memsim/floor",
      "10k", "200k", "200k/10k"
    for (i = 1; i <= n; i++) {
      s = list[i]
      f = s "~floor"
      printf "%-10s %8.1f %18s %18s %8.1f %8.1f %8.2f\n", s, best(f "@100000"),
        ratio(f "@100000", "one-nio@100000"), ratio(s "@100000", f "@100000"),
        best(f "@10000"), best(f "@200000"), best(f "@200000") / best(f "@10000")
    }
    print "(floor: the allocator'"'"'s own tag reads and writes alone, recorded and played back on a"
    print " plain array, with a free index that costs nothing and no check, model or replayer:"
    print " LayerReplay tags)"
  }' "$results"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
