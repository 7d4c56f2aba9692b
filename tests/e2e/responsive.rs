//! Journey of issue 21: the page answers a person while it works. Typing
//! in the paste box while a 1,000,000-row file parses paints each key
//! within 50 ms, as the browser's Event Timing API measures it (from the
//! key's hardware timestamp to the next paint after its handlers: what
//! Interaction to Next Paint reports). The file is parsed in the engine's
//! worker (src/ui/worker.rs), so the page's thread has only the keys, the
//! progress and, at the end, taking the series back a column per task. The
//! figures go to target/e2e-artifacts/typing-while-parsing.json;
//! `.ci/budgets` fails at 3x the recorded median and reports each run
//! against the 50 ms target (docs/performance.md "Parsing in a worker"),
//! and this journey fails at 200 ms, a frozen tab on any machine.
//!
//! The window is the large file's own parse (its `rr:ingest-start` to its
//! `rr:ingest-done`), not the first visit's sample loads before it.

use std::time::Duration;

use fantoccini::actions::{InputSource, KeyAction, KeyActions};

use crate::harness::{artifacts_dir, Page, TestResult};
use crate::load::MILLION_ROWS_JS;

/// What is typed, over and over.
const KEYS: &str = "Date,Close\n2026-01-02,101.5\n2026-01-05,102.25\n";
/// Keys typed in all: about six seconds of typing, longer than the parse.
const KEYS_TYPED: usize = 120;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typing_in_the_paste_box_paints_within_50_ms_while_a_million_rows_parse() -> TestResult {
    let page = Page::open(crate::no_routes).await?;
    page.client.execute(MILLION_ROWS_JS, vec![]).await?;
    // The paste box is in a closed <details>: open it, as a person would.
    page.client
        .execute(
            "document.querySelector('[data-testid=paste-input]').closest('details').open = true;",
            vec![],
        )
        .await?;
    // Focus the box first: once the file is dropped only key events reach
    // the page.
    page.client
        .execute(
            "document.querySelector('[data-testid=paste-input]').focus();",
            vec![],
        )
        .await?;
    page.client
        .execute(
            // Every key event slower than 16 ms (the API's floor) is
            // recorded; the harness's own 40 MB of strings are collected
            // first so their collection is not counted as the page's.
            "if (window.gc) window.gc();
             window.__rrKeys = [];
             window.__rrDowns = [];
             document.addEventListener('keydown', e => window.__rrDowns.push(e.timeStamp), true);
             new PerformanceObserver(list => {
               for (const e of list.getEntries()) window.__rrKeys.push([e.name, e.startTime, e.duration]);
             }).observe({type: 'event', durationThreshold: 16, buffered: true});
             // Dropped a moment after the typing has started (a WebDriver
             // command waits behind the page's tasks, so it cannot start
             // the typing once the parse runs).
             setTimeout(window.__rrDropBig, 400);",
            vec![],
        )
        .await?;
    // A person typing KEYS over and over at ~20 keys a second while the
    // file is read and parsed.
    let typed: String = KEYS.chars().cycle().take(KEYS_TYPED).collect();
    let mut keys = KeyActions::new("keyboard".to_string());
    for key in typed.chars() {
        keys = keys
            .then(KeyAction::Down { value: key })
            .then(KeyAction::Up { value: key })
            .pause(Duration::from_millis(40));
    }
    page.client.perform_actions(keys).await?;
    crate::load::wait_for_ids(&page, &["BIG".to_string()]).await?;
    let report = page
        .client
        .execute(
            "const m = performance.getEntriesByType('mark');
             const at = name => (m.find(x => x.name === name) || {startTime: NaN}).startTime;
             const start = m.filter(x => x.name === 'rr:ingest-start').map(x => x.startTime).pop();
             const end = m.filter(x => x.name === 'rr:ingest-done').map(x => x.startTime).pop();
             const keys = window.__rrKeys.filter(([name]) => /^key|^input$|^beforeinput$/.test(name));
             const inParse = keys.filter(([, t]) => t >= start && t <= end);
             const downs = (window.__rrDowns || []).filter(t => t >= start && t <= end).length;
             return {parse_ms: end - start, keys_in_parse: downs,
                     first_key_at: Math.round(Math.min(...window.__rrDowns) - start),
                     value: document.querySelector('[data-testid=paste-input]').value,
                     slowest_ms: Math.max(0, ...inParse.map(([, , d]) => d)),
                     slowest_any_ms: Math.max(0, ...keys.map(([, , d]) => d)),
                     slow: inParse.map(([n, t, d]) => n + ' ' + Math.round(d) + ' ms @' + Math.round(t - start))};",
            vec![],
        )
        .await?;
    println!("typing while 1,000,000 rows parse: {report}");
    // The box holds what was typed: no key was lost.
    if report["value"].as_str() != Some(typed.as_str()) {
        return Err(format!("the paste box holds {:?}, typed {typed:?}", report["value"]).into());
    }
    // Enough keys landed inside the parse for the figure to mean something.
    let parse_ms = report["parse_ms"].as_f64().unwrap_or(0.0);
    let during_parse = report["keys_in_parse"].as_u64().unwrap_or(0);
    if during_parse < 5 || parse_ms <= 0.0 {
        return Err(format!(
            "only {during_parse} keys were typed while parsing ({parse_ms:.0} ms)"
        )
        .into());
    }
    let slowest = report["slowest_ms"].as_f64().unwrap_or(f64::NAN);
    std::fs::write(
        artifacts_dir().join("typing-while-parsing.json"),
        serde_json::to_string_pretty(&serde_json::json!({
            "rows": 1_000_000,
            "keys_typed": typed.chars().count(),
            "keys_while_parsing": during_parse,
            "parse_ms": parse_ms.round(),
            "slowest_key_to_paint_ms": slowest,
            "slowest_key_to_paint_any_ms": report["slowest_any_ms"],
            "over_16_ms_while_parsing": report["slow"],
        }))?,
    )?;
    // Enforced in `.ci/budgets` (typing_input_to_paint_ms); a key that takes
    // several times that is a frozen tab, whatever the machine.
    if slowest.is_nan() || slowest > 200.0 {
        return Err(format!("a key took {slowest} ms to paint while parsing: {report}").into());
    }
    Ok(())
}
