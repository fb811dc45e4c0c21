#!/usr/bin/env bash
# Run the tutor for other clients: Rasa server (REST channel) and action server, in the
# foreground. Ctrl-C or SIGTERM stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
start_action_server var/log/actions.log
$RASA run --model models/abm-tutor.tar.gz --endpoints endpoints.yml --credentials credentials.yml \
  --port "${RASA_PORT:-5005}" >var/log/rasa.log 2>&1 &
RASA_PID=$!
stop() { trap - INT TERM EXIT; kill "$RASA_PID" "$ACTIONS_PID" 2>/dev/null; wait 2>/dev/null; echo "Stopped."; }
trap stop INT TERM EXIT
wait_for_url "http://localhost:${ACTIONS_PORT:-5055}/health" 120 "action server" "$ACTIONS_PID"
wait_for_url "http://localhost:${RASA_PORT:-5005}/" 300 "Rasa server" "$RASA_PID"
echo "Ready: REST channel at http://localhost:${RASA_PORT:-5005}/webhooks/rest/webhook (logs in var/log/). Ctrl-C stops."
wait -n "$RASA_PID" "$ACTIONS_PID"
