//! Embeds the bundled data's `public/data/manifest.json` (written by the
//! refresh tool: where each sample came from and when it was fetched) into
//! the build, so the page knows it without fetching a file that may not
//! exist (a 404 would be a console error on every first visit). Absent, it
//! embeds nothing and the page shows no origin; it never fails the build.

use std::path::PathBuf;

fn main() {
    // Rerun when anything under public/data changes (the manifest appears,
    // changes or goes away).
    println!("cargo:rerun-if-changed=public/data");
    println!("cargo:rerun-if-changed=build.rs");
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let manifest = std::fs::read(root.join("public/data/manifest.json")).unwrap_or_default();
    let Some(out) = std::env::var_os("OUT_DIR") else {
        panic!("cargo sets OUT_DIR for build scripts");
    };
    if let Err(e) = std::fs::write(PathBuf::from(out).join("manifest.json"), manifest) {
        panic!("could not write the embedded manifest: {e}");
    }
}
