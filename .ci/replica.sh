#!/usr/bin/env bash
# A streaming replica of the local PostgreSQL (127.0.0.1:5432) on 127.0.0.1:${REPLICA_PORT:-5433}, for
# the replication tests (tests/replication/) and for trying read replicas by hand:
#   DATABASE_REPLICA_URLS=postgres://postgres@127.0.0.1:5433/<name>
#
# Idempotent: if a standby of this primary already answers on the port, it is left as it is;
# otherwise the directory REPLICA_DIR (default /var/tmp/newsroom-replica, owned by this script:
# it is deleted and re-made) receives a pg_basebackup of the primary, and a PostgreSQL started on it
# streams the primary's WAL. `.ci/replica.sh stop` stops it. Needs to run as root or postgres.
set -euo pipefail

PRIMARY_HOST=127.0.0.1
PRIMARY_PORT=5432
PORT="${REPLICA_PORT:-5433}"
DIR="${REPLICA_DIR:-/var/tmp/newsroom-replica}"
PG_VERSION="$(psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -Atc 'SHOW server_version_num' | cut -c1-2)"
BIN="/usr/lib/postgresql/${PG_VERSION}/bin"

as_postgres() { if [ "$(id -un)" = postgres ]; then "$@"; else runuser -u postgres -- "$@"; fi; }
primary_sql() { psql -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -d postgres -Atc "$1"; }
replica_sql() { psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -Atc "$1" 2>/dev/null; }

if [ "${1:-}" = stop ]; then
  [ -f "$DIR/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" -m fast stop || true
  exit 0
fi

# Already there: a standby of this very primary (same system identifier) answering on the port.
primary_id="$(primary_sql 'SELECT system_identifier FROM pg_control_system()')"
if [ "$(replica_sql 'SELECT pg_is_in_recovery()::text || system_identifier FROM pg_control_system()' || true)" = "true${primary_id}" ]; then
  replica_sql 'SELECT pg_wal_replay_resume()' >/dev/null  # a previous run may have left replay paused
  echo "replica: already streaming on port $PORT"
  exit 0
fi

# The primary must accept replication connections from 127.0.0.1 (Debian's default pg_hba does not).
hba="$(primary_sql 'SHOW hba_file')"
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32' "$hba"; then
  echo "host replication all 127.0.0.1/32 trust" >>"$hba"
  primary_sql 'SELECT pg_reload_conf()' >/dev/null
fi

# A fresh base backup into the script's directory.
[ -f "$DIR/postmaster.pid" ] && as_postgres "$BIN/pg_ctl" -D "$DIR" -m immediate stop >/dev/null 2>&1 || true
rm -rf "$DIR"
mkdir -p "$DIR"
chown postgres:postgres "$DIR"
chmod 700 "$DIR"
as_postgres pg_basebackup -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U postgres -D "$DIR" -X stream -R -c fast

# Its own configuration (Debian keeps the primary's in /etc): a hot standby on its port, with the
# primary's limits (a standby may not have lower ones).
limits="$(primary_sql "SELECT string_agg(name || ' = ' || setting, E'\n') FROM pg_settings WHERE name IN
  ('max_connections', 'max_worker_processes', 'max_wal_senders', 'max_prepared_transactions',
   'max_locks_per_transaction')")"
cat >"$DIR/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$DIR'
hot_standby = on
shared_buffers = 64MB
max_standby_streaming_delay = 30s
hot_standby_feedback = on
logging_collector = off
$limits
CONF
cat >"$DIR/pg_hba.conf" <<CONF
local all all trust
host all all 127.0.0.1/32 trust
CONF
chown postgres:postgres "$DIR/postgresql.conf" "$DIR/pg_hba.conf"
as_postgres "$BIN/pg_ctl" -D "$DIR" -l "$DIR/replica.log" -w -t 60 start >/dev/null

for _ in $(seq 1 30); do
  [ "$(replica_sql 'SELECT pg_is_in_recovery()' || true)" = t ] && break
  sleep 1
done
[ "$(replica_sql 'SELECT status FROM pg_stat_wal_receiver' || true)" = streaming ] || sleep 2
echo "replica: streaming from $PRIMARY_HOST:$PRIMARY_PORT on port $PORT ($(replica_sql 'SELECT status FROM pg_stat_wal_receiver'))"
