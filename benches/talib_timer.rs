//! Times one indicator per invocation, for `benches/talib_compare.py`, which
//! alternates it with TA-Lib's timing of the same call (A B A B …), so a
//! slow minute on the shared machine lands on both sides.
//!
//! Usage: `talib_timer <name> [calls]` with `<name>` one of `sma_20`,
//! `ema_20`, `rsi_14`, `macd_12_26_9`, `bbands_20_2`, `atr_14` (the dense
//! batch path, `over_dense`), or the same with an `option/` prefix (the
//! `Option` path, `over`); `calls` defaults to 15. Prints one line:
//! `<median seconds per call> <min seconds> <last high> <last low> <last close>
//! <last other>` (the last inputs as `{:e}` round-trip text, so the driver
//! can check it timed the same input). Built with
//! `cargo bench --bench talib_timer --no-run`; `harness = false`.

use std::hint::black_box;
use std::process::ExitCode;
use std::time::Instant;

use regime_radar::engine::indicators::{
    Atr, BollingerBands, BollingerParams, Ema, Macd, MacdParams, Sma, WilderRsi,
};

mod common;

use common::input;

/// Warm-up calls before timing (allocator, caches, page faults).
const WARM_UP: usize = 3;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` passes `--bench`; ignore flags.
    let mut words = args.iter().filter(|a| !a.starts_with("--"));
    let Some(name) = words.next() else {
        eprintln!("usage: talib_timer <name> [calls]");
        return ExitCode::from(2);
    };
    let calls: usize = match words.next().map(|c| c.parse()) {
        None => 15,
        Some(Ok(c)) if c > 0 => c,
        Some(_) => {
            eprintln!("calls must be a positive integer");
            return ExitCode::from(2);
        }
    };
    let data = input();
    let (h, l, x) = (&data.high, &data.low, &data.close);
    let (Ok(sma), Ok(ema), Ok(rsi), Ok(macd), Ok(bb), Ok(atr)) = (
        Sma::new(20),
        Ema::new(20),
        WilderRsi::new(14),
        Macd::new(MacdParams::default()),
        BollingerBands::new(BollingerParams::default()),
        Atr::new(14),
    ) else {
        return ExitCode::FAILURE;
    };
    // One call of the named indicator; its output is dropped inside the
    // timed region, as TA-Lib's is in the driver's `timeit`.
    let call: Box<dyn Fn()> = match name.as_str() {
        "sma_20" => Box::new(|| drop(black_box(sma.over_dense(black_box(x))))),
        "ema_20" => Box::new(|| drop(black_box(ema.over_dense(black_box(x))))),
        "rsi_14" => Box::new(|| drop(black_box(rsi.over_dense(black_box(x))))),
        "macd_12_26_9" => Box::new(|| drop(black_box(macd.over_dense(black_box(x))))),
        "bbands_20_2" => Box::new(|| drop(black_box(bb.over_dense(black_box(x))))),
        "atr_14" => Box::new(|| drop(black_box(atr.over_dense(black_box(h), l, x)))),
        "option/sma_20" => Box::new(|| drop(black_box(sma.over(black_box(x))))),
        "option/ema_20" => Box::new(|| drop(black_box(ema.over(black_box(x))))),
        "option/rsi_14" => Box::new(|| drop(black_box(rsi.over(black_box(x))))),
        "option/macd_12_26_9" => Box::new(|| drop(black_box(macd.over(black_box(x))))),
        "option/bbands_20_2" => Box::new(|| drop(black_box(bb.over(black_box(x))))),
        "option/atr_14" => Box::new(|| drop(black_box(atr.over(black_box(h), l, x)))),
        other => {
            eprintln!("unknown indicator {other}");
            return ExitCode::from(2);
        }
    };
    for _ in 0..WARM_UP {
        call();
    }
    let mut seconds: Vec<f64> = (0..calls)
        .map(|_| {
            let start = Instant::now();
            call();
            start.elapsed().as_secs_f64()
        })
        .collect();
    seconds.sort_by(f64::total_cmp);
    let last = |v: &[f64]| v.last().copied().unwrap_or(f64::NAN);
    println!(
        "{:e} {:e} {:e} {:e} {:e} {:e}",
        seconds[seconds.len() / 2],
        seconds[0],
        last(&data.high),
        last(&data.low),
        last(&data.close),
        last(&data.other),
    );
    ExitCode::SUCCESS
}
