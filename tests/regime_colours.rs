//! The regime palette lives in one place, `chart::theme`; the stylesheet's
//! `--regime-<name>` custom properties (badge, strip, dots) must hold the
//! very same colours in dark and light mode, and the regime classes must
//! colour through them, so a chart's shading always matches the badge.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::HashMap;
use std::path::Path;

use regime_radar::chart::theme::{regime_colour, regime_css_var};
use regime_radar::chart::ChartTheme;
use regime_radar::engine::regime::Regime;

/// The stylesheet without comments.
fn stylesheet() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("style")
        .join("main.css");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("*/")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// Every `--name: value` declared in rules whose selector is `selector`,
/// each name with all the values it is given there.
fn custom_properties(css: &str, selector: &str) -> HashMap<String, Vec<String>> {
    let mut found: HashMap<String, Vec<String>> = HashMap::new();
    let mut rest = css;
    while let Some(open) = rest.find('{') {
        let head = rest[..open].rsplit(['}', ';']).next().unwrap_or("").trim();
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let body = &rest[open + 1..open + close];
        if head == selector {
            for decl in body.split(';') {
                if let Some((name, value)) = decl.split_once(':') {
                    let name = name.trim();
                    if name.starts_with("--") {
                        found
                            .entry(name.to_string())
                            .or_default()
                            .push(value.trim().to_lowercase());
                    }
                }
            }
        }
        rest = &rest[open + close + 1..];
    }
    found
}

#[test]
fn stylesheet_regime_colours_are_the_chart_palette() {
    let css = stylesheet();
    let themes = [(":root", false), (":root[data-theme=\"light\"]", true)];
    for (selector, light) in themes {
        let props = custom_properties(&css, selector);
        for regime in Regime::ALL {
            let name = regime_css_var(regime);
            let want = ChartTheme::css(regime_colour(regime, light));
            assert_eq!(
                props.get(&name),
                Some(&vec![want.clone()]),
                "{selector} must declare {name}: {want} exactly once"
            );
        }
    }
}

#[test]
fn regime_classes_colour_through_the_palette_properties() {
    let css = stylesheet();
    for regime in Regime::ALL {
        let class = format!(".regime-{}", regime.as_str().replace('_', "-"));
        let props = custom_properties(&css, &class);
        let want = format!("var({})", regime_css_var(regime));
        assert_eq!(
            props.get("--r"),
            Some(&vec![want.clone()]),
            "{class} must set --r: {want}"
        );
    }
}
