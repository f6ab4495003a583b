#!/usr/bin/env bash
# How the cost grows with the catalogue: runs benches/cpu.sh on 20,000 films x 20 reviews and
# on 200,000 films x 2 reviews (RUNS builds each, output on tmpfs) and prints each one's
# medians, then the CPU time per output file of the larger as a ratio of the smaller's.
#
#   benches/scale.sh [RUNS=3]      (from the project root)
#
# Targets on a 2-core machine: peak memory under 1 GiB and under 3 GiB; CPU per output file
# at 200,000 x 2 no worse than at 20,000 x 20 (a ratio of at most 1.0).
set -euo pipefail
runs=${1:-3}
here=$(dirname "$0")
"$here/cpu.sh" 20000 20 "$runs" | tee "${TMPDIR:-/tmp}/marquee-scale-small"
"$here/cpu.sh" 200000 2 "$runs" | tee "${TMPDIR:-/tmp}/marquee-scale-large"
small=$(grep "^median:" "${TMPDIR:-/tmp}/marquee-scale-small"); large=$(grep "^median:" "${TMPDIR:-/tmp}/marquee-scale-large")
per_file() { sed -E 's/.* ([0-9]+) us of cpu per output file.*/\1/' <<<"$1"; }
echo "20,000 x 20: $small"
echo "200,000 x 2: $large"
echo "cpu per output file, 200,000 x 2 / 20,000 x 20: $(python3 -c "print(round($(per_file "$large") / $(per_file "$small"), 2))")x (target at most 1.0x)"
