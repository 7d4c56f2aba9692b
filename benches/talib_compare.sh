#!/bin/sh
# Criterion benches of the six TA-Lib indicators, then TA-Lib timed on the
# same input in a throwaway venv, then the ratio table.
# Usage: benches/talib_compare.sh   (from the repository root)
set -eu
VENV="${TALIB_VENV:-/tmp/regime-radar-talib-venv}"
TARGET="${CARGO_TARGET_DIR:-target}"
if [ ! -x "$VENV/bin/python" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet TA-Lib numpy
fi
cargo bench --bench indicators -- '^(sma_20|ema_20|rsi_14|macd_12_26_9|bbands_20_2|atr_14)$'
"$VENV/bin/python" benches/talib_compare.py "$TARGET/criterion"
