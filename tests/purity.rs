//! Guards the architecture's first invariant: the engine and the share
//! link (`src/engine/`, `src/link/`) are pure Rust with no web crates and no
//! I/O, so they build and test natively and cannot touch the DOM, the
//! network or the disk.
#![cfg(not(target_arch = "wasm32"))]

use std::path::{Path, PathBuf};

const FORBIDDEN: &[&str] = &[
    "leptos",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo",
    "plotters_backend",
    "plotters",
    "crate::ui",
    "crate::chart",
];

/// I/O a pure module must not do: the file system, the network, processes
/// and the environment. (Reading bytes already in memory through
/// `std::io::Cursor` is not I/O.)
const FORBIDDEN_IO: &[&str] = &["std::fs", "std::net", "std::process", "std::env"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every line of the pure trees that names a forbidden crate or I/O module.
fn offences_in(tree: &str, min_files: usize) -> Vec<String> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src").join(tree);
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    assert!(
        files.len() >= min_files,
        "{tree} sources not found under {}",
        dir.display()
    );
    let mut offences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let web = FORBIDDEN.iter().any(|crate_name| {
                code.contains(&format!("{crate_name}::"))
                    || code.contains(&format!("use {crate_name}"))
                    || code.contains(&format!("extern crate {crate_name}"))
            });
            let io = FORBIDDEN_IO.iter().any(|module| code.contains(module));
            if web || io {
                offences.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    offences
}

#[test]
fn engine_imports_no_web_or_drawing_crate() {
    let offences = offences_in("engine", 5);
    assert!(
        offences.is_empty(),
        "engine must stay pure:\n{}",
        offences.join("\n")
    );
}

#[test]
fn link_imports_no_web_or_drawing_crate_and_does_no_io() {
    let offences = offences_in("link", 5);
    assert!(
        offences.is_empty(),
        "the share link (src/link/) must stay pure:\n{}",
        offences.join("\n")
    );
}

#[test]
fn web_crates_are_only_dependencies_of_the_wasm_build() {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .unwrap_or_default();
    let (common, _) = manifest
        .split_once("[target.'cfg(target_arch = \"wasm32\")'.dependencies]")
        .unwrap_or((manifest.as_str(), ""));
    let common_deps = common.split("[dependencies]").nth(1).unwrap_or("");
    for web in [
        "leptos",
        "web-sys",
        "gloo-net",
        "plotters-canvas",
        "wasm-bindgen",
    ] {
        assert!(
            !common_deps.lines().any(|l| l.trim_start().starts_with(web)),
            "{web} must be a wasm32-only dependency"
        );
    }
}
