#!/usr/bin/env bash
# Talk to the tutor in the terminal: action server in the background, `rasa shell` in front.
# Leaving the shell (/stop or Ctrl-C) stops the action server. Both listen on 127.0.0.1 only.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
start_action_server var/log/actions.log
trap 'kill "$ACTIONS_PID" 2>/dev/null; wait "$ACTIONS_PID" 2>/dev/null || true' EXIT
echo "Starting the action server (log: var/log/actions.log)…"
wait_for_url "http://127.0.0.1:$ACTIONS_PORT/health" 120 "action server" "$ACTIONS_PID" || { cat var/log/actions.log; exit 1; }
echo "Loading the model — about half a minute. Type /stop to leave."
$RASA shell --model models/abm-tutor.tar.gz --endpoints endpoints.yml --interface 127.0.0.1 --port "${RASA_PORT:-5005}" --quiet
