#!/usr/bin/env bash
# CPU, memory and in-memory wall time of a full build: generates a fictional corpus (once,
# see corpus.sh) and builds it RUNS times (after one untimed build) into a new folder on tmpfs, so that the disk plays
# no part. Prints each run and the medians of: user + system CPU time, wall time, peak
# memory, and CPU time per output file (which should not grow with the site). Then the floor
# under the CPU time: what reading every source file and writing the output's files costs
# and nothing else (examples/io_floor.rs), RUNS times.
#
#   benches/cpu.sh [FILMS=20000] [REVIEWS=20] [RUNS=3]      (from the project root)
#
# The output goes to $MEMORY_DIR (default /dev/shm), which must be a tmpfs with room for it
# (about 1 GB at 20,000 films x 20 reviews). Targets at 20,000 x 20 on a 2-core machine:
# CPU at most 8 s, wall at most 5 s, peak memory under 1 GiB; at 200,000 x 2, peak memory
# under 3 GiB. benches/scale.sh compares the CPU per file of the two.
set -euo pipefail
films=${1:-20000}; reviews=${2:-20}; runs=${3:-3}
source "$(dirname "$0")/corpus.sh"
cargo build --profile dist -q --example io_floor
mem=${MEMORY_DIR:-/dev/shm}/marquee-bench-out
rm -rf "$mem"
# One build untimed first: it brings the corpus into the page cache, where it is for every
# timed run, so that the first of them does not also measure the disk.
target/dist/marquee build -q --root "$work/site" --output "$mem" 2>/dev/null; rm -rf "$mem"
cpus=(); walls=(); peaks=()
for i in $(seq "$runs"); do
  /usr/bin/time -f '%e %U %S %M' -o "$work/time" \
    target/dist/marquee build -q --root "$work/site" --output "$mem" 2>/dev/null
  read -r wall user sys kib < "$work/time"
  files=$(find "$mem" -type f | wc -l)
  cpu=$(python3 -c "print(round($user + $sys, 2))")
  echo "run $i: cpu ${cpu}s (user ${user}s + system ${sys}s), wall ${wall}s, peak $((kib / 1024)) MiB, $files files"
  cpus+=("$cpu"); walls+=("$wall"); peaks+=("$kib")
  [ "$i" = "$runs" ] || rm -rf "$mem"; sleep 2
done
cpu=$(median "${cpus[@]}")
echo "median: cpu ${cpu}s, wall $(median "${walls[@]}")s, peak $(( $(median "${peaks[@]}" | cut -d. -f1) / 1024 )) MiB, $(python3 -c "print(round($cpu * 1e6 / $files))") us of cpu per output file ($films films x $reviews reviews, $files files)"
# The floor: what the system alone charges for reading the sources and writing the output.
floors=()
for i in $(seq "$runs"); do
  rm -rf "$mem-copy"
  floor=$(target/dist/examples/io_floor "$work/site/content" "$mem" "$mem-copy")
  [ "$i" = 1 ] && echo "$floor" | head -2
  floors+=("$(echo "$floor" | sed -n 's/^floor: \([0-9.]*\)s.*/\1/p')")
  rm -rf "$mem-copy"; sleep 1
done
floor=$(median "${floors[@]}")
echo "floor: ${floor}s of CPU to read every source file and write the output, nothing else (median of ${floors[*]}); the build: ${cpu}s, $(python3 -c "print(round($cpu / $floor, 1))")x"
rm -rf "$mem"
