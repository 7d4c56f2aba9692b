//! Share links (issue 9): the whole view in one URL, so a link reopens the
//! same analysis — same series, as-of date, range, parameters, regime rules
//! and targets.
//!
//! Two parts, two formats:
//! - the **query** is a [`UrlState`], a type of its own (not the engine's),
//!   turned into short, human-readable `key=value` pairs
//!   (`v=1&s=IWM,SPY&rsi=10`) by [`UrlState::encode`] and read back, pair by
//!   pair and validated, by [`UrlState::decode`];
//! - the **fragment** `#d=…` carries the user's own pasted or uploaded data
//!   ([`SharedSeries`]), which browsers never send to a server: a versioned
//!   binary layout (documented at [`encode_fragment`]), deflate-compressed
//!   and base64url-encoded.
//!
//! Invariants:
//! - **Decoding is total.** [`UrlState::decode`] never panics and never
//!   fails: anything it cannot use becomes a [`Notice`] (a sentence for the
//!   page, quoting user text at most [`QUOTE_CHARS`] characters long) and
//!   the default for that key. [`decode_fragment`] returns a
//!   [`FragmentError`] instead, and never inflates more than
//!   [`MAX_INFLATED_BYTES`].
//! - **Decoding yields a valid state, and valid states round-trip.** A
//!   *valid* `UrlState` is one `decode` could have produced: samples are
//!   bundled ids without repeats; URLs are http(s), without spaces, unique;
//!   ids are series ids ([`is_series_id`]), one entry per id and list, at
//!   most [`MAX_ENTRIES`] per list; columns have 1–[`MAX_COLUMN_CHARS`]
//!   characters and no control characters; lags are sorted (kind, then
//!   frequency, every-frequency first), unique, at most [`MAX_LAG_DAYS`];
//!   dates lie in [`MIN_YEAR`]–[`MAX_YEAR`], the window's `from` before its
//!   `to`; the settings are `RadarSettings` values that survive their own
//!   text form, excluded rules sorted without repeats; panels are known
//!   names without repeats. For such a state `decode(&s.encode()) == (s,
//!   [])`, and `decode` of anything returns such a state.
//! - **Encoding is canonical.** Only values that differ from the defaults
//!   are written, in one fixed key order ([`KEYS`], the settings in
//!   [`SETTINGS`] order), so one view has one link.
//!
//! Nothing here touches the DOM: the page renders every notice and every
//! value from a link as text, never as HTML.
//!
//! The module is pure, like `crate::engine`: no web crates, no I/O
//! (`tests/purity.rs` checks), so all of it is tested natively. The page
//! (`crate::ui::share`) reads the browser's address and storage and hands
//! the text here.
//!
//! Files, one concept each:
//! - `codes`: the short spellings of kinds, roles, frequencies, themes,
//!   price styles, panels and the keys;
//! - `limits`: the caps a query is read under;
//! - `notice`: what could not be used, and how user text is quoted;
//! - `query`: [`UrlState`] and its codec;
//! - `values`: reading one value of the query;
//! - `overrides`: per-series overrides, split between query and fragment;
//! - `lags`: publication lags as a link carries them;
//! - `fragment`: the `#d=` data, its layout and limits;
//! - `commentary`: the claim checker's `c=` text, `cd=` date and `ca=`
//!   alias table in the fragment;
//! - `fragment_cache`: [`FragmentCache`], the last fragment kept while the
//!   data is the same (a view change does not deflate the data again);
//! - `parts`: [`LinkParts`], the query and fragment a view's link is made of;
//! - `bundle`: a downloaded bundle, a link too large for a URL.

mod bundle;
mod codes;
mod commentary;
mod fragment;
mod fragment_cache;
mod lags;
mod limits;
mod notice;
mod overrides;
mod parts;
mod query;
mod values;

pub use bundle::{LinkBundle, BUNDLE_MAGIC};
pub use codes::{
    frequency_code, frequency_from_code, kind_code, kind_from_code, role_code, role_from_code,
    PriceStyle, Theme, KEYS, PANELS, URL_VERSION,
};
pub use commentary::{
    decode_commentary, encode_commentary, is_commentary_part, CommentaryError, SharedCommentary,
    MAX_ALIAS_BYTES, MAX_COMMENTARY_BYTES,
};
pub use fragment::{
    decode_fragment, encode_fragment, encode_fragment_unlimited, FragmentError, SharedSeries,
    FRAGMENT_VERSION, MAX_FRAGMENT_CHARS, MAX_INFLATED_BYTES, MAX_NAME_BYTES, MAX_SHARED_SERIES,
};
pub use fragment_cache::FragmentCache;
pub use limits::{
    MAX_COLUMN_CHARS, MAX_ENTRIES, MAX_ID_LEN, MAX_LAG_DAYS, MAX_PAIRS, MAX_VALUE_LEN, MAX_YEAR,
    MIN_YEAR, QUOTE_CHARS,
};
pub use notice::{quote, Notice};
pub use parts::{LinkParts, LocalSplit};
pub use query::UrlState;
pub use values::is_series_id;
