//! Guards the architecture's first invariant: the engine is pure Rust with
//! no web crates, so it builds and tests natively and cannot touch the DOM.
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

#[test]
fn engine_imports_no_web_or_drawing_crate() {
    let engine = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("src")
        .join("engine");
    let mut files = Vec::new();
    rust_files(&engine, &mut files);
    assert!(
        files.len() >= 5,
        "engine sources not found under {}",
        engine.display()
    );
    let mut offences = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for crate_name in FORBIDDEN {
                let used = code.contains(&format!("{crate_name}::"))
                    || code.contains(&format!("use {crate_name}"))
                    || code.contains(&format!("extern crate {crate_name}"));
                if used {
                    offences.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        offences.is_empty(),
        "engine must stay pure:\n{}",
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
