//! Regime Radar: small caps vs large caps, measured in the browser.
//!
//! The crate is one library with two layers:
//! - [`engine`]: pure Rust (ingest → align → indicators → metrics), no web
//!   crates, tested natively with `cargo test`;
//! - [`chart`]: drawing functions generic over plotters' `DrawingBackend`
//!   (canvas in the page, SVG in native tests);
//! - [`link`]: the share link (query, `#d=` data fragment, bundle), pure
//!   like the engine;
//! - `ui` (wasm32 only): Leptos components that call the engine and the
//!   charts and never do maths themselves.
//!
//! See `ARCHITECTURE.md` for the map.

pub mod chart;
pub mod engine;
#[cfg(not(target_arch = "wasm32"))]
pub mod first_paint;
pub mod format;
pub mod link;

#[cfg(target_arch = "wasm32")]
pub mod ui;
