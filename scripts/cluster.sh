#!/usr/bin/env bash
# Scale-out demo (`make serve-cluster`): a private PostgreSQL (tracker store and learner
# progress) and Redis (lock store) on 127.0.0.1, ACTION_SERVERS action servers and REPLICAS Rasa
# servers on consecutive ports, in the foreground. Ctrl-C or SIGTERM stops everything. The
# replicas share the tracker and lock stores; the action servers share the learner progress
# (ABM_PROGRESS_DB=postgresql://..., tables made by the action servers on first use, in the
# tracker's database); replica i calls action server i mod ACTION_SERVERS (its own endpoints
# file). PostgreSQL needs a password (scram-sha-256) and Rasa and the action servers connect as a
# role that is not a superuser; Redis needs a password; all passwords derive from var/secret.key
# (components/secrets.py) and reach the servers through files and the environment, never a
# command line.
#
# Settings (environment, all optional):
#   REPLICAS=2          number of Rasa servers
#   RASA_PORT=5005      port of the first Rasa server; the others follow (5006, ...)
#   ACTION_SERVERS=2    number of action servers (on 127.0.0.1 only)
#   ACTIONS_PORT=5055   port of the first action server; the others follow (5056, ...)
#   PG_PORT=5433 REDIS_PORT=6380   the private PostgreSQL and Redis (not the system defaults,
#                       so they do not clash with a system service)
#   CLUSTER_DIR=var/cluster        endpoints files (endpoints-<replica>.yml), logs (log/), Redis working dir
#   CLUSTER_PGDATA=$CLUSTER_DIR/postgres   the PostgreSQL data directory (kept between runs)
#   CLUSTER_INTERFACE=127.0.0.1    where the Rasa servers listen (the action servers, PostgreSQL
#                       and Redis always listen on 127.0.0.1 only)
#   CLUSTER_PG_USER     run as root: the unprivileged user PostgreSQL runs as (postgres, else nobody)
#   CLUSTER_INSTALL=1   install PostgreSQL/Redis when missing (0: only check)
#   RASA_API_TOKEN      when set, the Rasa HTTP API is enabled behind this token
#   WEB_ORIGINS         web page origins the replicas accept (CORS, space-separated), for the widget
#   PG_OPTS             extra `postgres` options, e.g. "-c fsync=off" for throwaway test data
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export SQLALCHEMY_SILENCE_UBER_WARNING=${SQLALCHEMY_SILENCE_UBER_WARNING:-1}
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
export PYTHONPATH=${PYTHONPATH:-$PWD}

REPLICAS=${REPLICAS:-2}
ACTION_SERVERS=${ACTION_SERVERS:-2}
RASA_PORT=${RASA_PORT:-5005}
ACTIONS_PORT=${ACTIONS_PORT:-5055}
PG_PORT=${PG_PORT:-5433}
REDIS_PORT=${REDIS_PORT:-6380}
CLUSTER_INTERFACE=${CLUSTER_INTERFACE:-127.0.0.1}
MODEL=${ABM_MODEL:-models/abm-tutor.tar.gz}
mkdir -p "${CLUSTER_DIR:=var/cluster}"
CLUSTER_DIR=$(cd "$CLUSTER_DIR" && pwd)
PGDATA_DIR=${CLUSTER_PGDATA:-$CLUSTER_DIR/postgres}
LOG=$CLUSTER_DIR/log
PG_DB=rasa
PG_ADMIN=abm_admin  # the superuser initdb creates: only this script uses it, to create the role below
PG_USER=rasa_app    # the role Rasa and the action servers connect as: owns the database, nothing else
secret() { .venv/bin/python -m components.secrets "$1"; }
PG_ADMIN_PASSWORD=$(secret cluster-db-admin) PG_PASSWORD=$(secret cluster-db) REDIS_PASSWORD=$(secret cluster-redis)
mkdir -p "$LOG" "$CLUSTER_DIR/redis"

die() { echo "error: $*" >&2; exit 1; }
[[ $REPLICAS =~ ^[1-9][0-9]*$ ]] || die "REPLICAS must be a positive number, not '$REPLICAS'"
[[ $ACTION_SERVERS =~ ^[1-9][0-9]*$ ]] || die "ACTION_SERVERS must be a positive number, not '$ACTION_SERVERS'"
[ -f "$MODEL" ] || die "no trained model at $MODEL (run \`make model\`)"
if [ "${CLUSTER_INSTALL:-1}" = 0 ]; then
  scripts/ensure-cluster-deps.sh --check \
    || die "PostgreSQL or Redis is missing: run scripts/ensure-cluster-deps.sh (\`make cluster-deps\`)"
