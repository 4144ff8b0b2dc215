#!/usr/bin/env bash
# Installs what the appliance needs on a Debian/Ubuntu host that has the .NET SDK:
# PostgreSQL server binaries (initdb, pg_ctl) for the bundled cluster.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET 10 SDK is required (dotnet not found on PATH)" >&2
  exit 1
fi

have_postgres() {
  command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1 && return 0
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null
}

if ! have_postgres || ! command -v psql >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: PostgreSQL is not installed. Run: sudo apt-get update && sudo apt-get install -y postgresql" >&2
    exit 1
  fi
  echo "Installing PostgreSQL (apt-get install -y postgresql)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi

# Run as root, the bundled cluster runs as this unprivileged user (PostgreSQL refuses root).
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /usr/sbin/nologin postgres
fi

# The PDF report draws its text and charts in DejaVu Sans, loaded from these files (any other face would be
# embedded instead, and Skia embeds a face whole).
if [ ! -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "error: the report's font is missing. Run: sudo apt-get update && sudo apt-get install -y fonts-dejavu-core" >&2
    exit 1
  fi
  echo "Installing DejaVu fonts (apt-get install -y fonts-dejavu-core)…" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends fonts-dejavu-core >&2
fi
