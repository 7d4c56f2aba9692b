//! The first paint (issue 21): index.html carries the default view's badge
//! and read as plain HTML, computed natively from the bundled data exactly
//! as the page computes it, so a first visit shows the answer before the
//! .wasm arrives. This fails when index.html is stale (the data changed and
//! `cargo run --bin first-paint` was not run) and checks what it holds.

use std::path::Path;

use regime_radar::first_paint::{default_view, render, splice, BEGIN, END};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn index_html_holds_the_current_first_paint() -> TestResult {
    let index = std::fs::read_to_string(root().join("index.html"))?;
    let view = default_view(&root().join("public/data"))?;
    let written = splice(&index, &render(&view))?;
    assert!(
        written == index,
        "index.html's first paint is stale: run `cargo run --bin first-paint`"
    );
    Ok(())
}

#[test]
fn the_first_paint_is_the_default_views_badge_and_read() -> TestResult {
    let view = default_view(&root().join("public/data"))?;
    let html = render(&view);
    let radar = &view.radar;
    let badge = radar.badge();
    assert!(html.contains(&format!("data-regime=\"{}\"", badge.regime.as_str())));
    assert!(html.contains(badge.regime.label()));
    let date = badge.date.ok_or("the default view has no as-of date")?;
    assert!(html.contains(&format!("on {date}")));
    assert!(!badge.reasons.is_empty());
    assert_eq!(html.matches("<li").count(), badge.reasons.len());
    // Every sentence of the read, as the page shows it (escaped).
    for sentence in &radar.read.sentences {
        let escaped = sentence
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(html.contains(&escaped), "missing: {sentence}");
    }
    // The newest price's date, where the live read says its age.
    let newest = view
        .newest_price
        .ok_or("the default view has no newest price")?;
    assert!(html.contains(&format!("The newest price is from {newest} (")));
    // Plain HTML: no script, no inline style (the page's CSP forbids both).
    assert!(!html.contains("<script") && !html.contains("style="));
    // The overlay the app removes by id.
    assert!(html.contains("id=\"first-paint\""));
    Ok(())
}

#[test]
fn splicing_replaces_only_the_block_and_is_idempotent() -> TestResult {
    let page = format!("<body>\n    {BEGIN}\n    old\n    {END}\n  </body>\n");
    let once = splice(&page, "    <p>new</p>\n")?;
    assert_eq!(
        once,
        format!("<body>\n    {BEGIN}\n    <p>new</p>\n    {END}\n  </body>\n")
    );
    assert_eq!(splice(&once, "    <p>new</p>\n")?, once);
    assert!(splice("<body></body>", "x").is_err());
    assert!(splice(&format!("{BEGIN} no end"), "x").is_err());
    Ok(())
}