else
  scripts/ensure-cluster-deps.sh
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)

# PostgreSQL refuses to run as root: as root, run it as an unprivileged user that owns the data.
AS_PG=()  # prefix that runs a command as the PostgreSQL user
if [ "$(id -u)" = 0 ]; then
  pg_user=${CLUSTER_PG_USER:-$(id -u postgres >/dev/null 2>&1 && echo postgres || echo nobody)}
  pg_uid=$(id -u "$pg_user") && pg_gid=$(id -g "$pg_user") || die "no user '$pg_user' to run PostgreSQL as"
  AS_PG=(setpriv --reuid="$pg_uid" --regid="$pg_gid" --clear-groups)
  mkdir -p "$(dirname "$PGDATA_DIR")"
  if ! "${AS_PG[@]}" test -x "$(dirname "$PGDATA_DIR")"; then
    # the project lives where that user cannot go (e.g. under /root): keep the data in /var/tmp
    fallback=/var/tmp/abm-tutor-postgres-$(echo "$PGDATA_DIR" | cksum | cut -d' ' -f1)
    echo "note: user '$pg_user' cannot reach $(dirname "$PGDATA_DIR"); PostgreSQL data goes to $fallback"
    PGDATA_DIR=$fallback
  fi
  mkdir -p -m 700 "$PGDATA_DIR"
  chown "$pg_uid:$pg_gid" "$PGDATA_DIR"
else
  mkdir -p -m 700 "$PGDATA_DIR"
fi

