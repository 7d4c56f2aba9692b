//! `fragment`: arbitrary text as a share link's `#d=…` fragment.
//!
//! Guards `decode_fragment` (src/link/fragment.rs): it never panics and never
//! inflates past its limit; an `Ok` list of series re-encodes
//! (`encode_fragment_unlimited`) and decodes to the same list. The same
//! text through `UrlState::decode_fragment_overrides` (the local series'
//! `role=`/`col=`/`kind=` beside the data) never panics and round-trips,
//! and so does `decode_commentary` (the claim checker's `c=`, `cd=`, `ca=`).
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
use regime_radar::link::{
    decode_commentary, decode_fragment, encode_commentary, encode_fragment_unlimited,
    FragmentError, UrlState,
};

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

    // The claim checker's parts: total, and what is read writes back to
    // something that reads the same (a date travels only with a text).
    if let (Some(mut read), _) = decode_commentary(&text) {
        if read.text.is_empty() {
            read.date = None;
        }
        let written = encode_commentary(&read)
            .unwrap_or_else(|e| panic!("a decoded commentary is within the limits: {e}"));
        let again = decode_commentary(&written).0.unwrap_or_default();
        assert_eq!(again, read, "commentary(encode(c)) == c");
    }
    let as_text = format!(
        "c={}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(data, 1))
    );
    let (read, notices) = decode_commentary(&as_text);
    let read = read.unwrap_or_default();
    match std::str::from_utf8(data) {
        Ok(text) if data.len() <= regime_radar::link::MAX_COMMENTARY_BYTES => {
            assert_eq!(read.text, text);
            assert!(notices.is_empty());
        }
        _ => assert!(read.text.is_empty() && notices.len() == 1),
    }

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
