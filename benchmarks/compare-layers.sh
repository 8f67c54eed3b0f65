#!/usr/bin/env bash
# Takes a memsim replay apart layer by layer, beside one-nio's Malloc, in rounds: each round runs
# one-nio, one-nio with the least a checked free needs beside it (OneNioReplay's provenance mode:
# a pointer object and a provenance record per block, read and written on every free), and then,
# for every strategy, LayerReplay's layers, each in a JVM of its own that reads the trace and
# keeps the best of REPEATS replays. Every layer is the library's own code or a playback of what
# it did:
#   tags:      the real allocator's tag reads and writes, recorded once before the timing
#              (TagRecording) and played back on a plain array: the memory traffic of the
#              strategy's exact placements, splits and coalescing, with its free index, its
#              checks and simulated memory's lookups costing nothing (the recording is read in
#              order besides);
#   least:     tags on a fresh, zeroed heap of the size the replay reaches (each replay of the
#              model starts from one), with the pointer object and provenance record per block
#              of one-nio's provenance mode (Handles);
#   engine:    the allocator alone on a plain region of simulated memory, with its index and
#              checks;
#   model:     a memory model's malloc, realloc and free with every model check and provenance;
#   replayer:  the whole replayer with every check but block patterns. Prints every round, then
# per strategy and layer the best ns/op, the ratio to one-nio within each round (median and
# range), and what each layer adds to the one below it, in ns/op and in multiples of one-nio's
# time in the same round (medians and ranges).
#
#   benchmarks/compare-layers.sh [OPS] [LIVE] [ROUNDS] [REPEATS] [STRATEGIES]
#       (defaults: 1000000 100000 3 3 first-fit,best-fit,bump)
#
# The JVM flags in JAVA_OPTS apply to one-nio and memsim alike.
set -euo pipefail
cd "$(dirname "$0")/.."
ops=${1:-1000000}
live=${2:-100000}
rounds=${3:-3}
repeats=${4:-3}
strategies=${5:-first-fit,best-fit,bump}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f examples/target/memsim.jar ] || [ ! -f benchmarks/target/benchmarks.jar ]; then
  mvn -B -q -DskipTests package >&2
fi
java_opts=${JAVA_OPTS:-}
bench() { java $java_opts -cp benchmarks/target/benchmarks.jar "io.github.memsim.benchmarks.$1" \
  "${@:2}"; }
java $java_opts -jar examples/target/memsim.jar generate --profile random --ops "$ops" \
  --live "$live" --seed 42 -o "$work/t.rep" > /dev/null

# The layers of a strategy, lowest first.
layers() { echo tags least engine model replayer; }

# Every measurement is one line of $work/results: ROUND CONFIGURATION NS_PER_OP.
results="$work/results"
: > "$results"
for round in $(seq 1 "$rounds"); do
  line="round $round of $rounds (load average $(cut -d' ' -f1-3 /proc/loadavg)):"
  ns=$(bench OneNioReplay "$work/t.rep" "$repeats")
  echo "$round one-nio $ns" >> "$results"
  line="$line one-nio $ns"
  ns=$(bench OneNioReplay "$work/t.rep" "$repeats" 1024 provenance)
  echo "$round one-nio+provenance $ns" >> "$results"
  line="$line, one-nio with provenance $ns"
  for strategy in ${strategies//,/ }; do
    for layer in $(layers "$strategy"); do
      ns=$(bench LayerReplay "$work/t.rep" "$layer" "$repeats" "$strategy" \
        | sed -E 's/.*best ([0-9.]+) ns\/op.*/\1/')
      echo "$round $strategy/$layer $ns" >> "$results"
      line="$line, $strategy $layer $ns"
    done
  done
  echo "$line"
done

echo "trace: random profile, $ops operations, $live live blocks, seed 42; ns/op, best of" \
  "$repeats repeats in each run"
awk -v strategies="$strategies" "$(cat benchmarks/rounds.awk)"'
  # The median and range over the rounds of (a - b) / c, with b and c left out when "", each
  # round against itself.
  function spread(a, b, c, format,    r, n, v) {
    n = 0
    for (r = 1; r <= rounds; r++) v[++n] = (ns[a, r] - (b == "" ? 0 : ns[b, r])) / (c == "" ? 1 : ns[c, r])
    summarize(v, n)
    return sprintf(format " (" format " to " format ")", median, lowest, highest)
  }
  END {
    printf "one-nio Malloc: best %.1f ns/op; with a pointer object and a provenance record per" \
      " block: best %.1f, %s times one-nio\n", best("one-nio"), best("one-nio+provenance"),
      spread("one-nio+provenance", "", "one-nio", "%.2f")
    printf "%-10s %-9s %8s %22s %24s %22s\n", "strategy", "layer", "best", "/one-nio",
      "adds (ns/op)", "adds /one-nio"
    n = split(strategies, list, ",")
    for (i = 1; i <= n; i++) {
      s = list[i]
      below = ""
      m = split("tags least engine model replayer", layers, " ")
      for (k = 1; k <= m; k++) {
        c = s "/" layers[k]
        # The tags add to nothing; least adds a fresh heap and the provenance to the tags, and
        # the engine its index, checks and simulated memory to the tags.
        if (layers[k] == "tags") below = ""
        if (layers[k] == "least" || layers[k] == "engine") below = s "/tags"
        printf "%-10s %-9s %8.1f %22s %24s %22s\n", s, layers[k], best(c),
          spread(c, "", "one-nio", "%.2f"),
          spread(c, below, "", "%.0f"), spread(c, below, "one-nio", "%.2f")
        below = c
      }
    }
    print "(ratios and additions: median over the rounds of each round'"'"'s own figures, with"
    print " their range; tags add to nothing, so their addition is their own time; least and"
    print " engine add to tags, model to engine, replayer to model)"
  }' "$results"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
