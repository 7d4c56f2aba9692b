//! Share links (`src/link/`): the query's spec examples, literal
//! encodings, a tampering table (each hostile or broken value falls back
//! to its default with a specific notice), property tests (valid states
//! round-trip; decoding anything — arbitrary text, mutated links — never
//! panics and yields a state that itself round-trips), and the fragment's
//! round-trips and errors (bad base64, cut links, corrupt deflate, a
//! decompression bomb, links too large to carry).
#![cfg(not(target_arch = "wasm32"))]

use base64::engine::general_purpose::{URL_SAFE, URL_SAFE_NO_PAD};
use base64::Engine as _;
use chrono::{NaiveDate, Weekday};
use proptest::prelude::*;
use regime_radar::engine::align::{JoinMode, LagRule, PublicationLag, ReleaseDay};
use regime_radar::engine::range::RangePreset;
use regime_radar::engine::samples::{Role, SAMPLES};
use regime_radar::engine::series::{Frequency, SeriesKind};
use regime_radar::engine::settings::{RadarSettings, SettingKind, SETTINGS};
use regime_radar::engine::signals::RuleId;
use regime_radar::engine::units::Units;
use regime_radar::link::{
    decode_fragment, encode_fragment, encode_fragment_unlimited, frequency_code,
    frequency_from_code, is_series_id, kind_code, kind_from_code, quote, role_code, role_from_code,
    FragmentError, Notice, PriceStyle, SharedSeries, Theme, UrlState, KEYS, MAX_ENTRIES,
    MAX_FRAGMENT_CHARS, MAX_INFLATED_BYTES, MAX_PAIRS, PANELS,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

fn messages(notices: &[Notice]) -> Vec<String> {
    notices.iter().map(|n| n.message.clone()).collect()
}

// ------------------------------------------------------------ spec examples

#[test]
fn default_state_encodes_to_v1_and_back() {
    assert_eq!(UrlState::default().encode(), "v=1");
    assert_eq!(UrlState::decode("v=1"), (UrlState::default(), vec![]));
    // Missing `v` means 1; an empty query and a bare `?` are the defaults.
    assert_eq!(UrlState::decode(""), (UrlState::default(), vec![]));
    assert_eq!(UrlState::decode("?"), (UrlState::default(), vec![]));
    assert_eq!(UrlState::decode("?v=1"), (UrlState::default(), vec![]));
}

/// Every kind of value, none at its default.
fn example() -> Result<UrlState, Box<dyn std::error::Error>> {
    let mut settings = RadarSettings::default();
    settings.set("rsi_period", "10")?;
    settings.set("rsi_overbought", "75")?;
    settings.set("claims_level", "250000")?;
    settings.set("evidence_outcome", "small")?;
    settings.set("target_pcts", "5,10,-3.5")?;
    settings.set("target_reference", "2500.5")?;
    settings.set("rule_crowded", "off")?;
    settings.set("rule_overbought_rsi", "off")?;
    Ok(UrlState {
        samples: Some(vec!["RUT".into(), "GSPC".into(), "NDX".into()]),
        urls: vec!["https://example.com/data/a,b.csv?x=1&y=2".into()],
        formulas: Vec::new(),
        units: Vec::new(),
        roles: vec![
            ("IWM".into(), Role::Large),
            ("MY_FLOWS".into(), Role::SmallFlows),
            ("SPY".into(), Role::None),
        ],
        value_columns: vec![("SPY".into(), "Adj Close, USD".into())],
        kinds: vec![("MY_FLOWS".into(), SeriesKind::Other)],
        join: JoinMode::Union,
        lags: vec![
            (SeriesKind::JoblessClaims, None, 6),
            (SeriesKind::Unemployment, Some(Frequency::Monthly), 9),
        ],
        as_of: Some(date(2026, 1, 16)),
        range: RangePreset::Ytd,
        window: Some((date(2025, 6, 1), date(2026, 1, 16))),
        settings,
        theme: Some(Theme::Dark),
        log_scale: true,
        price_style: PriceStyle::Candles,
        price_level: Some(2650.25),
        panels: Some(vec!["price".into(), "ratio".into(), "rsi".into()]),
    })
}

const EXAMPLE_LINK: &str = "v=1&s=RUT,GSPC,NDX\
&u=https://example.com/data/a,b.csv%3Fx%3D1%26y%3D2\
&role=IWM:large&role=MY_FLOWS:small-flows&role=SPY:none\
&col=SPY:Adj+Close,+USD&kind=MY_FLOWS:other&join=union\
&lag=claims.*:6&lag=unemployment.m:9\
&asof=2026-01-16&range=ytd&from=2025-06-01&to=2026-01-16\
&rsi=10&ob=75&cllvl=250000&out=small&tgt=5,10,-3.5&ref=2500.5\
&off=overbought_rsi,crowded&theme=dark&log=1&style=candles&lvl=2650.25&panels=price,ratio,rsi";

#[test]
fn full_example_encodes_readably_and_round_trips() -> TestResult {
    let state = example()?;
    assert_eq!(state.encode(), EXAMPLE_LINK);
    assert_eq!(UrlState::decode(EXAMPLE_LINK), (state.clone(), vec![]));
    assert_eq!(
        UrlState::decode(&format!("?{EXAMPLE_LINK}")),
        (state, vec![])
    );
    Ok(())
}

#[test]
fn encoding_is_canonical_whatever_the_pair_order() -> TestResult {
    // The same view typed in another order (and with `%2C` for commas,
    // `+` for a space) decodes to the same state, which encodes as above.
    let shuffled =
        "panels=price,ratio,rsi&lvl=2650.25&style=candles&log=1&theme=dark&off=crowded,overbought_rsi\
&ref=2500.5&tgt=5%2C10%2C-3.5&out=small&cllvl=250000&ob=75&rsi=10&to=2026-01-16\
&from=2025-06-01&range=YTD&asof=2026-01-16&lag=unemployment.m:9&lag=claims.*:6\
&join=union&kind=MY_FLOWS:other&col=SPY:Adj%20Close,%20USD&role=IWM:large\
&role=MY_FLOWS:small-flows&role=SPY:none\
&u=https%3A%2F%2Fexample.com%2Fdata%2Fa%2Cb.csv%3Fx%3D1%26y%3D2&s=rut,gspc,ndx&v=1";
    let (state, notices) = UrlState::decode(shuffled);
    assert_eq!(messages(&notices), Vec::<String>::new());
    assert_eq!(state, example()?);
    assert_eq!(state.encode(), EXAMPLE_LINK);
    Ok(())
}

#[test]
fn empty_lists_are_explicit_and_absent_lists_are_defaults() {
    let (state, notices) = UrlState::decode("s=&panels=");
    assert!(notices.is_empty());
    assert_eq!(state.samples, Some(vec![]));
    assert_eq!(state.panels, Some(vec![]));
    assert_eq!(state.encode(), "v=1&s=&panels=");
    let (state, _) = UrlState::decode("v=1");
    assert_eq!(state.samples, None);
    assert_eq!(state.panels, None);
}

#[test]
fn a_legitimate_script_like_column_is_kept_as_text() {
    let query = "col=IWM:<script>alert(1)</script>";
    let (state, notices) = UrlState::decode(query);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(
        state.value_columns,
        vec![("IWM".to_string(), "<script>alert(1)</script>".to_string())]
    );
    let link = state.encode();
    assert_eq!(link, "v=1&col=IWM:%3Cscript%3Ealert%281%29%3C/script%3E");
    assert_eq!(UrlState::decode(&link), (state, vec![]));
}

#[test]
fn link_keys_and_setting_keys_are_distinct() {
    let mut all: Vec<&str> = KEYS.to_vec();
    all.extend(SETTINGS.iter().map(|s| s.key));
    let mut sorted = all.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), all.len(), "a key is used twice: {all:?}");
    assert!(all.iter().all(|k| !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())));
}

