# Shared shell helpers for chat.sh and serve.sh (sourced, not run).
RASA=.venv/bin/rasa
export PYTHONWARNINGS=ignore  # library deprecation noise would bury the conversation
mkdir -p var/log

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

start_action_server() {  # start_action_server LOGFILE → sets ACTIONS_PID
  $RASA run actions --actions actions --port "${ACTIONS_PORT:-5055}" >"$1" 2>&1 &
  ACTIONS_PID=$!
}

rasa_api_args() {  # rasa_api_args → sets RASA_API_ARGS: Rasa's HTTP API only when RASA_API_TOKEN is set, behind it
  RASA_API_ARGS=()
  if [ -n "${RASA_API_TOKEN:-}" ]; then RASA_API_ARGS=(--enable-api --auth-token "$RASA_API_TOKEN"); fi
}

start_web_server() {  # start_web_server LOGFILE → sets WEB_PID; the page on WEB_HOST:WEB_PORT, its widget talking to RASA_URL
  .venv/bin/python scripts/web_server.py --host "${WEB_HOST:-127.0.0.1}" --port "${WEB_PORT:-8000}" \
    --rasa-url "${RASA_URL:-http://localhost:${RASA_PORT:-5005}}" >"$1" 2>&1 &
  WEB_PID=$!
}
