#!/usr/bin/env bash
# Installs the appliance on a Debian 12 (or Ubuntu) host: PostgreSQL from apt with a database and role for the
# appliance, the published binary in /opt/appliance, an `appliance` system user, /etc/appliance/appliance.json with
# a generated API key (shown once), and the systemd units, enabled and started. Safe to run again: what exists is
# kept (the configuration and its key above all), what is missing is added, the binary is replaced (an upgrade).
#
#   sudo ./install.sh                         install or upgrade
#   ./install.sh --prefix DIR --no-systemd    everything under DIR, no system changes (for tests, packaging)
#   sudo ./install.sh --uninstall [--purge]   remove the service; --purge also the data, configuration and database
#
# Options: --published DIR  copy an existing `dotnet publish`/build output instead of publishing now
#          --no-deps        do not apt-get install anything
set -euo pipefail

prefix=/
systemd=yes
deps=yes
published=
action=install
purge=no

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --no-systemd) systemd=no; shift ;;
    --no-deps) deps=no; shift ;;
    --published) published=${2:?--published needs a directory}; shift 2 ;;
    --uninstall) action=uninstall; shift ;;
    --purge) purge=yes; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

repo=$(cd "$(dirname "$0")" && pwd)
prefix=$(mkdir -p "$prefix" && cd "$prefix" && pwd)
root() { if [ "$prefix" = / ]; then printf '%s' "$1"; else printf '%s%s' "$prefix" "$1"; fi; }
opt=$(root /opt/appliance)
etc=$(root /etc/appliance)
state=$(root /var/lib/appliance)
units=$(root /etc/systemd/system)
system=no   # system-wide changes (apt, users, the distro's PostgreSQL, systemctl): only for a real install as root
if [ "$prefix" = / ]; then
  if [ "$(id -u)" -ne 0 ]; then echo "install.sh: run as root (or use --prefix DIR --no-systemd)" >&2; exit 1; fi
  system=yes
fi
systemd_running() { [ "$systemd" = yes ] && [ "$system" = yes ] && [ -d /run/systemd/system ]; }
say() { printf '%s\n' "$*"; }
skip() { say "skipped ($1): $2"; }

uninstall() {
  if systemd_running; then
    systemctl disable --now appliance.service appliance-report.timer 2>/dev/null || true
  fi
  rm -f "$units/appliance.service" "$units/appliance-report.service" "$units/appliance-report.timer"
  rm -rf "$units/appliance.service.d" "$opt"
  if systemd_running; then systemctl daemon-reload; fi
  say "removed the service and /opt/appliance"
  if [ "$purge" = yes ]; then
    rm -rf "$state" "$etc"
    if [ "$system" = yes ] && command -v psql >/dev/null 2>&1; then
      runuser -u postgres -- psql -qc 'DROP DATABASE IF EXISTS appliance' || true
      runuser -u postgres -- psql -qc 'DROP ROLE IF EXISTS appliance' || true
    fi
    if [ "$system" = yes ] && id appliance >/dev/null 2>&1; then userdel appliance; fi
    say "purged the data, the configuration and the database"
  else
    say "kept $state, $etc and the database (--purge removes them)"
  fi
}

install_deps() {
  if [ "$deps" = no ] || [ "$system" = no ]; then
    skip "prefix install or --no-deps" "apt-get install postgresql fonts-dejavu-core poppler-utils"
    return
  fi
  local missing=()
  for p in postgresql fonts-dejavu-core poppler-utils; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]}"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

create_user() {
  if [ "$system" = no ]; then skip "prefix install" "useradd --system appliance"; return; fi
  if ! id appliance >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/appliance --no-create-home --shell /usr/sbin/nologin appliance
    say "created the appliance user"
  fi
}

