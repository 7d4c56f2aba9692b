//! The pure engine: ingest → align → indicators → metrics → signals →
//! regime → evidence / targets → read.
//!
//! Invariant: nothing under `engine/` imports a web crate (leptos, web-sys,
//! gloo, plotters-canvas, wasm-bindgen) or does I/O; it takes bytes and
//! returns values, so it is tested natively and cannot crash the page on bad
//! input (errors are values). `tests/purity.rs` enforces the import rule.

pub mod align;
pub mod calendar;
pub mod claims;
pub mod column;
pub mod dashboard;
pub mod evidence;
pub mod export;
pub mod flat;
pub mod formula;
pub mod freshness;
pub mod indicators;
pub mod ingest;
pub mod macro_columns;
pub mod macro_style;
pub mod macro_watch;
pub mod metrics;
pub mod radar;
pub mod range;
pub mod read;
pub mod regime;
pub mod resample;
pub mod rule_id;
pub mod samples;
pub mod series;
pub mod settings;
pub mod signals;
pub mod sources;
pub mod studies;
pub mod targets;
pub mod units;
pub mod update;
