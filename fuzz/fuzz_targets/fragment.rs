//! `fragment`: arbitrary text as a share link's `#d=…` fragment.
//!
//! Guards `decode_fragment` (src/link/fragment.rs): it never panics and never
//! inflates past its limit; an `Ok` list of series re-encodes
//! (`encode_fragment_unlimited`) and decodes to the same list. The same
//! text through `UrlState::decode_fragment_overrides` (the local series'
//! `role=`/`col=`/`kind=` beside the data) never panics and round-trips.
//!
//! Random text almost never inflates, so each input is used twice:
//! 1. as the fragment text itself (lossy UTF-8): the base64 and deflate
//!    checks;
//! 2. as the *payload*, packed the way `encode_fragment` packs one
//!    (raw deflate, base64url, `d=`): the layout parser (`RR`, version,
//!    count, lengths, names), which then may only fail with a layout or
//!    version error — the packing itself is sound.
#![no_main]

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use libfuzzer_sys::fuzz_target;
use regime_radar::link::{decode_fragment, encode_fragment_unlimited, FragmentError, UrlState};

fn round_trips(series: &[regime_radar::link::SharedSeries]) {
    let fragment = encode_fragment_unlimited(series)
        .unwrap_or_else(|e| panic!("a decoded list must encode again: {e}"));
    let again = decode_fragment(&fragment)
        .unwrap_or_else(|e| panic!("a re-encoded fragment must decode: {e}"));
    assert_eq!(again, series, "decode(encode(series)) == series");
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match decode_fragment(&text) {
        Ok(series) => round_trips(&series),
        Err(e) => assert!(!e.to_string().is_empty(), "an error is a sentence"),
    }
    // The local series' overrides beside the data: total, and what is read
    // re-encodes and reads back the same.
    let (overrides, _notices) = UrlState::decode_fragment_overrides(&text);
    let again = UrlState::decode_fragment_overrides(&overrides.encode_overrides()).0;
    assert_eq!(again, overrides, "overrides(encode(overrides)) == overrides");

    let packed = format!(
        "d={}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(data, 1))
    );
    match decode_fragment(&packed) {
        Ok(series) => round_trips(&series),
        Err(FragmentError::BadLayout { what }) => assert!(!what.is_empty()),
        Err(FragmentError::UnsupportedVersion { version }) => assert_ne!(version, 1),
        Err(other) => panic!("a well-packed payload failed outside its layout: {other:?}"),
    }
});
