#!/usr/bin/env bash
# Run the tutor for other clients, in the foreground: the action server, the Rasa server (REST and
# socket.io channels) and the web page with the chat widget. Ctrl-C or SIGTERM stops all three.
# Settings: RASA_PORT, ACTIONS_PORT, WEB_HOST, WEB_PORT; RASA_URL, the Rasa address the page's
# widget connects to; WEB_ORIGINS, the page origins Rasa accepts (CORS, space-separated);
# RASA_API_TOKEN, which turns Rasa's HTTP API on behind that token (off when unset).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
RASA_PORT=${RASA_PORT:-5005} WEB_HOST=${WEB_HOST:-127.0.0.1} WEB_PORT=${WEB_PORT:-8000}
export RASA_URL=${RASA_URL:-http://localhost:$RASA_PORT}
case $WEB_HOST in 127.0.0.1 | 0.0.0.0) PAGE_URL=http://localhost:$WEB_PORT/ ;; *) PAGE_URL=http://$WEB_HOST:$WEB_PORT/ ;; esac
read -ra origins <<<"${WEB_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}"
rasa_api_args
start_action_server var/log/actions.log
$RASA run --model models/abm-tutor.tar.gz --endpoints endpoints.yml --credentials credentials.yml \
  --port "$RASA_PORT" --cors "${origins[@]}" "${RASA_API_ARGS[@]}" >var/log/rasa.log 2>&1 &
RASA_PID=$!
start_web_server var/log/web.log
stop() { trap - INT TERM EXIT; kill "$RASA_PID" "$ACTIONS_PID" "$WEB_PID" 2>/dev/null; wait 2>/dev/null; echo "Stopped."; }
trap stop INT TERM EXIT
wait_for_url "http://localhost:${ACTIONS_PORT:-5055}/health" 120 "action server" "$ACTIONS_PID"
wait_for_url "http://localhost:$RASA_PORT/" 300 "Rasa server" "$RASA_PID"
wait_for_url "http://$WEB_HOST:$WEB_PORT/" 30 "web page server" "$WEB_PID"
echo "Ready: REST channel at http://localhost:$RASA_PORT/webhooks/rest/webhook (logs in var/log/)."
echo "Rasa's HTTP API is $([ ${#RASA_API_ARGS[@]} -gt 0 ] && echo "on, behind RASA_API_TOKEN" || echo "off (set RASA_API_TOKEN to turn it on)")."
echo "The tutor's web page: $PAGE_URL (its widget talks to $RASA_URL; allowed origins: ${origins[*]}). Ctrl-C stops."
wait -n "$RASA_PID" "$ACTIONS_PID" "$WEB_PID"
