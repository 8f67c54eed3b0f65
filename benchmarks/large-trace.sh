#!/usr/bin/env bash
# Generates a trace of OPS operations with LIVE live blocks (gzip, as `memsim generate` writes
# it) and replays it, then compares it on several strategies, each under a JVM heap of HEAP:
# replay, compare and draw read traces as streams, so their memory follows the live blocks, not
# the operations. Prints, per run, the peak of the JVM's heap after GC (from its GC log), the
# process's peak RSS and the wall time, and compare's speed-up over one job.
#
#   benchmarks/large-trace.sh [OPS] [LIVE] [HEAP] [ALLOCATORS]
#       (defaults: 100000000 100000 512m first-fit,best-fit,next-fit,worst-fit)
#   benchmarks/large-trace.sh 1000000          # a quick check that it runs (a few seconds)
#
# bump is left out of the default strategies on purpose: it never reuses memory, so its heap
# (and the simulated bytes behind it) grows with every byte the trace allocates, not with the
# live blocks (see the report of the issue that added this script).
set -euo pipefail
cd "$(dirname "$0")/.."
ops=${1:-100000000}
live=${2:-100000}
heap=${3:-512m}
allocators=${4:-first-fit,best-fit,next-fit,worst-fit}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -f examples/target/memsim.jar ]; then
  mvn -B -q -DskipTests package >&2
fi
jar=examples/target/memsim.jar
trace="$work/large.rep.gz"

java -Xmx"$heap" -jar "$jar" generate --profile program --ops "$ops" --live "$live" \
    --seed 42 -o "$trace"
echo "trace: $ops operations, about $live live blocks, $(du -h "$trace" | cut -f1) gzip"

# One run: the JVM's peak heap after GC, from its own log; peak RSS and time from GNU time.
measure() {
  local label=$1
  shift
  local log="$work/gc.log"
  local start end
  start=$(date +%s%N)
  /usr/bin/time -f "%M" -o "$work/rss" java -Xmx"$heap" -Xlog:gc:file="$log" -jar "$jar" \
      "$@" > "$work/out.txt"
  end=$(date +%s%N)
  local peak
  peak=$(sed -n 's/.*->\([0-9]*\)M(.*/\1/p' "$log" | sort -n | tail -n 1)
  printf '%-34s heap after GC peak %5s MiB, RSS peak %6s MiB, %7.1f s\n' "$label" \
      "${peak:-?}" "$(( $(cat "$work/rss") / 1024 ))" "$(echo "($end - $start) / 1000000000" | bc -l)"
}

measure "replay first-fit" replay "$trace" --allocator first-fit
cat "$work/out.txt"
measure "compare --jobs 1" compare --jobs 1 --allocators "$allocators" "$trace"
cp "$work/out.txt" "$work/one.txt"
measure "compare --jobs $(nproc)" compare --jobs "$(nproc)" --allocators "$allocators" "$trace"
# The reports agree but for the ns/op column.
if ! diff <(awk '{ $NF = ""; print }' "$work/one.txt") <(awk '{ $NF = ""; print }' "$work/out.txt") >/dev/null; then
  echo "compare's reports differ between 1 and $(nproc) jobs" >&2
  exit 1
fi
cat "$work/out.txt"
measure "draw (sampled)" draw "$trace" --allocators first-fit --csv
