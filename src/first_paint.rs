//! The first paint (issue 21): the default view's regime badge and read,
//! computed natively from the bundled samples when the page is built and
//! written into `index.html` as plain HTML, so a phone on a slow network
//! shows the answer before the `.wasm` has arrived. The live app removes
//! it once its own radar is ready (`ui::dom::set_ready`); a link with a
//! view of its own removes it at once (`.ci/trunk-post-build.py` puts that
//! line in the page's loader), so it only ever stands for the default view.
//!
//! Native only (it reads files); `cargo run --bin first-paint` rewrites the
//! block and `tests/first_paint.rs` fails when `index.html` is not what
//! this writes for the bundled data.

use std::path::Path;

use chrono::NaiveDate;

use crate::engine::calendar::FomcCalendar;
use crate::engine::ingest::{ingest, IngestOptions};
use crate::engine::radar::{compute, Radar};
use crate::engine::samples::{Role, SAMPLES};
use crate::engine::series::Series;
use crate::engine::settings::RadarSettings;
use crate::engine::signals::RadarInputs;

/// The line before the block in `index.html`.
pub const BEGIN: &str =
    "<!-- first-paint:begin (written by `cargo run --bin first-paint` from public/data; do not edit) -->";
/// The line after it.
pub const END: &str = "<!-- first-paint:end -->";

/// What the first paint shows: the default view's radar and the date of
/// its newest price (the read's age sentence counts from it in the
/// reader's browser, as the page's own read does).
pub struct DefaultView {
    pub radar: Radar,
    pub newest_price: Option<NaiveDate>,
}

/// The default view: the samples a first visit loads, in their roles, the
/// FOMC calendar, the default settings, as of the last session.
pub fn default_view(data: &Path) -> Result<DefaultView, String> {
    let mut loaded: Vec<(Role, Series)> = Vec::new();
    for entry in SAMPLES.iter().filter(|s| s.default_loaded) {
        let path = data.join(entry.file);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let options = IngestOptions {
            name: Some(entry.id.to_string()),
            kind: Some(entry.kind),
            ..IngestOptions::default()
        };
        let series = ingest(&bytes, entry.file, &options)
            .map_err(|e| format!("{}: {e}", path.display()))?
            .series;
        loaded.push((entry.role, series));
    }
    let fomc_path = data.join("FOMC.csv");
    let fomc = std::fs::read(&fomc_path)
        .map_err(|e| e.to_string())
        .and_then(|b| FomcCalendar::parse(&b).map_err(|e| e.to_string()))
        .map_err(|e| format!("{}: {e}", fomc_path.display()))?;
    // The last series in a role holds it, as on the page.
    let role = |r: Role| loaded.iter().rev().find(|(x, _)| *x == r).map(|(_, s)| s);
    let inputs = RadarInputs {
        small: role(Role::Small),
        large: role(Role::Large),
        growth: role(Role::Growth),
        macros: loaded
            .iter()
            .filter(|(r, _)| *r == Role::Macro)
            .map(|(_, s)| s)
            .collect(),
        small_flows: role(Role::SmallFlows),
        large_flows: role(Role::LargeFlows),
        lags: Default::default(),
        fomc: Some(&fomc),
    };
    let radar = compute(&inputs, &RadarSettings::default().for_radar(), None);
    // As the page's `view_freshness`: the newest last observation of the
    // price series.
    let newest_price = loaded
        .iter()
        .filter(|(_, s)| s.kind.is_price())
        .filter_map(|(_, s)| s.last_observation().map(|(date, _)| date))
        .max();
    Ok(DefaultView {
        radar,
        newest_price,
    })
}

