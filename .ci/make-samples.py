#!/usr/bin/env python3
"""Rebuilds public/data/ from ../shared/data (maintainers only; CI never runs it).

Why each file looks the way it does (see README, "Bundled samples"):
- IWM.csv is the source file byte for byte: TA-Lib's golden values (tests)
  depend on its first row and on every digit of every close.
- SPY and QQQ keep Date,Close from 2000 on, rounded to 4 decimals, and the
  index levels (^RUT, ^GSPC, ^NDX) Date,Close rounded to 2 decimals (the
  published precision): this keeps the whole set under ~600 KB gzipped.
- Intraday last rows named in MANIFEST.md are dropped.
- Macro files are copied whole (or from 1999, so 2000's first session
  already has a released value), in their original FRED dialects.
"""
import csv
import shutil
import sys
from pathlib import Path

SRC = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data")
OUT = Path(sys.argv[2] if len(sys.argv) > 2 else "public/data")


def close_only(src, dst, decimals, start="2000-01-01", drop_last=False):
    with open(SRC / src, newline="") as f:
        rows = list(csv.reader(f))
    header, body = rows[0], rows[1:]
    date_col = 0
    close_col = next(i for i, h in enumerate(header) if h.strip().lower() == "close")
    body = [r for r in body if r[date_col] >= start]
    if drop_last:
        body = body[:-1]
    with open(OUT / dst, "w", newline="") as f:
        f.write(f"{header[date_col]},Close\n")
        for r in body:
            v = r[close_col].strip()
            value = f"{float(v):.{decimals}f}" if v not in ("", "null") else ""
            f.write(f"{r[date_col]},{value}\n")


def trim(src, dst, start):
    with open(SRC / src, newline="") as f:
        lines = f.readlines()
    with open(OUT / dst, "w", newline="") as f:
        f.write(lines[0])
        f.writelines(l for l in lines[1:] if l[:10] >= start)


OUT.mkdir(parents=True, exist_ok=True)
shutil.copyfile(SRC / "prices/IWM_daily.csv", OUT / "IWM.csv")
close_only("prices/SPY_daily.csv", "SPY.csv", 4)
close_only("prices/QQQ_daily.csv", "QQQ.csv", 4)
close_only("prices/RUT_index_daily_1987-2026.csv", "RUT.csv", 2, drop_last=True)
close_only("prices/GSPC_index_daily_1927-2026.csv", "GSPC.csv", 2, drop_last=True)
close_only("prices/NDX_index_daily_1985-2026.csv", "NDX.csv", 2, drop_last=True)
J = "macro/jonsflow_vintage_2026-06"
trim(f"{J}/ICSA.csv", "ICSA.csv", "1999-01-01")
trim(f"{J}/DGS10.csv", "DGS10.csv", "1999-01-01")
for name in ("EFFR", "FEDFUNDS", "RSAFS"):
    shutil.copyfile(SRC / f"{J}/{name}.csv", OUT / f"{name}.csv")
shutil.copyfile(SRC / "macro/GDPNOW_vintage_2026-04.csv", OUT / "GDPNOW.csv")
for name in ("PCE", "UNRATE", "USREC"):
    shutil.copyfile(SRC / f"macro/{name}.csv", OUT / f"{name}.csv")
