#!/usr/bin/env bash
# The main job on embedded defaults: installs what is missing, builds, runs `appliance demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
dotnet build appliance/Appliance.csproj -c Release -nologo -clp:ErrorsOnly
# glibc's malloc arenas, as the systemd unit caps them (docs/operations.md, "Memory").
export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
exec appliance/bin/Release/net10.0/appliance demo "$@"
