#!/usr/bin/env bash
# Talk to the tutor in the terminal (what `make chat` runs): the action server and Rasa's REST channel
# in the background, quiet, on 127.0.0.1 only, logging to $LOG_DIR (var/log); scripts/terminal_chat.py
# in front. Leaving it (/stop, Ctrl-C, Ctrl-D), closing the terminal, SIGTERM or a server that dies
# stops everything. Settings: RASA_PORT, ACTIONS_PORT, ABM_TRACKER_DB, ABM_PROGRESS_DB, ABM_SECRET_FILE,
# LOG_DIR, ABM_CHAT_HISTORY (the client's line history, var/chat_history).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
export TF_CPP_MIN_LOG_LEVEL=3 SQLALCHEMY_SILENCE_UBER_WARNING=1  # the logs keep errors, not library noise
export RASA_PORT=${RASA_PORT:-5005}
export ABM_EXPOSED=0  # loopback only, whatever EXPOSE says: the REST channel stays open to this machine
LOG_DIR=${LOG_DIR:-var/log}
mkdir -p "$LOG_DIR"
ACTIONS_PID="" RASA_PID="" CLIENT_PID=""

stop() {  # stop everything this script started, and wait until it has gone
  trap '' INT TERM HUP
  trap - EXIT
  kill $RASA_PID $ACTIONS_PID 2>/dev/null || true
  # The client leaves by itself at Ctrl-C or a closed terminal (it has the signal or EOF too); else tell it.
  for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 $CLIENT_PID 2>/dev/null || break; sleep 0.1; done
  kill $CLIENT_PID 2>/dev/null || true
  wait $CLIENT_PID $RASA_PID $ACTIONS_PID 2>/dev/null || true
}
show_log() {  # show_log LOGFILE: the end of a server's log, for an error
  echo "The end of $1:" >&2
  tail -n 25 "$1" >&2 || true
}
trap stop EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM

echo "Loading the tutor — about 45 seconds (logs: $LOG_DIR/). Type /stop to leave."
start_action_server "$LOG_DIR/actions.log"
$RASA run --model models/abm-tutor.tar.gz --endpoints endpoints.yml --credentials credentials.yml \
  --interface 127.0.0.1 --port "$RASA_PORT" >"$LOG_DIR/rasa.log" 2>&1 &
RASA_PID=$!
wait_for_url "http://127.0.0.1:$ACTIONS_PORT/health" 120 "action server" "$ACTIONS_PID" \
  || { show_log "$LOG_DIR/actions.log"; exit 1; }
wait_for_url "http://127.0.0.1:$RASA_PORT/" 300 "Rasa server" "$RASA_PID" || { show_log "$LOG_DIR/rasa.log"; exit 1; }

# In the background so that a signal reaches the traps at once; stdin stays the terminal.
.venv/bin/python scripts/terminal_chat.py --port "$RASA_PORT" --history "${ABM_CHAT_HISTORY:-var/chat_history}" <&0 &
CLIENT_PID=$!
status=0
wait -n "$CLIENT_PID" "$RASA_PID" "$ACTIONS_PID" || status=$?
for server in "Rasa server:$RASA_PID:rasa" "action server:$ACTIONS_PID:actions"; do
  IFS=: read -r name pid log <<<"$server"
  if ! kill -0 "$pid" 2>/dev/null; then  # it died under the learner: say so, with its log
    { kill "$CLIENT_PID" && wait "$CLIENT_PID"; } 2>/dev/null || true
    echo "error: the $name stopped." >&2
    show_log "$LOG_DIR/$log.log"
    exit 1
  fi
done
exit "$status"
