#!/usr/bin/env bash
# Makes sure Debian's PostgreSQL server binaries (initdb, pg_ctl) are there: the PostgreSQL
# suites start their own throwaway cluster with them (test/node/pg/cluster.ts).
set -euo pipefail
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's postgresql (one time, about 5-20 s)…" >&2
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=300 postgresql >/dev/null
  # The package starts a cluster of its own on 5432; the tests need only the binaries.
  (command -v pg_ctlcluster >/dev/null && pg_lsclusters -h 2>/dev/null | while read -r version name _; do pg_ctlcluster "$version" "$name" stop || true; done) || true
  exit 0
fi
echo "PostgreSQL is missing: run 'sudo apt-get install postgresql' (Debian) so initdb and pg_ctl exist, then npm test again." >&2
exit 1
