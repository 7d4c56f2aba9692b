#!/usr/bin/env python3
"""Time TA-Lib on the same 1,000,000 bars as `benches/indicators.rs` and print
the ratio ours / TA-Lib per indicator from criterion's estimates.

Usage (see benches/talib_compare.sh for the whole sequence):
    python benches/talib_compare.py [CRITERION_DIR]
CRITERION_DIR defaults to $CARGO_TARGET_DIR/criterion, else target/criterion.
Needs `TA-Lib` and `numpy` (PyPI wheels) in the running interpreter.
"""
import json
import os
import sys
import timeit

import numpy as np
import talib

BARS = 1_000_000
MASK = (1 << 64) - 1


def shared_input():
    """Bit-for-bit the generator of benches/indicators.rs (xorshift64)."""
    state = 0x2545F4914F6CDD1D

    def uniform():
        nonlocal state
        state ^= (state << 13) & MASK
        state ^= state >> 7
        state ^= (state << 17) & MASK
        return (state >> 11) / 9007199254740992.0

    high, low, close = (np.empty(BARS) for _ in range(3))
    c, o = 100.0, 100.0
    for i in range(BARS):
        c *= 1.0 + 0.02 * (uniform() - 0.5)
        up, down = uniform(), uniform()
        high[i] = c * (1.0 + 0.01 * up)
        low[i] = c * (1.0 - 0.01 * down)
        close[i] = c
        o *= 1.0 + 0.015 * (uniform() - 0.5)  # second series, unused here
    return high, low, close


def main():
    default_dir = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "criterion")
    criterion_dir = sys.argv[1] if len(sys.argv) > 1 else default_dir
    high, low, close = shared_input()
    calls = {
        "sma_20": ("SMA", lambda: talib.SMA(close, timeperiod=20)),
        "ema_20": ("EMA", lambda: talib.EMA(close, timeperiod=20)),
        "rsi_14": ("RSI", lambda: talib.RSI(close, timeperiod=14)),
        "macd_12_26_9": ("MACD", lambda: talib.MACD(close, 12, 26, 9)),
        "bbands_20_2": ("BBANDS", lambda: talib.BBANDS(close, 20, 2.0, 2.0, 0)),
        "atr_14": ("ATR", lambda: talib.ATR(high, low, close, timeperiod=14)),
    }
    print(f"TA-Lib {talib.__version__} (C library {talib.__ta_version__.decode()}), "
          f"numpy {np.__version__}, {BARS:,} bars; criterion dir {criterion_dir}")
    print("| indicator | ours (criterion median) | TA-Lib (median of 15 runs) | ratio ours/TA-Lib |")
    print("|---|---:|---:|---:|")
    for name, (label, call) in calls.items():
        call()  # warm up (allocator, caches)
        runs = sorted(timeit.repeat(call, number=1, repeat=15))
        talib_s = runs[len(runs) // 2]
        path = os.path.join(criterion_dir, name, "new", "estimates.json")
        try:
            with open(path) as f:
                ours_s = json.load(f)["median"]["point_estimate"] / 1e9
            ratio = f"{ours_s / talib_s:.2f}"
            ours = f"{ours_s * 1e3:.2f} ms"
        except (OSError, KeyError, ValueError):
            ours, ratio = "(no criterion result)", "n/a"
        print(f"| {label} | {ours} | {talib_s * 1e3:.2f} ms | {ratio} |")


if __name__ == "__main__":
    main()
