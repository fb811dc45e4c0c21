#!/usr/bin/env bash
# Print the path of a working Python 3.10 interpreter, or explain what to install and fail.
# Order: $PYTHON, python3.10 on PATH, pyenv's versions, common install prefixes, uv-managed ones.
# A candidate counts only if it actually runs and reports 3.10 (pyenv shims exist but fail
# unless that version is selected).
set -u
is_310() { [ -n "$1" ] && "$1" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 10))' >/dev/null 2>&1; }

candidates=()
[ -n "${PYTHON:-}" ] && candidates+=("$PYTHON")
command -v python3.10 >/dev/null 2>&1 && candidates+=("$(command -v python3.10)")
if command -v pyenv >/dev/null 2>&1; then
  root=$(pyenv root 2>/dev/null)
  for dir in "$root"/versions/3.10*; do candidates+=("$dir/bin/python3.10"); done
fi
for dir in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.10*; do candidates+=("$dir/bin/python3.10"); done
candidates+=(/usr/bin/python3.10 /usr/local/bin/python3.10 /opt/homebrew/bin/python3.10)
for dir in "$HOME"/.local/share/uv/python/cpython-3.10*; do candidates+=("$dir/bin/python3.10"); done

for candidate in "${candidates[@]}"; do
  if is_310 "$candidate"; then echo "$candidate"; exit 0; fi
done

cat >&2 <<'MSG'
error: Python 3.10 not found. Rasa 3.6 runs only on Python 3.10 (not 3.11 or later).
Install it with one of:
  pyenv install 3.10          (then run make again)
  uv python install 3.10
  apt-get install python3.10 python3.10-venv
or point to one: make PYTHON=/path/to/python3.10 ...
MSG
exit 1
