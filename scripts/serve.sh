#!/usr/bin/env bash
# Run the tutor for other clients, in the foreground: the action server, the Rasa server (REST and
# socket.io channels) and the web page with the chat widget. Ctrl-C or SIGTERM stops all three.
# Everything listens on 127.0.0.1 unless EXPOSE=1 (then the page and Rasa listen on all interfaces;
# the action server never does, and the REST channel needs ABM_REST_TOKEN or is off).
# Settings: EXPOSE, RASA_PORT, ACTIONS_PORT, WEB_PORT; RASA_URL, the Rasa address the page's widget
# connects to; WEB_ORIGINS, the page origins Rasa accepts (CORS, space-separated); RASA_API_TOKEN,
# which turns Rasa's HTTP API on behind that token (off when unset); ABM_REST_TOKEN.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
RASA_PORT=${RASA_PORT:-5005} WEB_PORT=${WEB_PORT:-8000}
export RASA_URL=${RASA_URL:-http://localhost:$RASA_PORT}
read -ra origins <<<"${WEB_ORIGINS:-http://localhost:$WEB_PORT http://127.0.0.1:$WEB_PORT}"
rasa_api_args
start_action_server var/log/actions.log
$RASA run --model models/abm-tutor.tar.gz --endpoints endpoints.yml --credentials credentials.yml \
  --interface "$LISTEN_HOST" --port "$RASA_PORT" --cors "${origins[@]}" "${RASA_API_ARGS[@]}" >var/log/rasa.log 2>&1 &
RASA_PID=$!
start_web_server var/log/web.log
stop() { trap - INT TERM EXIT; kill "$RASA_PID" "$ACTIONS_PID" "$WEB_PID" 2>/dev/null; wait 2>/dev/null; echo "Stopped."; }
trap stop INT TERM EXIT
wait_for_url "http://127.0.0.1:$ACTIONS_PORT/health" 120 "action server" "$ACTIONS_PID"
wait_for_url "http://127.0.0.1:$RASA_PORT/" 300 "Rasa server" "$RASA_PID"
wait_for_url "http://127.0.0.1:$WEB_PORT/" 30 "web page server" "$WEB_PID"
if [ "$ABM_EXPOSED" = 1 ]; then
  echo "EXPOSE=1: the page (:$WEB_PORT) and Rasa (:$RASA_PORT) listen on all interfaces; put them behind a TLS reverse proxy."
  echo "REST channel: $([ -n "${ABM_REST_TOKEN:-}" ] && echo "on, behind ABM_REST_TOKEN" || echo "off (set ABM_REST_TOKEN to turn it on)")."
else
  echo "Listening on 127.0.0.1 only (EXPOSE=1 opens the page and Rasa to other machines)."
  echo "REST channel at http://127.0.0.1:$RASA_PORT/webhooks/rest/webhook."
fi
echo "Rasa's HTTP API is $([ ${#RASA_API_ARGS[@]} -gt 0 ] && echo "on, behind RASA_API_TOKEN" || echo "off (set RASA_API_TOKEN to turn it on)"). Logs in var/log/."
echo "The tutor's web page: http://localhost:$WEB_PORT/ (its widget talks to $RASA_URL; allowed origins: ${origins[*]}). Ctrl-C stops."
wait -n "$RASA_PID" "$ACTIONS_PID" "$WEB_PID"
