# Shared shell helpers for chat.sh, serve.sh and cluster.sh (sourced, not run).
RASA=.venv/bin/rasa
export PYTHONWARNINGS=ignore  # library deprecation noise would bury the conversation
export RASA_TELEMETRY_ENABLED=false  # whoever starts the scripts, nothing is reported home
umask 077  # var/ (conversations, progress, the secret key, logs) is private to this user
mkdir -p var/log
export PYTHONPATH=${PYTHONPATH:-$PWD}
export ACTIONS_PORT=${ACTIONS_PORT:-5055}
export ABM_TRACKER_DB=${ABM_TRACKER_DB:-var/trackers.db}
# The token Rasa sends to the action server (endpoints.yml), derived from var/secret.key
ABM_ACTIONS_TOKEN=$(.venv/bin/python -m components.secrets actions) || { echo "error: cannot read or create var/secret.key" >&2; exit 1; }
export ABM_ACTIONS_TOKEN

# EXPOSE=1 is the one setting that opens the learner-facing servers (the page and Rasa's channels)
# to other machines; everything else, and by default everything, listens on loopback only.
case ${EXPOSE:-0} in
  1 | yes | true) LISTEN_HOST=0.0.0.0; export ABM_EXPOSED=1 ;;
  *) LISTEN_HOST=127.0.0.1; export ABM_EXPOSED=0 ;;
esac

wait_for_url() {  # wait_for_url URL SECONDS NAME PID
  local url=$1 seconds=$2 name=$3 pid=$4
  for _ in $(seq "$seconds"); do
    if curl -fsS -o /dev/null "$url" 2>/dev/null; then return 0; fi
    if ! kill -0 "$pid" 2>/dev/null; then echo "error: the $name stopped while starting; see its log above or in var/log/" >&2; return 1; fi
    sleep 1
  done
  echo "error: the $name did not answer at $url within ${seconds}s" >&2
  return 1
}

start_action_server() {  # start_action_server LOGFILE → sets ACTIONS_PID (loopback only, token required)
  .venv/bin/python scripts/action_server.py --port "$ACTIONS_PORT" >"$1" 2>&1 &
  ACTIONS_PID=$!
}

rasa_api_args() {  # rasa_api_args → sets RASA_API_ARGS: Rasa's HTTP API only when RASA_API_TOKEN is set, behind it
  RASA_API_ARGS=()
  if [ -n "${RASA_API_TOKEN:-}" ]; then RASA_API_ARGS=(--enable-api --auth-token "$RASA_API_TOKEN"); fi
}

start_web_server() {  # start_web_server LOGFILE → sets WEB_PID; the page on LISTEN_HOST:WEB_PORT, its widget talking to RASA_URL
  .venv/bin/python scripts/web_server.py --host "$LISTEN_HOST" --port "${WEB_PORT:-8000}" \
    --rasa-url "${RASA_URL:-http://localhost:${RASA_PORT:-5005}}" >"$1" 2>&1 &
  WEB_PID=$!
}
