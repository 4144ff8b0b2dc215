#!/usr/bin/env bash
# Runs every test. The tests start their own PostgreSQL through the appliance's bundled-cluster
# code, so this needs only the binaries (scripts/deps.sh installs them). Ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh || exit 1

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
echo "$passed passed, $failed failed"
exit $status
