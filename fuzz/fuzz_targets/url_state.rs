//! `url_state`: arbitrary text as a share link's query.
//!
//! Guards the module invariants of src/link/ (the query codec,
//! src/link/query.rs): `UrlState::decode` is
//! total (never panics, whatever the text), every notice is a sentence
//! (non-empty message), and whatever it returns is a *valid* state, so it
//! is canonical: `decode(&state.encode()) == (state, [])`, and encoding
//! that again gives the same link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use regime_radar::link::UrlState;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (state, notices) = UrlState::decode(&text);
    for notice in &notices {
        assert!(
            !notice.message.is_empty(),
            "empty notice for key {:?}",
            notice.key
        );
    }
    let link = state.encode();
    let (again, again_notices) = UrlState::decode(&link);
    assert!(
        again_notices.is_empty(),
        "the re-encoded link {link:?} has notices {again_notices:?}"
    );
    assert_eq!(
        again, state,
        "decode(encode(state)) != state for link {link:?}"
    );
    assert_eq!(again.encode(), link, "encoding is canonical");
});