/// Text for HTML: `&`, `<`, `>` and quotes escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The block (without the marker lines): the page's own header, layout and
/// radar panel classes, so it looks like the page it stands in for. No
/// image: an `<img>` still loading when the overlay is removed kept the
/// document's load event from firing in headless Chromium (the e2e
/// harness's page loads hung), and text is all a first paint needs.
pub fn render(view: &DefaultView) -> String {
    let radar = &view.radar;
    let badge = radar.badge();
    let regime = badge.regime;
    let date = badge.date.map(|d| d.to_string()).unwrap_or_default();
    let mut html = String::new();
    let mut line = |indent: usize, text: &str| {
        html.push_str(&" ".repeat(indent));
        html.push_str(text);
        html.push('\n');
    };
    line(
        4,
        "<div id=\"first-paint\" class=\"first-paint\" data-testid=\"first-paint\">",
    );
    line(6, "<header class=\"topbar\"><div class=\"brand\"><div><h1>Regime Radar</h1><p class=\"tagline\">Small caps vs large caps, measured in your browser</p></div></div></header>");
    line(6, "<main class=\"layout\">");
    line(8, "<aside class=\"sidebar\"><section class=\"panel first-paint-note\"><h2>Data</h2><p class=\"note\">The bundled samples: IWM, SPY, QQQ and the macro series. The live page, which loads your own data, is starting…</p><noscript><p class=\"note\">Regime Radar computes everything in your browser and needs JavaScript and WebAssembly.</p></noscript></section></aside>");
    line(8, "<div class=\"content\">");
    line(10, &format!("<p class=\"note first-paint-line\">The bundled samples’ view, computed when this page was built: data to {}. Charts, evidence and your own data follow as soon as the page has loaded.</p>", escape(&date)));
    line(
        10,
        "<section class=\"panel radar\" aria-label=\"Regime and read\">",
    );
    line(12, "<div class=\"radar-grid\">");
    line(14, "<div class=\"regime-box\">");
    line(16, &format!(
        "<div class=\"regime-head\"><span class=\"regime-badge regime-{}\" data-regime=\"{}\">{}</span><span class=\"regime-date\">on {}</span></div>",
        regime.as_str().replace('_', "-"),
        regime.as_str(),
        escape(regime.label()),
        escape(&date)
    ));
    if let Some(candidate) = badge.held_from {
        line(
            16,
            &format!(
                "<p class=\"note\">Held by the dwell: today alone would read “{}”.</p>",
                escape(candidate.label())
            ),
        );
    }
    line(16, "<ul class=\"reasons\" aria-label=\"Rules firing\">");
    for (key, text) in &badge.reasons {
        let class = if *key { " class=\"key\"" } else { "" };
        line(18, &format!("<li{class}>{}</li>", escape(text)));
    }
    line(16, "</ul>");
    line(14, "</div>");
    let mut sentences: Vec<String> = radar
        .read
        .sentences
        .iter()
        .map(|s| format!("<span class=\"sentence\">{}</span>", escape(s)))
        .collect();
    // The page's read ends with the data's age, which depends on the day
    // it is read, so the first paint names the newest price's date in a
    // sentence at least as long: a live read taller than the first paint's
    // becomes the page's Largest Contentful Paint when it replaces it, a
    // second later on a laptop (tests/e2e/main.rs compares the heights).
    if let Some(newest) = view.newest_price {
        sentences.push(format!(
            "<span class=\"sentence read-age\" data-testid=\"first-paint-age\">The newest price is from {newest} (its age follows once the live page is running).</span>"
        ));
    }
    line(
        14,
        &format!("<div class=\"summary\">{}</div>", sentences.join(" ")),
    );
    line(12, "</div>");
    line(10, "</section>");
    line(8, "</div>");
    line(6, "</main>");
    line(4, "</div>");
    html
}

/// `index` with the text between [`BEGIN`] and [`END`] replaced by `block`.
pub fn splice(index: &str, block: &str) -> Result<String, String> {
    let start = index
        .find(BEGIN)
        .ok_or("index.html has no first-paint:begin marker")?
        + BEGIN.len();
    let end = index[start..]
        .find(END)
        .ok_or("index.html has no first-paint:end marker after the begin marker")?
        + start;
    let before = index[..start].trim_end_matches([' ', '\t']);
    Ok(format!("{before}\n{block}    {}", &index[end..]))
}
