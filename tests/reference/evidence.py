#!/usr/bin/env python3
"""Independent reference for the evidence table (issue 17).

Recomputes a handful of evidence rows on the bundled IWM (small) and SPY
(large) samples with the method docs/rules.md documents, written from that
description and nothing else of the engine:

- calendar: the union of the two files' dates; a series without a close on
  a date has none there (never filled);
- rules: ``trend_small_200d`` (IWM close above its 200-observation SMA, on
  IWM's own observations) and ``leadership_3m`` (IWM minus SPY
  63-observation return, each on its own observations, at least +2 points);
  a session is firing / quiet when the value exists, no data otherwise;
- entries: firing after at least 21 known-quiet sessions;
- outcome: small minus large forward simple return over h sessions of the
  union calendar (5, 21, 63);
- episodes: entries with a complete window, thinned greedily so kept
  entries are at least h apart; base: every quiet session with a complete
  window (mean and sd over all of them), its size for the test counting
  only its greedy non-overlapping windows;
- Welch's t with Welch-Satterthwaite df, two-sided p from Student's t, the
  90 % interval of the episodes' mean (mean +/- t_0.95(df) * se);
- Benjamini-Hochberg q values over the rows of this file.

Writes tests/fixtures/reference/evidence_reference.json; the native test
tests/evidence_reference.rs compares the page's path with it to 1e-9.
Run from the repository root: ``python3 tests/reference/evidence.py``
(needs numpy and scipy; not part of the build).
"""

import csv
import json
import math
import os

import numpy as np
from scipy import stats as sps

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
GAP = 21
HORIZONS = (5, 21, 63)
CONFIDENCE = 0.90
MIN_EPISODES = 10


def read_closes(name):
    with open(os.path.join(ROOT, "public", "data", name), newline="") as f:
        rows = list(csv.DictReader(f))
    return {r["Date"]: float(r["Close"]) for r in rows if r.get("Close") not in (None, "")}


def on_observations(column, fn):
    """Applies fn to the column's present values and puts them back."""
    where = [i for i, v in enumerate(column) if v is not None]
    values = fn([column[i] for i in where])
    out = [None] * len(column)
    for i, v in zip(where, values):
        out[i] = v
    return out


def sma_distance(closes, period=200):
    out = []
    for i in range(len(closes)):
        if i + 1 < period:
            out.append(None)
        else:
            m = sum(closes[i + 1 - period : i + 1]) / period
            out.append(closes[i] / m - 1.0 if m > 0 else None)
    return out


def ret(closes, window=63):
    return [None if i < window else closes[i] / closes[i - window] - 1.0 for i in range(len(closes))]


def states_from(values, holds):
    return [None if v is None else bool(holds(v)) for v in values]


def entries_of(states, gap=GAP):
    out, quiet = [], 0
    for t, s in enumerate(states):
        if s is True and quiet >= gap:
            out.append(t)
        quiet = quiet + 1 if s is False else 0
    return out


def forward(column, h):
    out = []
    for t in range(len(column)):
        a = column[t]
        b = column[t + h] if t + h < len(column) else None
        out.append(None if a is None or b is None or a == 0 else b / a - 1.0)
    return out


def thin(ts, h):
    kept = []
    for t in ts:
        if not kept or t >= kept[-1] + h:
            kept.append(t)
    return kept


def row(states, small, large, h, name):
    fs, fl = forward(small, h), forward(large, h)
    col = [None if a is None or b is None else a - b for a, b in zip(fs, fl)]
    entries = entries_of(states)
    complete = [t for t in entries if col[t] is not None]
    kept = thin(complete, h)
    sample = np.array([col[t] for t in kept])
    quiet = [t for t, s in enumerate(states) if s is False and col[t] is not None]
    base = np.array([col[t] for t in quiet])
    m = len(thin(quiet, h))
    n = len(kept)
    out = {
        "rule": name,
        "horizon": h,
        "episodes": len(entries),
        "excluded": len(entries) - len(complete),
        "overlapping": len(complete) - n,
        "n": n,
        "entries": kept,
        "mean": float(sample.mean()),
        "sd": float(sample.std(ddof=1)),
        "base_n": len(quiet),
        "base_mean": float(base.mean()),
        "base_sd": float(base.std(ddof=1)),
        "base_independent": m,
    }
    if n >= MIN_EPISODES:
        va, vb = out["sd"] ** 2 / n, out["base_sd"] ** 2 / m
        se = math.sqrt(va + vb)
        df = (va + vb) ** 2 / (va**2 / (n - 1) + vb**2 / (m - 1))
        t = (out["mean"] - out["base_mean"]) / se
        half = sps.t.ppf(1 - (1 - CONFIDENCE) / 2, df) * se
        out.update(
            difference=out["mean"] - out["base_mean"],
            se=se,
            df=df,
            t=t,
            p=float(2 * sps.t.sf(abs(t), df)),
            ci_low=out["mean"] - half,
            ci_high=out["mean"] + half,
        )
    return out


def bh(ps):
    """Benjamini-Hochberg adjusted p values (step-up, monotone, capped at 1)."""
    idx = [i for i, p in enumerate(ps) if p is not None]
    order = sorted(idx, key=lambda i: ps[i])
    q = [None] * len(ps)
    running = 1.0
    k = len(order)
    for rank in range(k, 0, -1):
        i = order[rank - 1]
        running = min(running, ps[i] * k / rank)
        q[i] = running
    return q


def main():
    iwm, spy = read_closes("IWM.csv"), read_closes("SPY.csv")
    dates = sorted(set(iwm) | set(spy))
    small = [iwm.get(d) for d in dates]
    large = [spy.get(d) for d in dates]
    trend = states_from(on_observations(small, sma_distance), lambda v: v > 0.0)
    spread_3m = [
        None if a is None or b is None else a - b
        for a, b in zip(on_observations(small, ret), on_observations(large, ret))
    ]
    leadership = states_from(spread_3m, lambda v: v >= 2.0 / 100.0)
    rows = [
        row(states, small, large, h, name)
        for name, states in (("trend_small_200d", trend), ("leadership_3m", leadership))
        for h in HORIZONS
    ]
    for r, q in zip(rows, bh([r.get("p") for r in rows])):
        if q is not None:
            r["q"] = q
    out = {
        "about": "tests/reference/evidence.py on public/data/IWM.csv (small) and SPY.csv (large), "
        "outcome spread, gap 21, 90 % interval, BH over these rows; numpy "
        + np.__version__
        + ", scipy "
        + __import__("scipy").__version__,
        "sessions": len(dates),
        "first": dates[0],
        "last": dates[-1],
        "rows": rows,
    }
    path = os.path.join(ROOT, "tests", "fixtures", "reference", "evidence_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    for r in rows:
        print(
            f"{r['rule']:18} h={r['horizon']:2} n={r['n']:3} mean={r['mean']:+.5f} "
            f"base={r['base_mean']:+.5f} p={r.get('p', float('nan')):.4f} q={r.get('q', float('nan')):.4f}"
        )


if __name__ == "__main__":
    main()
