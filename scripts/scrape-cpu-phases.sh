#!/bin/bash
# Where the scraper's CPU goes, per phase: runs `scrape-stage --https` (plain HTTP part, then HTTPS + DNS part) with
# `perf record` (cpu-clock, 499 Hz, frame-pointer stacks) attached to each `appliance scrape` child and to the
# benchmark process (the lab), then sorts every sample into a phase by its stack (scripts/scrape-cpu-phases.py).
# Sampling shares are ratios within one run, so a loaded machine moves them less than it moves wall time.
# Usage: bash scripts/scrape-cpu-phases.sh OUTDIR [ROWS]   (needs perf and root; build Release first)
set -u
OUT=$1; ROWS=${2:-5000}; mkdir -p "$OUT"
cd "$(dirname "$0")/.."
BIN=${BIN:-tests/Benchmarks/bin/Release/net10.0}
# Perf maps name the JIT's code; W^X off so that code is not behind a memfd perf cannot read.
export DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0
cat /proc/loadavg > "$OUT/load-start"
dotnet "$BIN/Benchmarks.dll" scrape-stage --rows "$ROWS" --zero-latency-rows 200 --https --json-out "$OUT/scrape.json" > "$OUT/bench.log" 2>&1 &
BENCH=$!
n=0; LAST=
while kill -0 $BENCH 2>/dev/null; do
  CHILD=$(pgrep -P $BENCH -f "appliance.dll scrape --upload" | head -1)
  if [ -n "$CHILD" ] && [ "$CHILD" != "$LAST" ]; then
    n=$((n+1)); LAST=$CHILD
    if [ $n -le 2 ]; then
      sleep 3 # attach once the runtime has started its threads: perf -p follows only the threads there are
      perf record -F 499 -g -p "$CHILD,$BENCH" -o "$OUT/part$n.data" > "$OUT/perf$n.log" 2>&1 &
      PERF=$!
      while kill -0 "$CHILD" 2>/dev/null; do sleep 0.2; done
      kill -INT $PERF; wait $PERF
      perf script -i "$OUT/part$n.data" -F comm,pid,tid,ip,sym,dso 2>/dev/null > "$OUT/part$n.txt"
      echo "== part $n ($([ $n = 1 ] && echo plain HTTP || echo HTTPS + DNS)): scraper" >> "$OUT/phases.txt"
      python3 scripts/scrape-cpu-phases.py "$CHILD" < "$OUT/part$n.txt" >> "$OUT/phases.txt"
      echo "== part $n: lab (benchmark process)" >> "$OUT/phases.txt"
      python3 scripts/scrape-cpu-phases.py "$BENCH" < "$OUT/part$n.txt" >> "$OUT/phases.txt"
    fi
  fi
  sleep 0.2
done
wait $BENCH
cat /proc/loadavg > "$OUT/load-end"
cat "$OUT/phases.txt"; grep -E "^(plain_http|https_dns):" "$OUT/bench.log"
