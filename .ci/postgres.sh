#!/usr/bin/env bash
# Installs (if needed) and starts Debian's PostgreSQL 15 on 127.0.0.1:5432 with a login role the tests use:
#   Host=127.0.0.1;Port=5432;Username=todo;Password=todo;Database=postgres
# Safe to run repeatedly. Used by .ci/run, and by developers before running the cluster tests.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi

version=$(find /usr/lib/postgresql -mindepth 1 -maxdepth 1 -printf "%f\n" | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >/dev/null
fi
if ! pg_lsclusters -h | grep -q "^$version main .* online"; then
  pg_ctlcluster "$version" main start
fi

for _ in $(seq 1 30); do
  if su postgres -c "psql -qtAc 'SELECT 1'" >/dev/null 2>&1; then break; fi
  sleep 1
done

su postgres -c "psql -qtAc \"DO \\\$\\\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'todo') THEN
    CREATE ROLE todo LOGIN SUPERUSER PASSWORD 'todo';
  END IF;
END \\\$\\\$;\"" >/dev/null
# More connections than the default 100: several silos and test clusters each keep a pool.
if [ "$(su postgres -c "psql -qtAc 'SHOW max_connections'")" -lt 300 ]; then
  su postgres -c "psql -qtAc 'ALTER SYSTEM SET max_connections = 300'" >/dev/null
  pg_ctlcluster "$version" main restart
fi
echo "postgres: $version main on 127.0.0.1:5432 (role todo)"
