//! `cargo run --bin first-paint`: writes the default view's badge and read
//! into `index.html` (between the first-paint markers), computed from
//! `public/data` as the page computes it (`regime_radar::first_paint`).
//! Run it after the bundled data changes; `tests/first_paint.rs` fails
//! until it has been. The host's refresh workflow runs it after a refresh.
//!
//! Usage: `cargo run --bin first-paint [-- --check]` from the repository
//! root (`--check`: exit 1 when index.html is not current, write nothing).

#[cfg(not(target_arch = "wasm32"))]
fn main() -> std::process::ExitCode {
    use regime_radar::first_paint::{default_view, render, splice};
    use std::process::ExitCode;

    let check = std::env::args().any(|a| a == "--check");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let index_path = root.join("index.html");
    let result = default_view(&root.join("public/data")).and_then(|view| {
        let index = std::fs::read_to_string(&index_path).map_err(|e| e.to_string())?;
        let written = splice(&index, &render(&view))?;
        Ok((index, written))
    });
    match result {
        Ok((index, written)) if index == written => {
            println!("index.html: the first paint is current");
            ExitCode::SUCCESS
        }
        Ok(_) if check => {
            eprintln!("index.html: the first paint is stale; run `cargo run --bin first-paint`");
            ExitCode::FAILURE
        }
        Ok((_, written)) => match std::fs::write(&index_path, written) {
            Ok(()) => {
                println!("index.html: first paint written");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("index.html: {e}");
                ExitCode::FAILURE
            }
        },
        Err(e) => {
            eprintln!("first paint: {e}");
            ExitCode::FAILURE
        }
    }
}

/// The page itself never runs this.
#[cfg(target_arch = "wasm32")]
fn main() {}