#[test]
fn codes_round_trip() {
    for kind in SeriesKind::ALL {
        assert_eq!(kind_from_code(kind_code(kind)), Some(kind));
    }
    assert_eq!(kind_code(SeriesKind::JoblessClaims), "claims");
    assert_eq!(kind_from_code("Price"), None);
    for role in Role::ALL {
        assert_eq!(role_from_code(role_code(role)), Some(role));
    }
    assert_eq!(role_code(Role::None), "none");
    assert_eq!(role_from_code(""), None);
    for f in [
        None,
        Some(Frequency::Daily),
        Some(Frequency::Weekly),
        Some(Frequency::Monthly),
        Some(Frequency::Quarterly),
        Some(Frequency::Irregular),
    ] {
        assert_eq!(frequency_from_code(frequency_code(f)), Some(f));
    }
    assert!(is_series_id("IWM") && is_series_id("MY_FLOWS.CSV") && is_series_id("A"));
    assert!(!is_series_id("iwm") && !is_series_id("") && !is_series_id(".IWM"));
    assert!(!is_series_id(&"A".repeat(65)) && is_series_id(&"A".repeat(64)));
}

#[test]
fn lag_policy_keeps_the_default_release_days() {
    let state = UrlState {
        lags: vec![
            (SeriesKind::JoblessClaims, None, 9),
            (SeriesKind::GrowthNowcast, None, 2),
            (SeriesKind::GrowthNowcast, Some(Frequency::Quarterly), 40),
            (SeriesKind::Unemployment, Some(Frequency::Monthly), 12),
        ],
        ..UrlState::default()
    };
    let policy = state.lag_policy();
    let claims = policy.rule(SeriesKind::JoblessClaims, Frequency::Weekly);
    assert_eq!(claims, LagRule::days_then(9, Weekday::Thu));
    // The frequency-specific override wins over the kind-wide one.
    let quarterly = policy.rule(SeriesKind::GrowthNowcast, Frequency::Quarterly);
    assert_eq!(quarterly, LagRule::days(40));
    let daily = policy.rule(SeriesKind::GrowthNowcast, Frequency::Daily);
    assert_eq!(
        daily,
        LagRule {
            days_after_period_end: 2,
            release_day: ReleaseDay::AnyDay
        }
    );
    let unrate = policy.rule(SeriesKind::Unemployment, Frequency::Monthly);
    assert_eq!(unrate, LagRule::days_then(12, Weekday::Fri));
    // Untouched kinds keep their defaults.
    assert_eq!(
        policy.rule(SeriesKind::RetailSales, Frequency::Monthly),
        LagRule::days(17)
    );
    assert_eq!(UrlState::lags_from(&policy), state.lags);
}

#[test]
fn lags_from_a_policy_do_not_depend_on_edit_order() {
    let mut a = PublicationLag::default();
    a.set_for(
        SeriesKind::Unemployment,
        Frequency::Monthly,
        LagRule::days(9),
    );
    a.set_for(
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        LagRule::days(6),
    );
    let mut b = PublicationLag::default();
    b.set_for(
        SeriesKind::JoblessClaims,
        Frequency::Weekly,
        LagRule::days(6),
    );
    b.set_for(
        SeriesKind::Unemployment,
        Frequency::Monthly,
        LagRule::days(9),
    );
    let link = |p: &PublicationLag| {
        UrlState {
            lags: UrlState::lags_from(p),
            ..UrlState::default()
        }
        .encode()
    };
    assert_eq!(link(&a), "v=1&lag=claims.w:6&lag=unemployment.m:9");
    assert_eq!(link(&a), link(&b));
    // Encoding sorts lags even when the state lists them out of order.
    let unsorted = UrlState {
        lags: a
            .overrides()
            .iter()
            .map(|(k, f, r)| (*k, *f, r.days_after_period_end))
            .collect(),
        ..UrlState::default()
    };
    assert_eq!(unsorted.encode(), link(&a));
}

// ---------------------------------------------------------------- tampering

struct Case {
    what: &'static str,
    query: String,
    /// The value that must be in force after decoding.
    fallback: fn(&UrlState) -> bool,
    /// A substring of one of the notices.
    notice: &'static str,
}

fn case(
    what: &'static str,
    query: impl Into<String>,
    fallback: fn(&UrlState) -> bool,
    notice: &'static str,
) -> Case {
    Case {
        what,
        query: query.into(),
        fallback,
        notice,
    }
}

fn is_default(s: &UrlState) -> bool {
    *s == UrlState::default()
}

fn default_settings(s: &UrlState) -> bool {
    s.settings == RadarSettings::default()
}

