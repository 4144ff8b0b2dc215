#!/usr/bin/env bash
# Runs every test. The tests start their own PostgreSQL through the appliance's bundled-cluster
# code, so this needs only the binaries (scripts/deps.sh installs them). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
scripts/deps.sh || exit 1

# The telemetry tests lint /metrics with promtool and compare it with Debian's node_exporter; the install
# tests run shellcheck on install.sh and systemd-analyze on the units.
if ! command -v promtool >/dev/null 2>&1 || ! command -v prometheus-node-exporter >/dev/null 2>&1 \
   || ! command -v shellcheck >/dev/null 2>&1 || ! command -v systemd-analyze >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: run: sudo apt-get update && sudo apt-get install -y prometheus prometheus-node-exporter shellcheck systemd" >&2
    exit 1
  fi
  echo "Installing promtool, node_exporter, shellcheck, systemd-analyze (apt-get install -y prometheus prometheus-node-exporter shellcheck systemd)…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus prometheus-node-exporter shellcheck systemd >&2 || exit 1
fi

# The report tests read the PDF back with poppler (pdfimages: no raster images) and render its pages to PNG
# (pdftoppm) under TestResults/report-pages/ for a person to look at.
if ! command -v pdftoppm >/dev/null 2>&1 || ! command -v pdfimages >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: run: sudo apt-get update && sudo apt-get install -y poppler-utils" >&2
    exit 1
  fi
  echo "Installing pdftoppm and pdfimages (apt-get install -y poppler-utils)…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends poppler-utils >&2 || exit 1
fi

# The web page tests drive Debian's headless Chromium through its chromedriver (Selenium; nothing is downloaded).
if ! command -v chromium >/dev/null 2>&1 || ! command -v chromedriver >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: run: sudo apt-get update && sudo apt-get install -y chromium chromium-driver" >&2
    exit 1
  fi
  echo "Installing chromium and chromedriver (apt-get install -y chromium chromium-driver)…" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium chromium-driver >&2 || exit 1
fi

results=TestResults
rm -rf "$results"
dotnet build Appliance.sln -c Release -nologo -clp:ErrorsOnly || exit 1
dotnet test Appliance.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  --blame-hang-timeout 5m
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then status=1; fi

# CI shows only the end of this output: name each failed test and the start of its message here, above the totals.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    awk 'function text(s) { gsub(/<\/?Message>/, "", s); gsub(/&quot;/, "\"", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&amp;/, "\\&", s); return s }
         /<UnitTestResult / && /outcome="Failed"/ { match($0, /testName="[^"]*"/); print "  FAILED " text(substr($0, RSTART + 10, RLENGTH - 11)); failing = 1; lines = 0; next }
         failing && /<\/UnitTestResult>/ { failing = 0 }
         failing && /<Message>/ { inMessage = 1 }
         failing && inMessage && lines < 12 { sub(/^ */, ""); print "    " text($0); lines++ }
         /<\/Message>/ { inMessage = 0 }' "$trx"
  done
fi
echo "$passed passed, $failed failed"
exit $status
