//! The browser UI: Leptos components over the engine's results.
//!
//! Invariant: the UI formats and draws; it never computes indicators or
//! returns itself (those come from `crate::engine`), and it never lets a
//! failed load touch the series already loaded.

mod app;
mod background;
pub mod canvas;
mod components;
mod dom;
mod first_draw;
mod formulas;
pub mod json;
mod loader;
mod share;
mod state;
mod updater;
mod worker;

use leptos::prelude::*;

/// Installs the panic banner and mounts the app on `<body>`; in the
/// engine's worker (the same `.wasm`, no `window`), serves parse jobs
/// instead.
pub fn start() {
    if worker::is_worker() {
        worker::serve();
        return;
    }
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        dom::show_panic_banner(&info.to_string());
    }));
    dom::install_debug_panic_hook();
    mount_to_body(app::App);
}