fn tampering_cases() -> Vec<Case> {
    vec![
        case("script tag in a role id", "role=<img src=x>:small", |s| s.roles.is_empty(),
            "role=<img src=x>:small: \"<img src=x>\" is not a series id"),
        case("script tag in a column's id", "col=<script>:Close", |s| s.value_columns.is_empty(),
            "\"<script>\" is not a series id"),
        case("script tag in a setting", "rsi=<script>alert(1)</script>", default_settings,
            "rsi=<script>alert(1)</script> is not a number; using 14."),
        case("script tag in a sample", "s=<script>", |s| s.samples == Some(vec![]),
            "s=<script>: no bundled sample \"<script>\"; skipped."),
        case("rsi out of range", "rsi=900", |s| s.settings.rsi_period == 14,
            "rsi=900 is outside 2–100; using 14."),
        case("rsi not a number", "rsi=abc", |s| s.settings.rsi_period == 14,
            "rsi=abc is not a number; using 14."),
        case("rsi overflowing", "rsi=1e309", |s| s.settings.rsi_period == 14,
            "rsi=1e309 is not a number; using 14."),
        case("float overflowing to infinity", "ob=1e309", |s| s.settings.rsi_overbought == 70.0,
            "ob=1e309 is not a number; using 70."),
        case("huge integer", "hz=99999999999999999999999", |s| s.settings.target_horizon == 63,
            "hz=99999999999999999999999 is not a number; using 63."),
        case("negative threshold", "ob=-5", |s| s.settings.rsi_overbought == 70.0,
            "ob=-5 is outside 50–100; using 70."),
        case("bad target", "tgt=7,abc", default_settings,
            "tgt=7,abc: Entry 2: \"abc\" is not a percent"),
        case("eleven targets", "tgt=1,2,3,4,5,6,7,8,9,10,11", default_settings,
            "at most 10 moves are allowed. Using 7,12.2,16.9."),
        case("bad choice", "out=everything", default_settings,
            "out=everything is not one of spread, small, large; using spread."),
        case("negative reference", "ref=-5", |s| s.settings.target_reference.is_none(),
            "ref=-5 is outside 0.000000001–1000000000000; using none."),
        case("30 February", "asof=2026-02-30", |s| s.as_of.is_none(),
            "asof=2026-02-30 is not a date (YYYY-MM-DD); ignored."),
        case("month 13", "asof=2026-13-01", |s| s.as_of.is_none(),
            "asof=2026-13-01 is not a date (YYYY-MM-DD); ignored."),
        case("loose date", "asof=2026-1-5", |s| s.as_of.is_none(),
            "asof=2026-1-5 is not a date"),
        case("year out of range", "asof=1800-01-01", |s| s.as_of.is_none(),
            "asof=1800-01-01 is outside the years 1900–2100; ignored."),
        case("reversed window", "from=2026-03-01&to=2026-01-01", |s| s.window.is_none(),
            "from=2026-03-01 is not before to=2026-01-01; the typed range is ignored."),
        case("empty window", "from=2026-03-01&to=2026-03-01", |s| s.window.is_none(),
            "is not before to=2026-03-01"),
        case("half a window", "from=2026-03-01", |s| s.window.is_none(),
            "from=2026-03-01 has no to=; the typed range is ignored."),
        case("unknown range", "range=10y", |s| s.range == RangePreset::Y1,
            "range=10y is not one of ytd, 3m, 6m, 1y, 5y, max; using 1y."),
        case("newer version", "v=2&rsi=20", |s| s.settings.rsi_period == 20,
            "v=2 is not a link format this page knows (it reads 1); reading it as 1 as far as possible."),
        case("version not a number", "v=abc", is_default, "v=abc is not a link format"),
        case("unknown key", "foo=1", is_default, "Unknown key \"foo\" ignored."),
        case("duplicate key, last wins", "rsi=10&rsi=20", |s| s.settings.rsi_period == 20,
            "rsi appears 2 times; the last one (rsi=20) is used."),
        case("duplicate id, last wins", "role=IWM:small&role=IWM:large",
            |s| s.roles == vec![("IWM".to_string(), Role::Large)],
            "role=IWM:large: IWM is set more than once; the last one is used."),
        case("over-long value", format!("u=https://x.com/{}", "a".repeat(5000)), |s| s.urls.is_empty(),
            "A value of 5014 characters is too long (limit 2048); u= ignored."),
        case("javascript: address", "u=javascript:alert(1)", |s| s.urls.is_empty(),
            "u=javascript:alert(1): only http and https addresses can be fetched; skipped."),
        case("file: address", "u=file:///etc/passwd", |s| s.urls.is_empty(),
            "u=file:///etc/passwd: only http and https addresses can be fetched; skipped."),
        case("data: address", "u=data:text/html,<script>alert(1)</script>", |s| s.urls.is_empty(),
            "only http and https addresses can be fetched"),
        case("address without a host", "u=https:///etc/passwd", |s| s.urls.is_empty(),
            "the address names no host"),
        case("address with a space", "u=https://x.com/a+b", |s| s.urls.is_empty(),
            "an address cannot contain spaces"),
        case("repeated address", "u=https://x.com/a&u=https://x.com/a",
            |s| s.urls == vec!["https://x.com/a".to_string()], "listed twice; fetched once."),
        case("path traversal as a sample", "s=../../etc", |s| s.samples == Some(vec![]),
            "s=../../etc: no bundled sample \"../../etc\"; skipped."),
        case("repeated sample", "s=IWM,iwm", |s| s.samples == Some(vec!["IWM".to_string()]),
            "s=iwm: listed twice; loaded once."),
        case("unicode in a key", "rs\u{ed}=20", default_settings, "Unknown key \"rs\u{ed}\" ignored."),
        case("unicode lookalike key", "r\u{455}i=20", default_settings, "Unknown key \"r\u{455}i\" ignored."),
        case("unknown rule", "off=nonsense", |s| s.settings.excluded_rules.is_empty(),
            "off=nonsense: no rule named \"nonsense\"; ignored."),
        case("lag too long", "lag=claims.w:9999", |s| s.lags.is_empty(),
            "lag=claims.w:9999: 9999 days is outside 0–730; ignored."),
        case("lag with a negative number", "lag=claims.w:-1", |s| s.lags.is_empty(),
            "\"-1\" is not a whole number of days"),
        case("lag of an unknown kind", "lag=gold.d:1", |s| s.lags.is_empty(),
            "\"gold\" is not a series kind"),
        case("lag of an unknown frequency", "lag=claims.x:1", |s| s.lags.is_empty(),
            "\"x\" is not a frequency"),
        case("lag without shape", "lag=5", |s| s.lags.is_empty(),
            "expected kind.frequency:days"),
        case("unknown theme", "theme=purple", |s| s.theme.is_none(),
            "theme=purple is not light or dark; following the system."),
        case("unknown join", "join=outer", |s| s.join == JoinMode::Intersection,
            "join=outer is not union or intersection; using intersection."),
        case("unknown log flag", "log=maybe", |s| !s.log_scale,
            "log=maybe is not 1 or 0; using a linear scale."),
        case("unknown price style", "style=heikin", |s| s.price_style == PriceStyle::Line,
            "style=heikin is not line, candles or ohlc; drawing a line."),
        case("level not a number", "lvl=inf", |s| s.price_level.is_none(),
            "lvl=inf is not a number; no level drawn."),
        case("unknown panel", "panels=price,chart", |s| s.panels == Some(vec!["price".to_string()]),
            "panels=chart: no panel named \"chart\""),
        case("unknown role", "role=IWM:boss", |s| s.roles.is_empty(),
            "role=IWM:boss: \"boss\" is not a role"),
        case("empty role", "role=IWM:", |s| s.roles.is_empty(), "\"\" is not a role"),
        case("lower-case id", "kind=iwm:price", |s| s.kinds.is_empty(),
            "\"iwm\" is not a series id"),
        case("unknown kind", "kind=IWM:banana", |s| s.kinds.is_empty(),
            "\"banana\" is not a series kind (price, claims, nowcast"),
        case("role without id", "role=small", |s| s.roles.is_empty(),
            "role=small is not ID:value (e.g. role=IWM:small); ignored."),
        case("empty column", "col=IWM:", |s| s.value_columns.is_empty(),
            "col=IWM:: no column name is given; ignored."),
        case("over-long column", format!("col=IWM:{}", "c".repeat(201)), |s| s.value_columns.is_empty(),
            "a column name of 201 characters is too long (limit 200)"),
        case("control character in a column", "col=IWM:a%07b", |s| s.value_columns.is_empty(),
            "a column name cannot contain control characters"),
        case("percent garbage", "rsi=%zz", default_settings, "rsi=%zz is not a number; using 14."),
        case("percent garbage in a key", "%zz=1", is_default, "Unknown key \"%zz\" ignored."),
        case("NUL byte", "rsi=%00", default_settings, "rsi=\\u{0} is not a number; using 14."),
        case("invalid UTF-8", "rsi=%FF%FE", default_settings, "rsi=\u{fffd}\u{fffd} is not a number"),
        case("direction override", "asof=%E2%80%AE2026-01-01", |s| s.as_of.is_none(),
            "asof=\\u{202e}2026-01-01 is not a date"),
        case("empty key", "==", is_default, "Unknown key \"\" ignored."),
    ]
}

