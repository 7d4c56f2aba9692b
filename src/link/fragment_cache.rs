//! The last `#d=` fragment written, kept for as long as the data it encodes
//! is the same: a link is rewritten on every change of the view (a zoom,
//! a setting, the theme), and deflating every local series at level 9
//! each time cost as much as the change itself. The data is the same
//! exactly when the same series (name, source name) hold the same bytes
//! — the same `Arc`, which the page never mutates — so that is the key,
//! and no version counter elsewhere can fall out of step with it.

use std::sync::Arc;

use super::fragment::{encode_fragment, FragmentError, SharedSeries};

/// [`encode_fragment`] with a memory of one: the last series encoded and
/// what came out (the fragment or the error, both reused).
#[derive(Debug, Default)]
pub struct FragmentCache {
    /// The series last encoded (their `Arc`s, so their bytes can neither
    /// change nor be freed and their address reused while kept here), and
    /// the result.
    last: Option<(Vec<SharedSeries>, Result<String, FragmentError>)>,
    /// How many times the data was actually encoded (for tests and timing).
    encodes: u64,
}

impl FragmentCache {
    /// A cache that has encoded nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// What [`encode_fragment`] returns for `series`, encoded again only if
    /// the series differ from the last call's: another count or order,
    /// another name or source name, or other bytes (another `Arc`; equal
    /// bytes in a new `Arc` are encoded again, which is correct, only
    /// slower).
    pub fn encode(&mut self, series: &[SharedSeries]) -> Result<String, FragmentError> {
        if let Some((kept, result)) = &self.last {
            if same_data(kept, series) {
                return result.clone();
            }
        }
        let result = encode_fragment(series);
        self.encodes += 1;
        self.last = Some((series.to_vec(), result.clone()));
        result
    }

    /// How many times [`FragmentCache::encode`] really encoded.
    pub fn encodes(&self) -> u64 {
        self.encodes
    }
}

fn same_data(a: &[SharedSeries], b: &[SharedSeries]) -> bool {
    a.len() == b.len()
        && a.iter().zip(b).all(|(a, b)| {
            a.name == b.name && a.source_name == b.source_name && Arc::ptr_eq(&a.bytes, &b.bytes)
        })
}
