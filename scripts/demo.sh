#!/usr/bin/env bash
# The main job on embedded defaults: installs what is missing, builds, runs `appliance demo`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
dotnet build appliance/Appliance.csproj -c Release -nologo -clp:ErrorsOnly
exec appliance/bin/Release/net10.0/appliance demo "$@"