create_database() {
  if [ "$system" = no ]; then skip "prefix install" "CREATE ROLE appliance; CREATE DATABASE appliance OWNER appliance"; return; fi
  if [ -d /run/systemd/system ]; then systemctl enable --now postgresql >/dev/null 2>&1 || true; fi
  # Peer authentication over the Unix socket: the appliance user is the role, so there is no password to keep.
  if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'appliance'" | grep -q 1; then
    runuser -u postgres -- psql -qc 'CREATE ROLE appliance LOGIN'
  fi
  if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'appliance'" | grep -q 1; then
    runuser -u postgres -- psql -qc 'CREATE DATABASE appliance OWNER appliance'
  fi
  say "database appliance on the distro's PostgreSQL (peer authentication)"
}

publish() {
  local stage
  stage=$(mktemp -d)
  if [ -n "$published" ]; then
    cp -a "$published/." "$stage/"
  else
    command -v dotnet >/dev/null 2>&1 || { echo "install.sh: the .NET 10 SDK is needed to publish (or pass --published DIR)" >&2; exit 1; }
    dotnet publish "$repo/appliance/Appliance.csproj" -c Release -r linux-x64 --self-contained false -nologo -o "$stage" >/dev/null
  fi
  [ -x "$stage/appliance" ] || { echo "install.sh: no 'appliance' executable in the published output" >&2; exit 1; }
  # Replace as a whole, so an upgrade leaves no stale assemblies behind.
  mkdir -p "$(dirname "$opt")" "$stage/docs"
  cp "$repo"/docs/*.md "$stage/docs/" 2>/dev/null || true
  rm -rf "$opt.new" && mv "$stage" "$opt.new" && chmod 0755 "$opt.new"
  rm -rf "$opt" && mv "$opt.new" "$opt"
  say "installed the appliance in $opt"
}

write_config() {
  mkdir -p "$etc/credentials" "$state"
  chmod 0750 "$etc" "$etc/credentials"
  local config=$etc/appliance.json
  if [ -f "$config" ]; then
    say "kept $config (and its API keys)"
    return
  fi
  local key hash
  key=$(head -c 32 /dev/urandom | base64 -w0 | tr '+/' '-_' | tr -d '=')
  hash=$(printf '%s' "$key" | sha256sum | cut -d' ' -f1)
  (umask 027 && cat > "$config") <<JSON
{
  "Urls": "http://127.0.0.1:8000",
  "ConnectionStrings": { "Postgres": "Host=/var/run/postgresql;Database=appliance;Username=appliance" },
  "Api": { "KeyHashes": [ "sha256:$hash" ] }
}
JSON
  say "wrote $config"
  say "API key (shown once; only its hash is stored): $key"
}

install_units() {
  mkdir -p "$units/appliance.service.d"
  install -m 0644 "$repo/systemd/appliance.service" "$repo/systemd/appliance-report.service" "$repo/systemd/appliance-report.timer" "$units/"
  # Where the .NET runtime is, for the framework-dependent binary.
  local dotnet_root=/usr/share/dotnet
  if command -v dotnet >/dev/null 2>&1; then dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")"); fi
  printf '[Service]\nEnvironment=DOTNET_ROOT=%s\n' "$dotnet_root" > "$units/appliance.service.d/dotnet.conf"
  say "installed the units in $units"
  if [ "$system" = yes ]; then
    chown -R root:appliance "$etc" && chown appliance:appliance "$state"
  fi
  if systemd_running; then
    systemctl daemon-reload
    systemctl enable --now appliance-report.timer >/dev/null
    systemctl enable appliance.service >/dev/null
    systemctl restart appliance.service
    say "started: systemctl status appliance; journalctl -u appliance"
  elif [ "$system" = yes ]; then
    say "systemd is not running here: start it with 'systemctl enable --now appliance' once it is, or run: runuser -u appliance -- $opt/appliance serve"
  else
    say "run it: APPLIANCE_CONFIG=$etc/appliance.json $opt/appliance serve"
  fi
}

if [ "$action" = uninstall ]; then uninstall; exit 0; fi
install_deps
create_user
create_database
publish
write_config
install_units
