//! The settings table is the one place a radar setting is declared: every
//! field of `RadarSettings` has a spec row, every row reads and writes its
//! own field, and every row's value travels through the share link and
//! back. A new setting that forgets any of these fails here.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use regime_radar::engine::rule_id::RuleId;
use regime_radar::engine::settings::{spec, spec_by_key, RadarSettings, SettingKind, SETTINGS};
use regime_radar::link::UrlState;

/// Field names of `RadarSettings`, as serde sees the struct.
fn field_names() -> BTreeSet<String> {
    let value = serde_json::to_value(RadarSettings::default()).unwrap_or_default();
    value
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default()
}

/// A valid value for the row that differs from its default.
fn other_value(kind: SettingKind, default: &str) -> String {
    let candidates: Vec<String> = match kind {
        SettingKind::Int { min, max } => vec![min.to_string(), max.to_string()],
        SettingKind::Float { min, max } => vec![format!("{min}"), format!("{max}")],
        SettingKind::Percents => vec!["5,10.5".to_string(), "3".to_string()],
        SettingKind::OptionalLevel => vec!["1234.5".to_string()],
        SettingKind::Choice(choices) => choices.iter().map(|c| c.to_string()).collect(),
    };
    candidates
        .into_iter()
        .find(|c| c != default)
        .unwrap_or_default()
}

#[test]
fn every_field_has_one_spec_row_and_every_row_one_field() {
    let mut fields = field_names();
    assert!(fields.remove("excluded_rules"), "rule toggles are a field");
    let rows: BTreeSet<String> = SETTINGS.iter().map(|s| s.name.to_string()).collect();
    assert_eq!(rows.len(), SETTINGS.len(), "a setting name is repeated");
    assert_eq!(
        fields, rows,
        "fields without a row, or rows without a field"
    );
    let keys: BTreeSet<&str> = SETTINGS.iter().map(|s| s.key).collect();
    assert_eq!(keys.len(), SETTINGS.len(), "a link key is repeated");
    for row in SETTINGS {
        assert_eq!(spec(row.name).map(|s| s.key), Some(row.key));
        assert_eq!(spec_by_key(row.key).map(|s| s.name), Some(row.name));
        assert!(
            !row.label.is_empty() && !row.help.is_empty(),
            "{}",
            row.name
        );
    }
}

#[test]
fn every_row_reads_and_writes_only_its_own_field() {
    let defaults = RadarSettings::default();
    let default_json = serde_json::to_value(&defaults).unwrap_or_default();
    for row in SETTINGS {
        let shown = defaults.get(row.name).unwrap_or_default();
        // The default survives its own text form.
        let mut same = defaults.clone();
        assert_eq!(same.set(row.name, &shown), Ok(()), "{}", row.name);
        assert_eq!(
            same, defaults,
            "{} = {shown:?} does not read back",
            row.name
        );
        // A different valid value changes this field and no other.
        let text = other_value(row.kind, &shown);
        let mut changed = defaults.clone();
        assert_eq!(
            changed.set(row.name, &text),
            Ok(()),
            "{} = {text:?}",
            row.name
        );
        assert_ne!(changed, defaults, "{} = {text:?} changed nothing", row.name);
        let changed_json = serde_json::to_value(&changed).unwrap_or_default();
        for field in field_names() {
            if field != row.name {
                assert_eq!(
                    changed_json.get(&field),
                    default_json.get(&field),
                    "setting {} also changed {field}",
                    row.name
                );
            }
        }
        assert_eq!(
            changed.get(row.name).unwrap_or_default(),
            text.to_lowercase()
        );
    }
}

#[test]
fn every_row_round_trips_through_the_share_link() {
    for row in SETTINGS {
        let defaults = RadarSettings::default();
        let text = other_value(row.kind, &defaults.get(row.name).unwrap_or_default());
        let mut settings = defaults.clone();
        assert_eq!(settings.set(row.name, &text), Ok(()));
        let state = UrlState {
            settings: settings.clone(),
            ..UrlState::default()
        };
        let query = state.encode();
        assert!(
            query.contains(&format!("{}=", row.key)),
            "{}: key {} not in {query}",
            row.name,
            row.key
        );
        let (back, notices) = UrlState::decode(&query);
        assert!(notices.is_empty(), "{}: {notices:?}", row.name);
        assert_eq!(back.settings, settings, "{} via {query}", row.name);
    }
    // Rule toggles too.
    let mut settings = RadarSettings::default();
    for rule in [RuleId::Crowded, RuleId::LabourSahm] {
        assert_eq!(
            settings.set(&format!("rule_{}", rule.as_str()), "off"),
            Ok(())
        );
    }
    let state = UrlState {
        settings: settings.clone(),
        ..UrlState::default()
    };
    let (back, _) = UrlState::decode(&state.encode());
    assert_eq!(back.settings, settings);
}

#[test]
fn a_refused_value_names_the_setting_and_changes_nothing() {
    let mut settings = RadarSettings::default();
    let before = settings.clone();
    let err = settings.set("rsi_period", "1000");
    assert!(err.is_err());
    let message = err.map_err(|e| e.to_string()).err().unwrap_or_default();
    assert!(
        message.contains("RSI period") && message.contains("2–100"),
        "{message}"
    );
    assert!(settings.set("target_basis", "sideways").is_err());
    assert!(settings.set("claims_level", "1,2x").is_err());
    assert!(settings.set("no_such_setting", "1").is_err());
    assert_eq!(settings, before);
    // Thousands separators are read as people type them.
    assert_eq!(settings.set("claims_level", "250,000"), Ok(()));
    assert_eq!(settings.claims_level, 250_000.0);
}

/// The radar reads none of the chart group: `for_radar` puts exactly those
/// settings back to their defaults and keeps every other.
#[test]
fn the_radar_part_leaves_out_only_the_chart_settings() {
    use regime_radar::engine::settings::SettingGroup;
    let mut edited = RadarSettings::default();
    for (name, value) in [
        ("macd_fast", "8"),
        ("timeframe", "w"),
        ("bb_k", "1.5"),
        ("rsi_period", "9"),
    ] {
        assert!(edited.set(name, value).is_ok(), "{name}");
    }
    let radar = edited.for_radar();
    for spec in SETTINGS {
        let expected = if spec.group == SettingGroup::Charts {
            (spec.get)(&RadarSettings::default())
        } else {
            (spec.get)(&edited)
        };
        assert_eq!((spec.get)(&radar), expected, "{}", spec.name);
    }
    assert_eq!(radar.get("rsi_period").as_deref(), Some("9"));
}
