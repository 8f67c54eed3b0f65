#!/usr/bin/env bash
# Takes a memsim replay apart layer by layer, beside one-nio's Malloc, in rounds: each round runs
# one-nio, one-nio with the least a checked free needs beside it (OneNioReplay's provenance mode:
# a pointer object and a provenance record per block, read and written on every free), and then,
# for every strategy, LayerReplay's layers, each in a JVM of its own that reads the trace and
# keeps the best of REPEATS replays:
#   placement: the strategy's own placements, splits and coalescing with the library's free
#              index, the tags in one plain array, no simulated memory and no checks (ShadowFit);
#              its parts, for the fit strategies: index, only its calls to the free index
#              (recorded before the timing), and tags, only its tag reads and writes (the blocks
#              to choose taken from that recording: an index that costs nothing); tags, for
#              bump, is its cursor's blocks taken from the recording;
#   least:     tags on a fresh, zeroed heap of the size the replay reaches (each replay of the
#              model starts from one), with the pointer object and provenance record per block
#              of one-nio's provenance mode: the least a checked, deterministic replay of the
#              strategy's exact placements does, with an index, simulated memory's lookups and
#              every check costing nothing;
#   checked:   least with the checks a checked replay cannot leave out, in their least form:
#              the tags that the allocator reads and compares before it writes (the far tag of
#              each free neighbour too), and the replayer's own map of live payloads, which
#              refuses an overlap (PayloadMap); with the index still costing nothing, the least
#              a checked replay of these placements takes, whatever its free index;
#   indexed:   checked asking the library's free index as the allocator does (fit strategies):
#              the least a checked replay with this library's index takes;
#   engine:    the allocator alone on a plain region of simulated memory, with its checks;
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

# The layers of a strategy, lowest first; bump keeps no free index.
layers() {
  case "$1" in
    bump) echo tags least checked placement engine model replayer ;;
    *) echo index tags least checked indexed placement engine model replayer ;;
  esac
}

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
      m = split(s == "bump" ? "tags least checked placement engine model replayer" \
        : "index tags least checked indexed placement engine model replayer", layers, " ")
      for (k = 1; k <= m; k++) {
        c = s "/" layers[k]
        # The index and the tags are parts of the placement, which adds to nothing; least
        # adds a fresh heap and the provenance to the tags, checked the tag and payload
        # checks to least, and indexed the index to checked.
        if (layers[k] == "index" || layers[k] == "tags" || layers[k] == "placement") below = ""
        if (layers[k] == "least") below = s "/tags"
        printf "%-10s %-9s %8.1f %22s %24s %22s\n", s, layers[k], best(c),
          spread(c, "", "one-nio", "%.2f"),
          spread(c, below, "", "%.0f"), spread(c, below, "one-nio", "%.2f")
        below = c
      }
    }
    print "(ratios and additions: median over the rounds of each round'"'"'s own figures, with"
    print " their range; index, tags and placement add to nothing, so their additions are their"
    print " own time; index and tags are parts of placement; least adds to tags, checked to"
    print " least, indexed to checked, engine to placement)"
  }' "$results"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
