//! The claim checker's parts of a share link (issue 19): the checked
//! commentary (`c=`), its typed date (`cd=`) and an edited alias table
//! (`ca=`) travel in the fragment beside the data, round-trip exactly, and
//! a damaged or hostile part becomes a notice without touching the others.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine as _;
use chrono::NaiveDate;
use proptest::prelude::*;
use regime_radar::engine::claims::{AliasTable, DEFAULT_ALIASES};
use regime_radar::link::{
    decode_commentary, decode_fragment, encode_commentary, is_commentary_part, CommentaryError,
    LinkParts, SharedCommentary, SharedSeries, UrlState, MAX_ALIAS_BYTES, MAX_COMMENTARY_BYTES,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn seed() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/claims/seed_2026-01-17.txt"
    ))
    .unwrap_or_default()
}

fn checked(text: &str, date: Option<NaiveDate>, aliases: Option<&str>) -> SharedCommentary {
    SharedCommentary {
        text: text.to_string(),
        date,
        aliases: aliases.map(str::to_string),
    }
}

#[test]
fn the_seed_article_its_date_and_an_edited_table_round_trip() -> TestResult {
    let text = seed();
    assert!(text.len() > 1000, "the seed article fixture is missing");
    let aliases = format!("{DEFAULT_ALIASES}Tiny caps | price | RUT | IWM | tiny caps\n");
    let shared = checked(&text, NaiveDate::from_ymd_opt(2026, 1, 16), Some(&aliases));
    let fragment = encode_commentary(&shared)?;
    let keys: Vec<&str> = fragment
        .split('&')
        .filter_map(|p| p.split('=').next())
        .collect();
    assert_eq!(keys, ["c", "cd", "ca"], "{fragment}");
    assert!(fragment.contains("&cd=2026-01-16&"), "{fragment}");
    // Packed: the article is text, deflate shrinks it well below its size.
    assert!(
        fragment.len() < text.len(),
        "{} vs {}",
        fragment.len(),
        text.len()
    );
    assert_eq!(decode_commentary(&fragment), (Some(shared.clone()), vec![]));
    assert_eq!(
        decode_commentary(&format!("#{fragment}")),
        (Some(shared), vec![])
    );
    Ok(())
}

#[test]
fn nothing_checked_writes_nothing_and_reads_as_none() -> TestResult {
    assert_eq!(encode_commentary(&SharedCommentary::default())?, "");
    assert_eq!(decode_commentary(""), (None, vec![]));
    assert_eq!(decode_commentary("#d=abc&role=MINE:small"), (None, vec![]));
    // A date alone is not written without a text; an edited table alone is.
    assert_eq!(
        encode_commentary(&checked("", NaiveDate::from_ymd_opt(2026, 1, 16), None))?,
        ""
    );
    let only_table = encode_commentary(&checked("", None, Some("X | price | RUT | | x")))?;
    assert!(only_table.starts_with("ca="), "{only_table}");
    Ok(())
}

#[test]
fn the_parts_sit_beside_the_data_and_the_overrides_and_do_not_disturb_them() -> TestResult {
    let shared = [SharedSeries {
        name: "MINE".to_string(),
        source_name: "mine.csv".to_string(),
        bytes: b"Date,Close\n2024-01-02,1\n".as_slice().into(),
    }];
    let view = UrlState {
        roles: vec![(
            "MINE".to_string(),
            regime_radar::engine::samples::Role::Small,
        )],
        ..UrlState::default()
    };
    let commentary = checked(
        "Jan 17, 2026. Small caps are up 7.8% this year.",
        None,
        None,
    );
    let parts = LinkParts::of(view, &shared, &commentary);
    let fragment = parts.fragment_text();
    assert!(fragment.starts_with("role=MINE:small&d="), "{fragment}");
    assert!(fragment.contains("&c="), "{fragment}");
    // Each reader takes its own parts and none complains about the others'.
    assert_eq!(decode_fragment(&fragment)?, shared);
    assert_eq!(decode_commentary(&fragment), (Some(commentary), vec![]));
    let (overrides, notices) = UrlState::decode_fragment_overrides(&fragment);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(overrides.roles.len(), 1);
    for part in fragment.split('&') {
        assert_eq!(is_commentary_part(part), part.starts_with("c="), "{part}");
    }
    Ok(())
}