RASA_PIDS=() ACTIONS_PIDS=()
stop_and_wait() {  # stop_and_wait PID...: SIGTERM, then SIGKILL after 20 s
  local pid alive
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 100); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 1 ] || return 0
    sleep 0.2
  done
  for pid in "$@"; do kill -KILL "$pid" 2>/dev/null || true; done
}
stop() {  # in order of dependence: the Rasa servers first (the action servers would otherwise wait
  trap - INT TERM EXIT  # for their open connections), then the action servers, Redis and PostgreSQL
  stop_and_wait "${RASA_PIDS[@]}"
  stop_and_wait "${ACTIONS_PIDS[@]}"
  if [ -n "${REDIS_PID:-}" ]; then kill -TERM "$REDIS_PID" 2>/dev/null || true; fi
  if [ -n "${PG_PID:-}" ]; then kill -INT "$PG_PID" 2>/dev/null || true; fi  # fast shutdown
  wait 2>/dev/null || true
  echo "Stopped."
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

wait_until() {  # wait_until SECONDS NAME PID LOGFILE COMMAND...: run COMMAND until it succeeds
  local seconds=$1 name=$2 pid=$3 logfile=$4; shift 4
  local deadline=$((SECONDS + seconds))
  while ! "$@" >/dev/null 2>&1; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "error: $name stopped while starting; the end of $logfile:" >&2; tail -n 25 "$logfile" >&2; return 1
    fi
    [ $SECONDS -lt $deadline ] || { echo "error: $name not ready within ${seconds}s; see $logfile" >&2; return 1; }
    sleep 0.3
  done
}
psql_as() { PGPASSWORD=$3 "$PG_BIN/psql" -X -q -h 127.0.0.1 -p "$PG_PORT" -U "$1" -d "$2" -tAc "$4"; }
psql_admin() { psql_as "$PG_ADMIN" "$1" "$PG_ADMIN_PASSWORD" "$2"; }
psql_q() { psql_as "$PG_USER" "$1" "$PG_PASSWORD" "$2"; }

# 1. PostgreSQL: a private cluster (initdb on first use), TCP on 127.0.0.1, socket in its data dir,
# passwords required (scram-sha-256). A data directory from before passwords (trust) is moved aside.
AUTH_MARK=$PGDATA_DIR/abm-scram
if [ -f "$PGDATA_DIR/PG_VERSION" ] && [ ! -f "$AUTH_MARK" ]; then
  aside=$PGDATA_DIR.trust-$(date +%Y%m%d%H%M%S)
  echo "note: $PGDATA_DIR was made without passwords; moved to $aside, making a new one"
  mv "$PGDATA_DIR" "$aside" && mkdir -p -m 700 "$PGDATA_DIR"
  [ ${#AS_PG[@]} -eq 0 ] || chown "$pg_uid:$pg_gid" "$PGDATA_DIR"
fi
if [ ! -f "$PGDATA_DIR/PG_VERSION" ]; then
  echo "Creating a PostgreSQL cluster in $PGDATA_DIR"
  pwfile=$(mktemp) && printf '%s\n' "$PG_ADMIN_PASSWORD" >"$pwfile"
  [ ${#AS_PG[@]} -eq 0 ] || chown "$pg_uid:$pg_gid" "$pwfile"
  (cd / && "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PGDATA_DIR" -U "$PG_ADMIN" --pwfile="$pwfile" \
    --auth=scram-sha-256 --no-locale -E UTF8 --no-sync) >"$LOG/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; tail -n 20 "$LOG/initdb.log" >&2; die "initdb failed (log: $LOG/initdb.log)"; }
  rm -f "$pwfile"
  "${AS_PG[@]}" touch "$AUTH_MARK"
fi
# shellcheck disable=SC2086  # PG_OPTS is a list of options
"${AS_PG[@]}" "$PG_BIN/postgres" -D "$PGDATA_DIR" -p "$PG_PORT" -c listen_addresses=127.0.0.1 \
  -c unix_socket_directories="$PGDATA_DIR" -c password_encryption=scram-sha-256 ${PG_OPTS:-} >"$LOG/postgres.log" 2>&1 &
PG_PID=$!
# 2. Redis: in memory only (the lock store needs no persistence), password required. The password
# goes in through stdin (a config file), not the command line, so `ps` does not show it.
printf 'requirepass %s\n' "$REDIS_PASSWORD" | redis-server - --port "$REDIS_PORT" --bind 127.0.0.1 --save '' \
  --appendonly no --dir "$CLUSTER_DIR/redis" --daemonize no >"$LOG/redis.log" 2>&1 &
REDIS_PID=$!
wait_until 60 PostgreSQL "$PG_PID" "$LOG/postgres.log" psql_admin postgres "SELECT 1"
# (through stdin, not `psql -c`: the role's password must not be on a command line)
PGPASSWORD=$PG_ADMIN_PASSWORD "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U "$PG_ADMIN" \
  -d postgres >/dev/null <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER') THEN
    CREATE ROLE $PG_USER LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE;
  END IF;
END \$\$; ALTER ROLE $PG_USER PASSWORD '$PG_PASSWORD';
SQL
[ "$(psql_admin postgres "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" = 1 ] \
  || psql_admin postgres "CREATE DATABASE $PG_DB OWNER $PG_USER" >/dev/null
wait_until 30 Redis "$REDIS_PID" "$LOG/redis.log" env REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping

# One endpoints file per replica: the same stores, and replica i's action server, i mod ACTION_SERVERS.
rm -f "$CLUSTER_DIR"/endpoints*.yml  # from an earlier run (perhaps with more replicas)
write_endpoints() {  # write_endpoints REPLICA FILE
  cat >"$2" <<EOF
# Generated by scripts/cluster.sh for Rasa replica $1 (of $REPLICAS).
# Action server $(($1 % ACTION_SERVERS)) (of $ACTION_SERVERS): consecutive replicas call different ones.
action_endpoint:
  url: "http://127.0.0.1:$((ACTIONS_PORT + $1 % ACTION_SERVERS))/webhook"
  headers:
    Authorization: "Bearer $ABM_ACTIONS_TOKEN"

# Conversations (events) in PostgreSQL, shared by all replicas.
tracker_store:
  type: SQL
  dialect: "postgresql"
  url: "127.0.0.1"
  port: $PG_PORT
  db: "$PG_DB"
  username: "$PG_USER"
  password: "$PG_PASSWORD"

# Per-conversation locks in Redis: one message of a conversation at a time, on any replica.
# Rasa's "redis" lock store with atomic ticket handling (components/lock_store.py).
lock_store:
  type: "components.lock_store.AtomicRedisLockStore"
  url: "127.0.0.1"
  port: $REDIS_PORT
  password: "$REDIS_PASSWORD"
  db: 1
EOF
}
for ((i = 0; i < REPLICAS; i++)); do write_endpoints "$i" "$CLUSTER_DIR/endpoints-$i.yml"; done

# 3. The action servers and the Rasa replicas. The action servers keep learner progress in
# PostgreSQL (bot/progress.py; the URL, password included, goes in through their environment,
# not the command line), so an answer recorded by one is seen by all.
PROGRESS_URL="postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
for ((i = 0; i < ACTION_SERVERS; i++)); do
  ABM_PROGRESS_DB=$PROGRESS_URL ACTIONS_PORT=$((ACTIONS_PORT + i)) start_action_server "$LOG/actions-$i.log"
  ACTIONS_PIDS+=("$ACTIONS_PID")
done
rasa_args=()
if [ -n "${RASA_API_TOKEN:-}" ]; then rasa_args=(--enable-api --auth-token "$RASA_API_TOKEN"); fi
if [ -n "${WEB_ORIGINS:-}" ]; then read -ra origins <<<"$WEB_ORIGINS"; rasa_args+=(--cors "${origins[@]}"); fi
start_replica() {  # start_replica INDEX
  $RASA run --model "$MODEL" --endpoints "$CLUSTER_DIR/endpoints-$1.yml" --credentials credentials.yml \
    --port $((RASA_PORT + $1)) --interface "$CLUSTER_INTERFACE" "${rasa_args[@]}" >"$LOG/rasa-$1.log" 2>&1 &
  RASA_PIDS+=($!)
}
# Create the tracker table with Rasa's own SQLTrackerStore before any replica starts: replicas
# starting together would otherwise all try to create it at once. Then start them all.
events_table() { [ "$(psql_q "$PG_DB" "SELECT to_regclass('public.events') IS NOT NULL")" = t ]; }
if ! events_table; then
  ABM_PG_PASSWORD=$PG_PASSWORD timeout 300 .venv/bin/python -c 'import os, sys; from rasa.core.tracker_store import SQLTrackerStore as S
S(dialect="postgresql", host="127.0.0.1", port=int(sys.argv[1]), db=sys.argv[2], username=sys.argv[3],
  password=os.environ["ABM_PG_PASSWORD"])' "$PG_PORT" "$PG_DB" "$PG_USER" >"$LOG/create-tables.log" 2>&1 && events_table \
    || { tail -n 20 "$LOG/create-tables.log" >&2; die "could not create the tracker table (log: $LOG/create-tables.log)"; }
fi
for ((i = 0; i < REPLICAS; i++)); do start_replica "$i"; done

for ((i = 0; i < ACTION_SERVERS; i++)); do
  wait_until 120 "action server $i" "${ACTIONS_PIDS[$i]}" "$LOG/actions-$i.log" \
    curl -fsS "http://127.0.0.1:$((ACTIONS_PORT + i))/health"
done
urls=()
for ((i = 0; i < REPLICAS; i++)); do
  wait_until 300 "Rasa replica $i" "${RASA_PIDS[$i]}" "$LOG/rasa-$i.log" curl -fsS "http://127.0.0.1:$((RASA_PORT + i))/"
  urls+=("http://127.0.0.1:$((RASA_PORT + i))")
done

echo "Ready: $REPLICAS Rasa replicas sharing one tracker store and one lock store; $ACTION_SERVERS action servers sharing the learner progress:"
for ((i = 0; i < REPLICAS; i++)); do
  echo "  ${urls[$i]}/webhooks/rest/webhook  (calls action server $((i % ACTION_SERVERS)))"
done
for ((i = 0; i < ACTION_SERVERS; i++)); do
  echo "  action server $i  http://127.0.0.1:$((ACTIONS_PORT + i))"
done
echo "  PostgreSQL     127.0.0.1:$PG_PORT, database $PG_DB (conversations and learner progress), role $PG_USER with a password (data in $PGDATA_DIR)"
echo "  Redis          127.0.0.1:$REDIS_PORT, db 1, password required"
echo "Send a conversation's messages to any replica (or put a load balancer in front). Logs in $LOG/. Ctrl-C stops all."
set +e
wait -n "${RASA_PIDS[@]}" "${ACTIONS_PIDS[@]}" "$PG_PID" "$REDIS_PID"
echo "A server stopped (exit $?); stopping the others. Logs in $LOG/." >&2
exit 1
