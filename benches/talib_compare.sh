#!/bin/sh
# Ours against TA-Lib 0.8.2, interleaved: builds the timer bench
# (benches/talib_timer.rs), installs TA-Lib and numpy from PyPI into a
# throwaway venv (the only network use), then benches/talib_compare.py
# alternates one timing of ours and one of TA-Lib per indicator and round
# and prints the median ratio per indicator.
# Usage: sh benches/talib_compare.sh [--rounds R] [--calls C] [--option]
#        (from the repository root)
set -eu
VENV="${TALIB_VENV:-/tmp/regime-radar-talib-venv}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet TA-Lib numpy
fi
TIMER=$(cargo bench --bench talib_timer --no-run --message-format=json 2>/dev/null |
  python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "talib_timer" and m.get("executable"):
        print(m["executable"])')
if [ -z "$TIMER" ]; then
  echo "talib_compare.sh: could not build benches/talib_timer.rs" >&2
  cargo bench --bench talib_timer --no-run
  exit 1
fi
"$VENV/bin/python" benches/talib_compare.py "$TIMER" "$@"
