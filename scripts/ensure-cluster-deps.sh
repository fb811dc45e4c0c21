#!/usr/bin/env bash
# Make sure PostgreSQL and Redis are installed for `make serve-cluster` and the scale-out test.
# Idempotent and quick when both are there; otherwise installs Debian's packages with apt-get
# (sudo when not root). Only the programs are used: no system service is configured or started
# by this project (scripts/cluster.sh runs its own throwaway instances).
#   scripts/ensure-cluster-deps.sh          install what is missing
#   scripts/ensure-cluster-deps.sh --check  only report; exit 1 if something is missing
set -euo pipefail

pg_bindir() {  # the newest /usr/lib/postgresql/<version>/bin that has a postgres binary
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1) || true
  if [ -n "$dir" ] && [ -x "$dir/postgres" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return 0; fi
  return 1
}

missing=()
pg_bindir >/dev/null || missing+=(postgresql)
command -v redis-server >/dev/null 2>&1 || [ -x /usr/bin/redis-server ] || missing+=(redis-server)
if [ "$(id -u)" = 0 ] && ! command -v setpriv >/dev/null 2>&1; then missing+=(util-linux); fi

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
if [ "${1:-}" = "--check" ]; then
  echo "missing for the cluster: ${missing[*]} (install with scripts/ensure-cluster-deps.sh)" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: ${missing[*]} missing and apt-get is not available; install PostgreSQL (initdb, postgres) and redis-server yourself" >&2
  exit 1
fi
echo "Installing Debian packages for the cluster: ${missing[*]} (apt-get update; apt-get install)"
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
$sudo apt-get -o DPkg::Lock::Timeout=300 update -q
$sudo env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -q --no-install-recommends "${missing[@]}"
pg_bindir >/dev/null || { echo "error: PostgreSQL was installed but no /usr/lib/postgresql/*/bin/postgres was found" >&2; exit 1; }
command -v redis-server >/dev/null 2>&1 || { echo "error: redis-server was installed but is not on PATH" >&2; exit 1; }
