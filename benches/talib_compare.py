#!/usr/bin/env python3
"""Ours against TA-Lib on the same 1,000,000 bars, interleaved.

For each round and each of the six indicators, one invocation of the Rust
timer (`benches/talib_timer.rs`: 3 warm-up calls, then CALLS timed calls
of the dense batch path) and one TA-Lib timing of the same call here (3
warm-up calls, then CALLS timed) run back to back, the order alternating
between rounds (A B, then B A, …), so a slow minute on a shared machine
lands on both sides. Each side's figure for a round is its fastest call
(other jobs only ever add time; the median of the calls swung ±50 % on
the loaded machine); the ratio ours/TA-Lib is taken per round, and the
table prints each side's median over the rounds and the median of the
per-round ratios.

Usage (see benches/talib_compare.sh for the whole sequence):
    python benches/talib_compare.py TIMER_BINARY [--rounds R] [--calls C] [--option]
`--option` times our `Option` path (`over`) instead of the dense one.
Needs `TA-Lib` and `numpy` (PyPI wheels) in the running interpreter.
"""
import argparse
import statistics
import subprocess
import timeit

import numpy as np
import talib

BARS = 1_000_000
MASK = (1 << 64) - 1


def shared_input():
    """Bit-for-bit the generator of benches/common/mod.rs (xorshift64)."""
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
        o *= 1.0 + 0.015 * (uniform() - 0.5)  # the second series (pairs)
    return high, low, close, o


def ours(binary, name, calls, last_inputs):
    """One invocation of the Rust timer: its fastest call, in seconds."""
    out = subprocess.run([binary, name, str(calls)], check=True,
                         capture_output=True, text=True).stdout.split()
    seen = tuple(float(v) for v in out[2:6])
    if seen != last_inputs:
        raise SystemExit(f"input mismatch: Rust's last bar {seen}, ours {last_inputs}")
    return float(out[1])


def talib_time(call, calls):
    """TA-Lib: 3 warm-up calls, then the fastest of `calls` timed calls."""
    for _ in range(3):
        call()
    return min(timeit.repeat(call, number=1, repeat=calls))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary", help="the talib_timer bench executable")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--calls", type=int, default=15)
    parser.add_argument("--option", action="store_true",
                        help="time our Option path (over) instead of the dense one")
    args = parser.parse_args()
    high, low, close, other = shared_input()
    last_inputs = (high[-1], low[-1], close[-1], other)
    calls = {
        "sma_20": ("SMA(20)", lambda: talib.SMA(close, timeperiod=20)),
        "ema_20": ("EMA(20)", lambda: talib.EMA(close, timeperiod=20)),
        "rsi_14": ("RSI(14)", lambda: talib.RSI(close, timeperiod=14)),
        "macd_12_26_9": ("MACD(12,26,9)", lambda: talib.MACD(close, 12, 26, 9)),
        "bbands_20_2": ("BBANDS(20,2)", lambda: talib.BBANDS(close, 20, 2.0, 2.0, 0)),
        "atr_14": ("ATR(14)", lambda: talib.ATR(high, low, close, timeperiod=14)),
    }
    prefix = "option/" if args.option else ""
    path = "Option path (over)" if args.option else "dense path (over_dense)"
    print(f"TA-Lib {talib.__version__} (C library {talib.__ta_version__.decode()}), "
          f"numpy {np.__version__}, {BARS:,} bars; ours: {path}; "
          f"{args.rounds} interleaved rounds, fastest of {args.calls} calls per side and round")
    results = {name: ([], [], []) for name in calls}
    for r in range(args.rounds):
        for name, (_, call) in calls.items():
            mine, theirs, ratios = results[name]
            if r % 2 == 0:
                a = ours(args.binary, prefix + name, args.calls, last_inputs)
                b = talib_time(call, args.calls)
            else:
                b = talib_time(call, args.calls)
                a = ours(args.binary, prefix + name, args.calls, last_inputs)
            mine.append(a)
            theirs.append(b)
            ratios.append(a / b)
    print("| indicator | ours (median) | TA-Lib (median) | ratio ours/TA-Lib (median of rounds) | min–max of rounds |")
    print("|---|---:|---:|---:|---|")
    for name, (label, _) in calls.items():
        mine, theirs, ratios = results[name]
        print(f"| {label} | {statistics.median(mine) * 1e3:.2f} ms "
              f"| {statistics.median(theirs) * 1e3:.2f} ms "
              f"| {statistics.median(ratios):.2f} "
              f"| {min(ratios):.2f}–{max(ratios):.2f} |")


if __name__ == "__main__":
    main()