#[test]
fn too_long_a_text_or_table_is_refused_with_its_size_and_the_data_still_travels() {
    let long = "a".repeat(MAX_COMMENTARY_BYTES + 1);
    let err = encode_commentary(&checked(&long, None, None));
    assert_eq!(
        err,
        Err(CommentaryError::TooLong {
            what: "checked commentary",
            bytes: MAX_COMMENTARY_BYTES + 1,
            limit: MAX_COMMENTARY_BYTES,
        })
    );
    let table = "x".repeat(MAX_ALIAS_BYTES + 1);
    assert!(encode_commentary(&checked("text", None, Some(&table))).is_err());
    let parts = LinkParts::of(UrlState::default(), &[], &checked(&long, None, None));
    let why = parts.commentary.clone().err().unwrap_or_default();
    assert!(why.contains("65,537") || why.contains("65537"), "{why}");
    assert_eq!(parts.fragment_text(), "");
    assert_eq!(parts.query, "v=1");
}

#[test]
fn a_damaged_part_is_a_notice_and_the_other_parts_still_open() -> TestResult {
    let good = encode_commentary(&checked(
        "Jan 17, 2026. Small caps are up 7.8%.",
        NaiveDate::from_ymd_opt(2026, 1, 16),
        None,
    ))?;
    // A bad character in the text: the date still opens.
    let bad = good.replacen("c=", "c=*", 1);
    let (read, notices) = decode_commentary(&bad);
    let read = read.ok_or("no commentary")?;
    assert_eq!(read.text, "");
    assert_eq!(read.date, NaiveDate::from_ymd_opt(2026, 1, 16));
    assert_eq!(notices.len(), 1);
    assert!(notices[0].message.contains("not base64url"), "{notices:?}");
    // A cut link.
    let cut = &good[..good.find("&cd=").unwrap_or(good.len()) / 2];
    let (_, notices) = decode_commentary(cut);
    assert!(
        notices
            .iter()
            .any(|n| n.message.contains("ends early") || n.message.contains("does not unpack")),
        "{notices:?}"
    );
    // Not a date.
    let (read, notices) = decode_commentary("cd=2026-02-30");
    assert_eq!(read.map(|r| r.date), Some(None));
    assert!(notices[0].message.contains("not a date"), "{notices:?}");
    // Bytes that are not UTF-8.
    let packed = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&[0xff, 0xfe], 9));
    let (_, notices) = decode_commentary(&format!("c={packed}"));
    assert!(notices[0].message.contains("not UTF-8"), "{notices:?}");
    Ok(())
}

#[test]
fn a_text_of_exactly_the_limit_still_travels() -> TestResult {
    let text = "é".repeat(MAX_COMMENTARY_BYTES / 2);
    assert_eq!(text.len(), MAX_COMMENTARY_BYTES);
    let shared = checked(&text, None, None);
    assert_eq!(
        decode_commentary(&encode_commentary(&shared)?),
        (Some(shared), vec![])
    );
    Ok(())
}

#[test]
fn a_decompression_bomb_stops_at_the_limit() {
    let bomb = vec![b'a'; MAX_COMMENTARY_BYTES * 8];
    let packed = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&bomb, 9));
    let (read, notices) = decode_commentary(&format!("c={packed}"));
    assert_eq!(read.map(|r| r.text), Some(String::new()));
    assert!(notices[0].message.contains("more than"), "{notices:?}");
}

#[test]
fn the_default_alias_table_survives_its_own_text() -> TestResult {
    // What the page writes into `ca=` is the table's text; it must parse
    // back to the same table.
    let table = AliasTable::default();
    assert!(!table.entries.is_empty());
    assert_eq!(AliasTable::parse(&table.to_text())?, table);
    Ok(())
}

proptest! {
    #[test]
    fn any_text_date_and_table_round_trip(
        text in "\\PC{0,400}",
        days in proptest::option::of(0i64..40_000),
        table in proptest::option::of("\\PC{0,200}"),
    ) {
        let date = days.and_then(|d| NaiveDate::from_ymd_opt(1950, 1, 1)
            .and_then(|start| start.checked_add_signed(chrono::Duration::days(d))));
        let shared = checked(&text, date, table.as_deref());
        let fragment = encode_commentary(&shared).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let expected = SharedCommentary {
            // A date travels only with a text.
            date: if text.is_empty() { None } else { date },
            ..shared
        };
        let (read, notices) = decode_commentary(&fragment);
        prop_assert!(notices.is_empty(), "{:?}", notices);
        if fragment.is_empty() {
            prop_assert_eq!(read, None);
        } else {
            prop_assert_eq!(read, Some(expected));
        }
    }

    #[test]
    fn any_fragment_decodes_without_panicking(fragment in "\\PC{0,300}") {
        let _ = decode_commentary(&fragment);
    }
}
