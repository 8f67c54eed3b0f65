#!/usr/bin/env bash
# Compares two builds of memsim on the same generated trace, alternating which runs first in
# each round, so that the machine's drift falls on both alike; prints every round and the
# median and spread of the per-round ratios (new / old). Each replay runs in a fresh JVM with
# --repeat R (best of R) and patterns off.
#
#   benchmarks/compare-builds.sh OLD.jar NEW.jar [ROUNDS] [OPS] [ALLOCATOR] [REPEAT]
#       (defaults: 10 1000000 first-fit 3)
#
# OLD.jar and NEW.jar are the command-line jars (examples/target/memsim.jar) of the two builds.
set -euo pipefail
old=$1
new=$2
rounds=${3:-10}
ops=${4:-1000000}
allocator=${5:-first-fit}
repeat=${6:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java -jar "$new" generate --profile random --ops "$ops" --live 100000 --seed 42 -o "$work/t.rep"
ns_of() { sed -E 's/.*"nsPerOp":([0-9.]+).*/\1/'; }
run() { java -jar "$1" replay "$work/t.rep" --allocator "$allocator" --repeat "$repeat" \
  --no-patterns --json | ns_of; }
ratios=()
for ((i = 1; i <= rounds; i++)); do
  if ((i % 2)); then a=$(run "$old"); b=$(run "$new"); else b=$(run "$new"); a=$(run "$old"); fi
  r=$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.3f", b / a }')
  ratios+=("$r")
  echo "round $i: old $a ns/op, new $b ns/op, new/old $r"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk -v n="$rounds" -v al="$allocator" \
  '{ r[NR] = $1 } END { printf "%s, %d rounds: new/old median %.3f, min %.3f, max %.3f\n",
    al, n, (n % 2 ? r[(n + 1) / 2] : (r[n / 2] + r[n / 2 + 1]) / 2), r[1], r[n] }'
