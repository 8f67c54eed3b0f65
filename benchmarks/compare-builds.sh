#!/usr/bin/env bash
# Compares two builds of memsim on the same generated trace (random profile, 100,000 live
# blocks, seed 42), in one JVM with each build in a class loader of its own, alternating which
# runs first in each round; prints every round and the median and spread of the per-round
# ratios (new / old), for each allocator named. Patterns are off.
#
#   benchmarks/compare-builds.sh OLD.jar NEW.jar [ROUNDS] [OPS] [ALLOCATORS] [REPEATS]
#       (defaults: 10 1000000 first-fit,best-fit 3)
#
# OLD.jar and NEW.jar are the command-line jars (examples/target/memsim.jar) of the two builds;
# to keep one, copy it before rebuilding.
set -euo pipefail
cd "$(dirname "$0")/.."
old=$1
new=$2
rounds=${3:-10}
ops=${4:-1000000}
allocators=${5:-first-fit,best-fit}
repeats=${6:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
if [ ! -f benchmarks/target/benchmarks.jar ]; then
  mvn -B -q -DskipTests package >&2
fi
java -jar "$new" generate --profile random --ops "$ops" --live 100000 --seed 42 -o "$work/t.rep"
for allocator in ${allocators//,/ }; do
  java -cp benchmarks/target/benchmarks.jar io.github.memsim.benchmarks.CompareBuilds \
    "$old" "$new" "$work/t.rep" "$allocator" "$rounds" "$repeats"
done