#[test]
fn tampered_links_fall_back_with_a_specific_notice() {
    let cases = tampering_cases();
    assert!(cases.len() >= 20);
    let mut failures = Vec::new();
    for c in &cases {
        let (state, notices) = UrlState::decode(&c.query);
        let texts = messages(&notices);
        if !(c.fallback)(&state) {
            failures.push(format!(
                "{}: wrong fallback for {:?}: {state:?}",
                c.what, c.query
            ));
        }
        if !texts.iter().any(|m| m.contains(c.notice)) {
            failures.push(format!(
                "{}: no notice containing {:?} for {:?}; got {texts:?}",
                c.what, c.notice, c.query
            ));
        }
        // Whatever came back is a valid state: it round-trips silently.
        if UrlState::decode(&state.encode()) != (state.clone(), vec![]) {
            failures.push(format!("{}: decoded state does not round-trip", c.what));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn bad_values_do_not_disturb_good_ones() {
    let (state, notices) =
        UrlState::decode("rsi=900&ob=75&u=javascript:x&u=https://x.com/a.csv&foo=1");
    assert_eq!(notices.len(), 3, "{notices:?}");
    assert_eq!(state.settings.rsi_period, 14);
    assert_eq!(state.settings.rsi_overbought, 75.0);
    assert_eq!(state.urls, vec!["https://x.com/a.csv".to_string()]);
    assert_eq!(notices[0].key, "foo");
}

#[test]
fn notices_quote_user_text_safely() {
    let long = "9".repeat(100);
    let (_, notices) = UrlState::decode(&format!("rsi={long}"));
    let message = &notices[0].message;
    assert!(
        message.starts_with(&format!("rsi={}… is not a number", "9".repeat(60))),
        "{message}"
    );
    assert!(!message.contains(&"9".repeat(61)));
    assert_eq!(quote("a\u{0}b\nc\u{202e}"), "a\\u{0}b\\nc\\u{202e}");
    assert_eq!(quote(&"é".repeat(61)), format!("{}…", "é".repeat(60)));
    // A hostile key is quoted in the notice's key too.
    let (_, notices) = UrlState::decode(&format!("{}=1", "k".repeat(100)));
    assert_eq!(notices[0].key, format!("{}…", "k".repeat(60)));
}

#[test]
fn too_many_pairs_are_cut_with_a_notice() {
    let query = vec!["foo=1"; MAX_PAIRS + 50].join("&");
    let (state, notices) = UrlState::decode(&query);
    assert_eq!(state, UrlState::default());
    assert_eq!(notices.len(), MAX_PAIRS + 1);
    assert!(notices[0]
        .message
        .contains("The link has 450 parameters; only the first 400 are read."));
}

#[test]
fn repeated_keys_are_capped() {
    let query: Vec<String> = (0..70)
        .map(|i| format!("u=https://x.com/{i}.csv&role=S{i}:macro"))
        .collect();
    let (state, notices) = UrlState::decode(&query.join("&"));
    assert_eq!(state.urls.len(), MAX_ENTRIES);
    assert_eq!(state.roles.len(), MAX_ENTRIES);
    assert_eq!(notices.len(), 12, "{notices:?}");
    assert!(notices[0]
        .message
        .contains("more than 64 addresses; skipped."));
    assert!(notices[6]
        .message
        .contains("more than 64 role entries; skipped."));
}

#[test]
fn separators_alone_are_harmless() {
    for query in [
        "&&==",
        "&",
        "=",
        "?&?",
        "&=&=&",
        "%",
        "%%%",
        "+",
        "a=b=c&&=d",
    ] {
        let (state, _) = UrlState::decode(query);
        assert_eq!(
            UrlState::decode(&state.encode()),
            (state, vec![]),
            "{query}"
        );
    }
}

// --------------------------------------------------------------- properties

fn id_strategy() -> impl Strategy<Value = String> {
    "[A-Z0-9_]([A-Z0-9_.]{0,12}[A-Z0-9_])?"
}

fn kind_strategy() -> impl Strategy<Value = SeriesKind> {
    prop::sample::select(SeriesKind::ALL.to_vec())
}

fn date_strategy() -> impl Strategy<Value = NaiveDate> {
    // 1900-01-01 ..= 2100-12-31
    (0i64..73_414).prop_map(|d| date(1900, 1, 1) + chrono::Duration::days(d))
}

/// A valid text for a setting, from a seed.
fn setting_text(kind: SettingKind, seed: u64) -> String {
    match kind {
        SettingKind::Int { min, max } => {
            let span = u64::try_from(max - min + 1).unwrap_or(1);
            (min + i64::try_from(seed % span).unwrap_or(0)).to_string()
        }
        SettingKind::Float { min, max } => {
            let lo = (min * 100.0).ceil() as i64;
            let hi = (max * 100.0).floor() as i64;
            let span = u64::try_from(hi - lo + 1).unwrap_or(1);
            let v = lo + i64::try_from(seed % span).unwrap_or(0);
            format!("{}", v as f64 / 100.0)
        }
        SettingKind::Percents => {
            let n = 1 + seed % 10;
            (0..n)
                .map(|i| {
                    let s = seed.rotate_left(7 * i as u32) % 10_990;
                    format!("{}", (s as f64 - 990.0) / 10.0)
                })
                .collect::<Vec<_>>()
                .join(",")
        }
        SettingKind::OptionalLevel => {
            if seed.is_multiple_of(5) {
                String::new()
            } else {
                format!("{}", (1 + seed % 100_000_000) as f64 / 100.0)
            }
        }
        SettingKind::Choice(choices) => {
            let i = usize::try_from(seed).unwrap_or(0) % choices.len().max(1);
            choices.get(i).copied().unwrap_or_default().to_string()
        }
    }
}

fn settings_strategy() -> impl Strategy<Value = RadarSettings> {
    (
        prop::collection::vec((0..SETTINGS.len(), any::<u64>()), 0..10),
        prop::sample::subsequence(RuleId::ALL.to_vec(), 0..=RuleId::ALL.len()),
    )
        .prop_map(|(edits, excluded)| {
            let mut settings = RadarSettings::default();
            for (index, seed) in edits {
                if let Some(spec) = SETTINGS.get(index) {
                    let _ = settings.set(spec.name, &setting_text(spec.kind, seed));
                }
            }
            for rule in excluded {
                let _ = settings.set(&format!("rule_{}", rule.as_str()), "off");
            }
            settings
        })
}

fn url_strategy() -> impl Strategy<Value = String> {
    "https?://[a-z0-9]{1,10}(\\.[a-z]{2,4})?(:[0-9]{2,4})?(/[A-Za-z0-9,&=%+?#:;@!$'()*~._é€-]{0,30}){0,3}"
}

fn column_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z ,:&=+%#<>\"'/]{1,30}",
        "\\PC{1,40}",
        Just("c".repeat(200)),
    ]
}

fn state_strategy() -> impl Strategy<Value = UrlState> {
    let ids: Vec<String> = SAMPLES.iter().map(|s| s.id.to_string()).collect();
    let series = (
        prop::option::of(prop::sample::subsequence(ids.clone(), 0..=ids.len()).prop_shuffle()),
        prop::collection::btree_set(url_strategy(), 0..4),
        prop::collection::btree_map(
            id_strategy(),
            prop::sample::select(Role::ALL.to_vec()),
            0..4,
        ),
        prop::collection::btree_map(id_strategy(), column_strategy(), 0..4),
        prop::collection::btree_map(id_strategy(), kind_strategy(), 0..4),
    );
    let alignment = (
        prop::sample::select(vec![JoinMode::Intersection, JoinMode::Union]),
        prop::collection::btree_map((0usize..SeriesKind::ALL.len(), 0usize..6), 0u32..=730, 0..6),
        prop::option::of(date_strategy()),
        prop::sample::select(RangePreset::ALL.to_vec()),
        prop::option::of((date_strategy(), date_strategy())),
    );
    let view = (
        settings_strategy(),
        prop::option::of(prop::sample::select(vec![Theme::Light, Theme::Dark])),
        any::<bool>(),
        prop::sample::select(PriceStyle::ALL.to_vec()),
        prop::option::of(-1e7f64..1e7),
        prop::option::of(
            prop::sample::subsequence(PANELS.to_vec(), 0..=PANELS.len()).prop_shuffle(),
        ),
    );
    let formulas_and_units = (
        prop::collection::btree_set((id_strategy(), any::<bool>(), id_strategy()), 0..3),
        prop::collection::btree_map(
            id_strategy(),
            prop::sample::select(Units::ALL[1..].to_vec()),
            0..3,
        ),
    );
    (series, alignment, view, formulas_and_units).prop_map(
        |(
            (samples, urls, roles, cols, kinds),
            (join, lags, as_of, range, window),
            (settings, theme, log_scale, price_style, price_level, panels),
            (formulas, units),
        )| {
            let formulas = formulas
                .into_iter()
                .map(|(a, ratio, b)| format!("{a}{}{b}", if ratio { ':' } else { '-' }))
                .collect();
            let frequencies = [
                None,
                Some(Frequency::Daily),
                Some(Frequency::Weekly),
                Some(Frequency::Monthly),
                Some(Frequency::Quarterly),
                Some(Frequency::Irregular),
            ];
            // BTreeMap order is (kind index, frequency index): the canonical order.
            let lags = lags
                .into_iter()
                .filter_map(|((k, f), days)| {
                    Some((*SeriesKind::ALL.get(k)?, *frequencies.get(f)?, days))
                })
                .collect();
            let window = window
                .filter(|(a, b)| a != b)
                .map(|(a, b)| (a.min(b), a.max(b)));
            UrlState {
                samples,
                urls: urls.into_iter().collect(),
                formulas,
                units: units.into_iter().collect(),
                roles: roles.into_iter().collect(),
                value_columns: cols.into_iter().collect(),
                kinds: kinds.into_iter().collect(),
                join,
                lags,
                as_of,
                range,
                window,
                settings,
                theme,
                log_scale,
                price_style,
                price_level,
                panels: panels.map(|p| p.into_iter().map(String::from).collect()),
            }
        },
    )
}

/// Query-like text: known keys, separators, escapes, huge numbers, unicode.
fn query_like_strategy() -> impl Strategy<Value = String> {
    let mut keys: Vec<String> = KEYS.iter().map(|k| k.to_string()).collect();
    keys.extend(SETTINGS.iter().map(|s| s.key.to_string()));
    let key = prop_oneof![prop::sample::select(keys), "\\PC{0,5}", "[%a-z0-9]{0,4}"];
    let value = prop_oneof![
        "\\PC{0,20}",
        "[%0-9A-Fa-fz+&=,:.*-]{0,20}",
        "-?[0-9]{1,30}(\\.[0-9]{0,10})?(e-?[0-9]{1,4})?",
        "[A-Z_]{1,6}:[a-z-]{0,12}",
        "[a-z]{1,12}\\.[dwmqi*]:[0-9]{1,5}",
        "[12][0-9]{3}-[01][0-9]-[0-3][0-9]",
        "(https?|file|javascript|data):[^ &]{0,20}",
        any::<String>(),
    ];
    prop::collection::vec((key, value), 0..12).prop_map(|pairs| {
        pairs
            .into_iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// One edit of a link: insert, delete, replace a character, duplicate or
/// drop a pair, truncate.
#[derive(Debug, Clone)]
enum Mutation {
    Insert(usize, char),
    Delete(usize, usize),
    Replace(usize, char),
    DuplicatePair(usize),
    DropPair(usize),
    Truncate(usize),
}

fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    let special = prop_oneof![
        prop::sample::select(vec![
            '%', '&', '=', ',', ':', '.', '+', '#', '?', '\0', '\u{202e}', 'é', '9'
        ]),
        any::<char>(),
    ];
    prop_oneof![
        (any::<usize>(), special.clone()).prop_map(|(i, c)| Mutation::Insert(i, c)),
        (any::<usize>(), 1usize..8).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (any::<usize>(), special).prop_map(|(i, c)| Mutation::Replace(i, c)),
        any::<usize>().prop_map(Mutation::DuplicatePair),
        any::<usize>().prop_map(Mutation::DropPair),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn mutate(link: &str, mutation: &Mutation) -> String {
    let mut chars: Vec<char> = link.chars().collect();
    let at = |i: usize, len: usize| if len == 0 { 0 } else { i % (len + 1) };
    match mutation {
        Mutation::Insert(i, c) => {
            let p = at(*i, chars.len());
            chars.insert(p, *c);
        }
        Mutation::Delete(i, n) => {
            let p = at(*i, chars.len());
            let end = (p + n).min(chars.len());
            chars.drain(p..end);
        }
        Mutation::Replace(i, c) => {
            if !chars.is_empty() {
                let p = i % chars.len();
                chars[p] = *c;
            }
        }
        Mutation::DuplicatePair(i) | Mutation::DropPair(i) => {
            let mut pairs: Vec<&str> = link.split('&').collect();
            let p = i % pairs.len().max(1);
            if let Some(pair) = pairs.get(p).copied() {
                if matches!(mutation, Mutation::DuplicatePair(_)) {
                    pairs.push(pair);
                } else {
                    pairs.remove(p);
                }
            }
            return pairs.join("&");
        }
        Mutation::Truncate(i) => {
            let p = at(*i, chars.len());
            chars.truncate(p);
        }
    }
    chars.into_iter().collect()
}

/// What every decode must give: a state that round-trips with no notices.
fn assert_canonical(query: &str) -> Result<(), TestCaseError> {
    let (state, _) = UrlState::decode(query);
    let link = state.encode();
    prop_assert_eq!(
        UrlState::decode(&link),
        (state, vec![]),
        "query {:?} link {:?}",
        query,
        link
    );
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn valid_states_round_trip(state in state_strategy()) {
        let link = state.encode();
        prop_assert!(link.starts_with("v=1"));
        prop_assert_eq!(UrlState::decode(&link), (state, vec![]), "link {}", link);
    }

    #[test]
    fn decoding_arbitrary_text_is_total_and_canonical(text in any::<String>()) {
        assert_canonical(&text)?;
    }

    #[test]
    fn decoding_query_like_text_is_total_and_canonical(query in query_like_strategy()) {
        assert_canonical(&query)?;
    }

    #[test]
    fn decoding_tampered_links_is_total_and_canonical(
        state in state_strategy(),
        mutations in prop::collection::vec(mutation_strategy(), 1..6),
    ) {
        let mut link = state.encode();
        for m in &mutations {
            link = mutate(&link, m);
        }
        assert_canonical(&link)?;
    }
}

// ----------------------------------------------------------------- fragment

fn series(name: &str, source: &str, bytes: &[u8]) -> SharedSeries {
    SharedSeries {
        name: name.to_string(),
        source_name: source.to_string(),
        bytes: bytes.into(),
    }
}

fn several() -> Vec<SharedSeries> {
    let binary: Vec<u8> = (0..=255u8).cycle().take(1000).collect();
    vec![
        series(
            "MY_FLOWS",
            "flows.csv",
            b"Date,Value\n2026-01-02,1.5\n2026-01-05,-2\n",
        ),
        series("BIN", "odd \u{1F4C8} file.bin", &binary),
        series("EMPTY", "", b""),
        series(
            "Ünïcödé ∑",
            "pasted",
            "Date;Wert\n02.01.2026;1,5\n".as_bytes(),
        ),
    ]
}

/// A fragment for a hand-made payload (to test the layout checks).
fn fragment_of(payload: &[u8]) -> String {
    format!(
        "d={}",
        URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(payload, 6))
    )
}

/// A small xorshift stream: incompressible test bytes without a dependency.
fn noise(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn fragment_round_trips_several_series() -> TestResult {
    let all = several();
    let fragment = encode_fragment(&all)?;
    assert!(fragment.starts_with("d="));
    assert!(fragment
        .chars()
        .skip(2)
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    assert_eq!(decode_fragment(&fragment)?, all);
    assert_eq!(decode_fragment(&format!("#{fragment}"))?, all);
    // Among other parts of a fragment, and with padding.
    assert_eq!(decode_fragment(&format!("#x=1&{fragment}&y"))?, all);
    let raw = URL_SAFE_NO_PAD.decode(fragment.get(2..).unwrap_or_default())?;
    assert_eq!(
        decode_fragment(&format!("d={}", URL_SAFE.encode(&raw)))?,
        all
    );
    Ok(())
}

#[test]
fn no_series_is_no_fragment() -> TestResult {
    assert_eq!(encode_fragment(&[])?, "");
    assert_eq!(decode_fragment("")?, vec![]);
    assert_eq!(decode_fragment("#")?, vec![]);
    assert_eq!(decode_fragment("#section-2")?, vec![]);
    assert_eq!(decode_fragment("d="), Err(FragmentError::Truncated));
    // A payload with zero series is valid too.
    assert_eq!(decode_fragment(&fragment_of(b"RR\x01\x00"))?, vec![]);
    Ok(())
}

#[test]
fn fragment_bad_base64_names_the_position() -> TestResult {
    let fragment = encode_fragment(&several())?;
    let mut broken: Vec<char> = fragment.chars().collect();
    broken[12] = '!';
    let broken: String = broken.into_iter().collect();
    let error = decode_fragment(&broken).err();
    assert_eq!(
        error,
        Some(FragmentError::NotBase64 {
            position: 11,
            found: '!'
        })
    );
    let message = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("character 11 of it ('!') is not base64url"),
        "{message}"
    );
    // Standard base64's '+' and '/' are not base64url; nor is '=' inside.
    assert!(matches!(
        decode_fragment("d=ab+c"),
        Err(FragmentError::NotBase64 {
            position: 3,
            found: '+'
        })
    ));
    assert!(matches!(
        decode_fragment("d=ab=c"),
        Err(FragmentError::NotBase64 {
            position: 3,
            found: '='
        })
    ));
    assert!(matches!(
        decode_fragment("d=abc==="),
        Err(FragmentError::NotBase64 { position: 4, .. })
    ));
    assert!(matches!(
        decode_fragment("d=é"),
        Err(FragmentError::NotBase64 {
            position: 1,
            found: 'é'
        })
    ));
    Ok(())
}

#[test]
fn fragment_cut_short_is_truncated() -> TestResult {
    let fragment = encode_fragment(&several())?;
    let len = fragment.len();
    for cut in 3..len {
        let piece = fragment.get(..cut).unwrap_or_default();
        assert_eq!(
            decode_fragment(piece),
            Err(FragmentError::Truncated),
            "cut at {cut} of {len}"
        );
    }
    assert!(FragmentError::Truncated.to_string().contains("cut short"));
    Ok(())
}

#[test]
fn fragment_corrupt_deflate_is_bad_deflate() {
    // 0b111: a final block of the reserved type 3, which no deflate stream has.
    let corrupt = format!("d={}", URL_SAFE_NO_PAD.encode([0x07u8, 0x00, 0x00, 0x00]));
    assert_eq!(decode_fragment(&corrupt), Err(FragmentError::BadDeflate));
    // A stored block whose length check (LEN vs NLEN) fails.
    let stored = format!(
        "d={}",
        URL_SAFE_NO_PAD.encode([0x01u8, 0x05, 0x00, 0x05, 0x00, 1, 2, 3, 4, 5])
    );
    assert_eq!(decode_fragment(&stored), Err(FragmentError::BadDeflate));
}

/// A raw-deflate stream of `len` zero bytes written by hand (one fixed
/// Huffman block: a literal 0, then matches of 258 at distance 1), so the
/// test does not spend seconds compressing 50 MB in a debug build.
fn zeros_bomb(len: usize) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u32,
        n: u32,
    }
    impl Bits {
        // Deflate packs fields from the least significant bit.
        fn put(&mut self, value: u32, count: u32) {
            self.acc |= value << self.n;
            self.n += count;
            while self.n >= 8 {
                self.out.push((self.acc & 0xff) as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        // Huffman codes go most significant bit first.
        fn code(&mut self, code: u32, count: u32) {
            for i in (0..count).rev() {
                self.put((code >> i) & 1, 1);
            }
        }
    }
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // BFINAL
    bits.put(1, 2); // BTYPE = fixed Huffman
    bits.code(0x30, 8); // literal 0
    let mut written = 1;
    while written + 258 <= len {
        bits.code(0b1100_0101, 8); // length code 285 = 258
        bits.code(0, 5); // distance code 0 = 1
        written += 258;
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    bits.out
}

#[test]
fn fragment_decompression_bomb_is_too_large() -> TestResult {
    let bomb = zeros_bomb(50 * 1000 * 1000);
    // The hand-made stream is what it claims: a small sample inflates to zeros.
    let small = miniz_oxide::inflate::decompress_to_vec(&zeros_bomb(10_000))
        .map_err(|e| format!("{e:?}"))?;
    assert_eq!(small.len(), 1 + 38 * 258);
    assert!(small.iter().all(|b| *b == 0));
    let fragment = format!("d={}", URL_SAFE_NO_PAD.encode(&bomb));
    let error = decode_fragment(&fragment).err();
    assert_eq!(
        error,
        Some(FragmentError::InflatedTooLarge {
            limit: MAX_INFLATED_BYTES
        })
    );
    let message = error.map(|e| e.to_string()).unwrap_or_default();
    assert!(
        message.contains("over 16,777,216 bytes once unpacked"),
        "{message}"
    );
    Ok(())
}

#[test]
fn fragment_too_large_to_encode_names_the_excess() -> TestResult {
    let big = vec![series(
        "NOISE",
        "noise.csv",
        &noise(120_000, 0x9E37_79B9_7F4A_7C15),
    )];
    let error = encode_fragment(&big).err();
    let Some(FragmentError::TooLarge { chars, limit }) = error.clone() else {
        return Err(format!("expected TooLarge, got {error:?}").into());
    };
    assert_eq!(limit, MAX_FRAGMENT_CHARS);
    assert!(chars > 160_000, "{chars}");
    let message = error.map(|e| e.to_string()).unwrap_or_default();
    let excess = chars - limit;
    let grouped = |n: usize| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push(',');
            }
            out.push(c);
        }
        out
    };
    assert_eq!(
        message,
        format!(
            "The shared data is {} characters, over the 100,000 a link can carry: {} too many. Download the bundle instead.",
            grouped(chars),
            grouped(excess)
        )
    );
    // The bundle has no link-length limit and reads back.
    let unlimited = encode_fragment_unlimited(&big)?;
    assert_eq!(unlimited.len(), chars);
    assert_eq!(decode_fragment(&unlimited)?, big);
    Ok(())
}

#[test]
fn fragment_encode_refuses_what_it_cannot_carry() {
    let many = vec![series("A", "a.csv", b"x"); 65];
    assert_eq!(
        encode_fragment(&many),
        Err(FragmentError::TooManySeries {
            count: 65,
            limit: 64
        })
    );
    let long = vec![series("A", &"n".repeat(256), b"x")];
    assert!(matches!(
        encode_fragment(&long),
        Err(FragmentError::NameTooLong {
            bytes: 256,
            limit: 255,
            ..
        })
    ));
    let huge = vec![series("A", "a.csv", &vec![0u8; MAX_INFLATED_BYTES])];
    assert_eq!(
        encode_fragment_unlimited(&huge),
        Err(FragmentError::InflatedTooLarge {
            limit: MAX_INFLATED_BYTES
        })
    );
}

#[test]
fn fragment_layout_errors_say_what() {
    let layout = |payload: &[u8]| match decode_fragment(&fragment_of(payload)) {
        Err(FragmentError::BadLayout { what }) => what,
        other => format!("not BadLayout: {other:?}"),
    };
    assert_eq!(layout(b"XX\x01\x00"), "it does not start with the RR mark");
    assert_eq!(layout(b"R"), "it does not start with the RR mark");
    assert_eq!(layout(b"RR"), "it ends before its version");
    assert_eq!(layout(b"RR\x01"), "it ends before its series count");
    assert_eq!(layout(b"RR\x01\x41"), "it lists 65 series, more than 64");
    assert_eq!(
        layout(b"RR\x01\x01\x01\x00\x00\x00"),
        "series 1 of 1 ends early"
    );
    assert_eq!(
        layout(b"RR\x01\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\xff"),
        "the name of series 1 is not UTF-8 text"
    );
    assert_eq!(
        layout(b"RR\x01\x01\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00"),
        "series 1 has a name longer than 255 bytes"
    );
    assert_eq!(layout(b"RR\x01\x00extra"), "5 bytes follow the last series");
    assert_eq!(
        layout(b"RR\x01\x01\xff\xff\xff\xff\x00\x00\x00\x00\x00\x00\x00\x00"),
        "series 1 has a name longer than 255 bytes"
    );
    assert_eq!(
        decode_fragment(&fragment_of(b"RR\x02\x00")),
        Err(FragmentError::UnsupportedVersion { version: 2 })
    );
    let message = FragmentError::UnsupportedVersion { version: 2 }.to_string();
    assert!(
        message.contains("format 2; this page reads format 1"),
        "{message}"
    );
}

fn shared_strategy() -> impl Strategy<Value = SharedSeries> {
    (
        "\\PC{0,20}",
        "\\PC{0,20}",
        prop_oneof![
            prop::collection::vec(any::<u8>(), 0..600),
            "[0-9,.\\n-]{0,600}".prop_map(String::into_bytes),
        ],
    )
        .prop_map(|(name, source_name, bytes)| SharedSeries {
            name,
            source_name,
            bytes: bytes.into(),
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn fragments_round_trip(list in prop::collection::vec(shared_strategy(), 0..8)) {
        let fragment = encode_fragment(&list).map_err(|e| TestCaseError::fail(e.to_string()))?;
        prop_assert_eq!(decode_fragment(&fragment), Ok(list));
    }

    #[test]
    fn decoding_arbitrary_fragments_never_panics(text in any::<String>()) {
        let _ = decode_fragment(&text);
        let _ = decode_fragment(&format!("d={text}"));
    }

    #[test]
    fn decoding_base64_noise_never_panics(text in "[A-Za-z0-9_-]{0,400}={0,2}") {
        let _ = decode_fragment(&format!("#d={text}"));
    }

    #[test]
    fn decoding_mutated_fragments_never_panics(
        list in prop::collection::vec(shared_strategy(), 1..4),
        edits in prop::collection::vec((any::<usize>(), any::<u8>()), 1..4),
    ) {
        let fragment = encode_fragment(&list).map_err(|e| TestCaseError::fail(e.to_string()))?;
        let mut raw = URL_SAFE_NO_PAD
            .decode(fragment.get(2..).unwrap_or_default())
            .map_err(|e| TestCaseError::fail(e.to_string()))?;
        for (at, byte) in edits {
            if !raw.is_empty() {
                let i = at % raw.len();
                raw[i] ^= byte | 1;
            }
        }
        let _ = decode_fragment(&format!("d={}", URL_SAFE_NO_PAD.encode(&raw)));
    }
}

/// A link keeps the names of the user's own series out of its query: their
/// roles, value columns and kinds move to the fragment (beside their data),
/// the overrides of samples and URLs stay in the query, and reading both
/// back gives the view that was encoded.
#[test]
fn local_series_overrides_travel_in_the_fragment_not_the_query() {
    let view = UrlState {
        roles: vec![("MINE".into(), Role::Small), ("IWM".into(), Role::Large)],
        value_columns: vec![
            ("MINE".into(), "Adj Close".into()),
            ("SPY".into(), "Open".into()),
        ],
        kinds: vec![("MINE".into(), SeriesKind::Price)],
        ..UrlState::default()
    };
    let mut query = view.clone();
    let overrides = query.take_overrides_of(&["MINE"]);
    let encoded_query = query.encode();
    assert!(!encoded_query.contains("MINE"), "{encoded_query}");
    assert!(encoded_query.contains("role=IWM:large") && encoded_query.contains("col=SPY:Open"));
    let pairs = overrides.encode_overrides();
    assert_eq!(pairs, "role=MINE:small&col=MINE:Adj+Close&kind=MINE:price");
    let fragment = format!("{pairs}&d=AAAA");

    let (mut read, notices) = UrlState::decode(&encoded_query);
    assert_eq!(notices, vec![]);
    let (from_fragment, notices) = UrlState::decode_fragment_overrides(&format!("#{fragment}"));
    assert_eq!(notices, vec![]);
    read.merge_overrides(from_fragment);
    // The same entries (a series' entry is found by its id; the local
    // series' come after the others').
    let sorted = |mut s: UrlState| {
        s.roles.sort_by(|a, b| a.0.cmp(&b.0));
        s.value_columns.sort_by(|a, b| a.0.cmp(&b.0));
        s.kinds.sort_by(|a, b| a.0.cmp(&b.0));
        s
    };
    assert_eq!(sorted(read), sorted(view));
    // The data decoder skips the overrides (it reads the last `d=`).
    assert!(decode_fragment(&fragment).is_err_and(|e| !e.to_string().contains("role")));
    // Nothing to move: nothing in the fragment.
    assert_eq!(UrlState::default().encode_overrides(), "");
}

/// A fragment's overrides are read with the query's rules: a bad role is a
/// notice naming it, a later value for the same series wins over the
/// query's, and other view keys in a fragment are ignored with a notice.
#[test]
fn fragment_overrides_are_validated_and_win_over_the_query() {
    let (overrides, notices) =
        UrlState::decode_fragment_overrides("role=MINE:bogus&role=OTHER:macro&theme=light&d=x");
    assert_eq!(overrides.roles, vec![("OTHER".to_string(), Role::Macro)]);
    let text = messages(&notices).join(" | ");
    assert!(text.contains("bogus"), "{text}");
    assert!(text.contains("fragment carries view settings"), "{text}");
    let (mut query, _) = UrlState::decode("role=OTHER:small&role=IWM:large");
    query.merge_overrides(overrides);
    assert_eq!(
        query.roles,
        vec![
            ("OTHER".to_string(), Role::Macro),
            ("IWM".to_string(), Role::Large)
        ]
    );
    assert_eq!(
        UrlState::decode_fragment_overrides("d=abc"),
        (UrlState::default(), vec![])
    );
    assert_eq!(
        UrlState::decode_fragment_overrides(""),
        (UrlState::default(), vec![])
    );
}

// ------------------------------------------------------------------ bundle

#[test]
fn a_bundle_reads_back_as_the_link_it_holds() {
    let bundle = regime_radar::link::LinkBundle {
        query: "v=1&s=IWM,SPY&rsi=10".to_string(),
        fragment: "role=MINE:small&d=AAAA".to_string(),
    };
    let text = bundle.text();
    assert!(text.starts_with(regime_radar::link::BUNDLE_MAGIC));
    assert_eq!(
        regime_radar::link::LinkBundle::parse(text.as_bytes()),
        Some(bundle)
    );
}

#[test]
fn only_bytes_with_the_bundle_mark_are_a_bundle() {
    use regime_radar::link::{LinkBundle, BUNDLE_MAGIC};
    assert_eq!(LinkBundle::parse(b"Date,Close\n2024-01-02,1\n"), None);
    // Cut after the mark: the missing lines read as empty.
    assert_eq!(
        LinkBundle::parse(BUNDLE_MAGIC.as_bytes()),
        Some(LinkBundle {
            query: String::new(),
            fragment: String::new(),
        })
    );
}

#[test]
fn link_parts_keep_local_overrides_out_of_the_query() -> TestResult {
    use regime_radar::link::LinkParts;
    let shared = [SharedSeries {
        name: "MINE".to_string(),
        source_name: "mine.csv".to_string(),
        bytes: b"Date,Close\n2024-01-02,1\n".as_slice().into(),
    }];
    let view = UrlState {
        roles: vec![
            ("MINE".to_string(), Role::Small),
            ("SPY".to_string(), Role::None),
        ],
        ..UrlState::default()
    };
    let parts = LinkParts::of(view, &shared, &Default::default());
    assert_eq!(parts.query, "v=1&role=SPY:none");
    let fragment = parts.fragment.map_err(|e| e.to_string())?;
    assert!(fragment.starts_with("role=MINE:small&d="), "{fragment}");
    assert_eq!(decode_fragment(&fragment)?, shared);
    assert_eq!(parts.local_series, 1);
    assert_eq!(
        LinkParts::of(UrlState::default(), &[], &Default::default()),
        LinkParts {
            query: "v=1".to_string(),
            ..LinkParts::default()
        }
    );
    Ok(())
}

// ------------------------------------------------------------ formulas and units

#[test]
fn formulas_units_and_a_formula_role_round_trip() {
    let state = UrlState {
        formulas: vec!["IWM:SPY".into(), "QQQ-SPY".into()],
        units: vec![("ICSA".into(), Units::Pc1), ("UNRATE".into(), Units::Chg)],
        roles: vec![("IWM:SPY".into(), Role::Small)],
        ..UrlState::default()
    };
    let link = state.encode();
    assert_eq!(
        link,
        "v=1&f=IWM:SPY&f=QQQ-SPY&role=IWM:SPY:small&units=ICSA:pc1&units=UNRATE:chg"
    );
    assert_eq!(UrlState::decode(&link), (state, vec![]));
    // Old links (no f=, no units=) read as before: levels, no formulas.
    let (old, notices) = UrlState::decode("v=1&s=IWM,SPY&role=SPY:none");
    assert!(notices.is_empty());
    assert!(old.formulas.is_empty() && old.units.is_empty());
    assert_eq!(old.roles, vec![("SPY".to_string(), Role::None)]);
}

#[test]
fn bad_formulas_and_units_are_refused_with_a_notice() {
    let (state, notices) =
        UrlState::decode("v=1&f=IWM/SPY&f=iwm : spy&units=ICSA:pca&units=ICSA:lin");
    // A spaced, lower-case formula is read as its id.
    assert_eq!(state.formulas, vec!["IWM:SPY".to_string()]);
    assert!(state.units.is_empty());
    let text = messages(&notices).join(" | ");
    assert!(
        text.contains("f=IWM/SPY: expected : (ratio) or - (difference) at position 4"),
        "{text}"
    );
    assert!(text.contains("is not one of FRED's units"), "{text}");
}

#[test]
fn a_formula_over_a_local_series_travels_in_the_fragment() -> TestResult {
    use regime_radar::link::LocalSplit;
    let view = UrlState {
        formulas: vec!["MINE:SPY".into(), "IWM:SPY".into()],
        units: vec![("MYMACRO".into(), Units::Log), ("ICSA".into(), Units::Pc1)],
        roles: vec![("MINE:SPY".into(), Role::Small)],
        ..UrlState::default()
    };
    let shared = vec![
        series("MINE", "mine.csv", b"Date,Close\n2024-01-02,1\n"),
        series("MYMACRO", "m.csv", b"Date,Value\n2024-01-02,1\n"),
    ];
    let split = LocalSplit::of(view, &shared);
    let query = split.query.encode();
    assert_eq!(query, "v=1&f=IWM:SPY&units=ICSA:pc1");
    let fragment = split.fragment_with("d=x".into());
    assert_eq!(
        fragment,
        "f=MINE:SPY&role=MINE:SPY:small&units=MYMACRO:log&d=x"
    );
    let (back, notices) = UrlState::decode_fragment_overrides(&fragment);
    assert!(notices.is_empty(), "{notices:?}");
    assert_eq!(back.formulas, vec!["MINE:SPY".to_string()]);
    Ok(())
}

// ------------------------------------------------------ fragment cache

/// A change of view re-encodes nothing while the local data is the same
/// series with the same bytes (`Arc`); any change of the data encodes
/// again, and the result always equals `encode_fragment`'s.
#[test]
fn the_fragment_cache_encodes_each_version_of_the_data_once() -> TestResult {
    use regime_radar::link::{FragmentCache, LinkParts};
    let mut cache = FragmentCache::new();
    let data = several();
    let expected = encode_fragment(&data)?;

    assert_eq!(cache.encode(&data)?, expected);
    // The same series again, and clones of them (the same `Arc`s): kept.
    assert_eq!(cache.encode(&data)?, expected);
    assert_eq!(cache.encode(&data.clone())?, expected);
    assert_eq!(cache.encodes(), 1);

    // A view change through LinkParts: the query changes, the data is reused.
    let mut view = UrlState::default();
    let first = LinkParts::of_cached(view.clone(), &data, &Default::default(), &mut cache);
    view.log_scale = true;
    let second = LinkParts::of_cached(view.clone(), &data, &Default::default(), &mut cache);
    assert_ne!(first.query, second.query);
    assert_eq!(first.fragment, second.fragment);
    assert_eq!(second, LinkParts::of(view, &data, &Default::default()));
    assert_eq!(cache.encodes(), 1);

    // Equal bytes in a new Arc (a reloaded file): encoded again, same text.
    let reloaded: Vec<SharedSeries> = data
        .iter()
        .map(|s| series(&s.name, &s.source_name, &s.bytes))
        .collect();
    assert_eq!(cache.encode(&reloaded)?, expected);
    assert_eq!(cache.encodes(), 2);

    // Another name, another order, one series fewer: each encoded again.
    let mut renamed = reloaded.clone();
    renamed[0].name = "OTHER".to_string();
    assert_eq!(cache.encode(&renamed)?, encode_fragment(&renamed)?);
    let mut reversed = reloaded.clone();
    reversed.reverse();
    assert_eq!(cache.encode(&reversed)?, encode_fragment(&reversed)?);
    assert_eq!(
        cache.encode(&reloaded[1..])?,
        encode_fragment(&reloaded[1..])?
    );
    assert_eq!(cache.encodes(), 5);

    // An error is kept too (a file too large for a link stays too large).
    let big: Vec<u8> = (0..400_000u32)
        .flat_map(|i| i.wrapping_mul(2_654_435_761).to_le_bytes())
        .collect();
    let too_large = vec![series("BIG", "big.csv", &big)];
    let refused = cache.encode(&too_large);
    assert!(matches!(refused, Err(FragmentError::TooLarge { .. })));
    assert_eq!(cache.encode(&too_large), refused);
    assert_eq!(cache.encodes(), 6);
    Ok(())
}
