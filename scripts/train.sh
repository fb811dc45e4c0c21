#!/usr/bin/env bash
# Train the Rasa model, or copy it from the cache when the same inputs were trained before.
# Usage: scripts/train.sh OUTPUT.tar.gz INPUT_FILE...
set -euo pipefail
output=$1; shift
cache="${CACHE_DIR:-$HOME/.cache/abm-tutor}/models"
# The key: the training inputs, and the pinned versions of what trains and loads the model (not the
# whole lock file, so adding a test tool does not retrain).
trainers='^(rasa|rasa-sdk|scikit-learn|sklearn-crfsuite|numpy|scipy|tensorflow|tensorflow-cpu)=='
key=$( { cat "$@"; grep -E "$trainers" requirements.lock; } | sha256sum | cut -c1-16)
cached="$cache/$key.tar.gz"
mkdir -p "$(dirname "$output")" "$cache"
if [ -f "$cached" ]; then
  echo "Model for these training inputs is cached ($key): reusing it."
  cp "$cached" "$output"
else
  start=$(date +%s)
  .venv/bin/rasa train --fixed-model-name "$(basename "$output" .tar.gz)" --out "$(dirname "$output")" --force --quiet
  echo "Trained in $(( $(date +%s) - start ))s."
  cp "$output" "$cached.tmp" && mv "$cached.tmp" "$cached"
fi
touch "$output"
