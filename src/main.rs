//! Entry point: mounts the app in the browser. Everything lives in the library.

#[cfg(target_arch = "wasm32")]
fn main() {
    regime_radar::ui::start();
}

/// Native builds exist so `cargo test` and `cargo clippy` cover the library;
/// the app itself only runs in the browser.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("regime-radar is a browser app: run `trunk serve` (see README.md)");
}
