//! JSON the page reads, parsed by the browser's own `JSON.parse`: the
//! bundled `manifest.json` is the only JSON the page reads, and a JSON
//! crate would add ~10 KB gzip to the .wasm for it (the refresh tool and
//! the native tests parse the same file with serde_json,
//! `engine::freshness::Manifest::parse`; `tests/browser.rs` checks the two
//! agree on the bundled file).

use std::collections::BTreeMap;

use wasm_bindgen::JsCast;

use super::dom::{js_field as field, js_text as text};
use crate::engine::freshness::{Manifest, ManifestEntry};

/// The manifest's bytes as [`Manifest`]; `None` when they are not JSON of
/// its shape. Unknown fields are ignored and every field but the series map
/// is optional, as in the serde version.
pub fn parse_manifest(bytes: &[u8]) -> Option<Manifest> {
    let root = js_sys::JSON::parse(std::str::from_utf8(bytes).ok()?).ok()?;
    let series = field(&root, "series")?;
    let object = series.dyn_ref::<js_sys::Object>()?;
    let mut entries = BTreeMap::new();
    for key in js_sys::Object::keys(object).iter() {
        let (Some(id), Some(entry)) = (key.as_string(), field(&series, &key.as_string()?)) else {
            continue;
        };
        entries.insert(
            id,
            ManifestEntry {
                file: text(&entry, "file"),
                source: text(&entry, "source"),
                url: text(&entry, "url"),
                fetched: text(&entry, "fetched"),
                first: text(&entry, "first"),
                last: text(&entry, "last"),
                rows: field(&entry, "rows")
                    .and_then(|v| v.as_f64())
                    .filter(|r| r.is_finite() && *r >= 0.0)
                    .map(|r| r as u64),
                sha256: text(&entry, "sha256"),
            },
        );
    }
    Some(Manifest {
        generated: text(&root, "generated"),
        series: entries,
    })
}
