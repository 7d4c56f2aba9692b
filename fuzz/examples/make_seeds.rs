//! Writes the committed seed corpora, fuzz/seeds/<target>/, from the test
//! fixtures and the handmade cases below (replacing what is there):
//!
//! ```text
//! cargo run --manifest-path fuzz/Cargo.toml --example make_seeds
//! ```
//!
//! - `ingest`: every file of tests/fixtures/dialects/ and tests/fixtures/bad/
//!   up to 64 KB (READMEs skipped), as they are;
//! - `dates`: a pair of cells of every supported format (docs/formats.md)
//!   behind each mode byte of the `dates` target, plus broken cells;
//! - `url_state`: the links of tests/link.rs (the full example, its
//!   shuffled twin, every tampering case, the separators, the caps);
//! - `fragment`: fragments `encode_fragment` writes (and damaged copies),
//!   and raw payloads for the target's packed path;
//! - `fomc`: public/data/FOMC.csv as shipped and respelt (BOM and CRLF,
//!   semicolons, tabs, quoted and aliased headers, one date column,
//!   comments), plus the broken files of tests/calendar.rs.
//!
//! It also writes the libFuzzer dictionaries fuzz/dicts/url_state.dict
//! (every link key, setting key and code, from the crate's own tables),
//! fuzz/dicts/dates.dict (month names, separators, time suffixes) and
//! fuzz/dicts/fomc.dict (the calendar's header aliases, from its tables,
//! and its separators and flag spellings).

use std::fs;
use std::path::{Path, PathBuf};

use regime_radar::engine::calendar::{DATE_NAMES, END_NAMES, SEP_NAMES, START_NAMES};
use regime_radar::engine::range::RangePreset;
use regime_radar::engine::samples::{Role, SAMPLES};
use regime_radar::engine::series::{Frequency, SeriesKind};
use regime_radar::engine::settings::SETTINGS;
use regime_radar::engine::signals::RuleId;
use regime_radar::link::{
    encode_fragment, frequency_code, kind_code, role_code, SharedSeries, KEYS, PANELS,
};
use regime_radar_fuzz::REFERENCE;

const MAX_SEED_BYTES: u64 = 64 * 1024;

fn reset(dir: &Path) {
    if dir.exists() {
        fs::remove_dir_all(dir).expect("remove old seeds");
    }
    fs::create_dir_all(dir).expect("create the seed directory");
}

fn file_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    fs::write(dir.join(file_name(name)), bytes).expect("write a seed");
}

fn ingest_seeds(root: &Path, out: &Path) -> usize {
    let mut n = 0;
    for sub in ["dialects", "bad"] {
        let mut entries: Vec<PathBuf> = fs::read_dir(root.join("tests/fixtures").join(sub))
            .expect("read the fixtures")
            .map(|e| e.expect("a fixture").path())
            .filter(|p| p.is_file())
            .collect();
        entries.sort();
        for path in entries {
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            let size = fs::metadata(&path).map(|m| m.len()).unwrap_or(u64::MAX);
            if name == "README.md" || size > MAX_SEED_BYTES {
                continue;
            }
            let bytes = fs::read(&path).expect("read a fixture");
            write(out, &format!("{sub}-{name}"), &bytes);
            n += 1;
        }
    }
    n
}

/// Two cells of each `REFERENCE` format (same order), the second a later date.
const PAIRS: [(&str, &str); 19] = [
    ("2024-01-02", "2024-01-03"),
    ("2023-12-19 00:00:00-05:00", "2023-12-20T00:00:00Z"),
    ("2024/01/02", "2024/01/03"),
    ("20240102", "20240103"),
    ("1704153600", "1704240000"),
    ("1704153600000", "1704240000000"),
    ("1/13/1999", "1/14/1999"),
    ("12/31/99", "01/01/00"),
    ("13.01.1999", "14.01.1999"),
    ("31.12.99", "01.01.00"),
    ("12-31-2024", "01-02-2025"),
    ("31-12-24", "01-01-25"),
    ("02-Jan-2024", "03-Jan-2024"),
    ("2 Jan 2024", "3 Jan 2024"),
    ("Jan 02, 2024", "Jan 03, 2024"),
    ("January 2, 2024", "January 3, 2024"),
    ("2 January 2024", "3 January 2024"),
    ("02-Jan-24", "03-Jan-24"),
    ("2024-Jan-02", "2024-Jan-03"),
];

/// Cells the loader must refuse or decide carefully (the second of a pair
/// on the next line).
const BROKEN: [&str; 14] = [
    "2024-02-30",
    "2026-13-01",
    "0000-00-00",
    "2024-01-31X",
    "99999999999999",
    "-1706659200",
    "1/13/1999\n13/1/1999",
    "13/13/2024",
    "1/2/3",
    "3/4/2024 10:00",
    "Feb 30, 2024",
    "31-Foo-2024",
    "\u{feff}2024-01-02",
    "",
];

fn dates_seeds(out: &Path) -> usize {
    assert_eq!(PAIRS.len(), REFERENCE.len());
    let modes = REFERENCE.len() + 1;
    let classify = u8::try_from(REFERENCE.len()).expect("few modes");
    let mut n = 0;
    let mut seed = |name: String, selector: u8, cells: &str| {
        let mut bytes = vec![selector];
        bytes.extend_from_slice(cells.as_bytes());
        write(out, &name, &bytes);
        n += 1;
    };
    for (i, (a, b)) in PAIRS.iter().enumerate() {
        let mode = u8::try_from(i).expect("few modes");
        // Read with the reference's format, and classified on their own.
        seed(format!("read-{i:02}"), mode, &format!("{a}\n{b}"));
        seed(format!("classify-{i:02}"), classify, &format!("{a}\n{b}"));
    }
    // Forced orders (selector / modes % 3: 1 = month-first, 2 = day-first).
    let month_first = classify + u8::try_from(modes).expect("few modes");
    let day_first = month_first + u8::try_from(modes).expect("few modes");
    seed("forced-mf".into(), month_first, "03/04/2024\n1/13/1999");
    seed("forced-df".into(), day_first, "03.04.2024\n13.01.1999");
    for (i, cells) in BROKEN.iter().enumerate() {
        seed(format!("broken-{i:02}"), classify, cells);
    }
    n
}

fn url_seeds(out: &Path) -> usize {
    let queries: Vec<(&str, String)> = vec![
        // tests/link.rs: EXAMPLE_LINK and the shuffled spelling of it.
        (
            "full example",
            "v=1&s=RUT,GSPC,NDX\
&u=https://example.com/data/a,b.csv%3Fx%3D1%26y%3D2\
&role=IWM:large&role=MY_FLOWS:small-flows&role=SPY:none\
&col=SPY:Adj+Close,+USD&kind=MY_FLOWS:other&join=union\
&lag=claims.*:6&lag=unemployment.m:9\
&asof=2026-01-16&range=ytd&from=2025-06-01&to=2026-01-16\
&rsi=10&ob=75&cllvl=250000&out=small&tgt=5,10,-3.5&ref=2500.5\
&off=overbought_rsi,crowded&theme=dark&log=1&panels=price,ratio,rsi"
                .to_string(),
        ),
        (
            "shuffled example",
            "panels=price,ratio,rsi&log=1&theme=dark&off=crowded,overbought_rsi\
&ref=2500.5&tgt=5%2C10%2C-3.5&out=small&cllvl=250000&ob=75&rsi=10&to=2026-01-16\
&from=2025-06-01&range=YTD&asof=2026-01-16&lag=unemployment.m:9&lag=claims.*:6\
&join=union&kind=MY_FLOWS:other&col=SPY:Adj%20Close,%20USD&role=IWM:large\
&role=MY_FLOWS:small-flows&role=SPY:none\
&u=https%3A%2F%2Fexample.com%2Fdata%2Fa%2Cb.csv%3Fx%3D1%26y%3D2&s=rut,gspc,ndx&v=1"
                .to_string(),
        ),
        ("default", "v=1".to_string()),
        ("empty lists", "s=&panels=".to_string()),
        ("script-like column", "col=SPY:<b>Close</b>".to_string()),
        // tests/link.rs, tampering_cases(): (what, query).
        (
            "script tag in a role id",
            "role=<img src=x>:small".to_string(),
        ),
        (
            "script tag in a column's id",
            "col=<script>:Close".to_string(),
        ),
        (
            "script tag in a setting",
            "rsi=<script>alert(1)</script>".to_string(),
        ),
        ("script tag in a sample", "s=<script>".to_string()),
        ("rsi out of range", "rsi=900".to_string()),
        ("rsi not a number", "rsi=abc".to_string()),
        ("rsi overflowing", "rsi=1e309".to_string()),
        ("float overflowing to infinity", "ob=1e309".to_string()),
        ("huge integer", "hz=99999999999999999999999".to_string()),
        ("negative threshold", "ob=-5".to_string()),
        ("bad target", "tgt=7,abc".to_string()),
        ("eleven targets", "tgt=1,2,3,4,5,6,7,8,9,10,11".to_string()),
        ("bad choice", "out=everything".to_string()),
        ("negative reference", "ref=-5".to_string()),
        ("30 February", "asof=2026-02-30".to_string()),
        ("month 13", "asof=2026-13-01".to_string()),
        ("loose date", "asof=2026-1-5".to_string()),
        ("year out of range", "asof=1800-01-01".to_string()),
        (
            "reversed window",
            "from=2026-03-01&to=2026-01-01".to_string(),
        ),
        ("empty window", "from=2026-03-01&to=2026-03-01".to_string()),
        ("half a window", "from=2026-03-01".to_string()),
        ("unknown range", "range=10y".to_string()),
        ("newer version", "v=2&rsi=20".to_string()),
        ("version not a number", "v=abc".to_string()),
        ("unknown key", "foo=1".to_string()),
        ("duplicate key, last wins", "rsi=10&rsi=20".to_string()),
        (
            "duplicate id, last wins",
            "role=IWM:small&role=IWM:large".to_string(),
        ),
        (
            "over-long value",
            format!("u=https://x.com/{}", "a".repeat(5000)),
        ),
        ("javascript: address", "u=javascript:alert(1)".to_string()),
        ("file: address", "u=file:///etc/passwd".to_string()),
        (
            "data: address",
            "u=data:text/html,<script>alert(1)</script>".to_string(),
        ),
        (
            "address without a host",
            "u=https:///etc/passwd".to_string(),
        ),
        ("address with a space", "u=https://x.com/a+b".to_string()),
        (
            "repeated address",
            "u=https://x.com/a&u=https://x.com/a".to_string(),
        ),
        ("path traversal as a sample", "s=../../etc".to_string()),
        ("repeated sample", "s=IWM,iwm".to_string()),
        ("unicode in a key", "rs\u{ed}=20".to_string()),
        ("unicode lookalike key", "r\u{455}i=20".to_string()),
        ("unknown rule", "off=nonsense".to_string()),
        ("lag too long", "lag=claims.w:9999".to_string()),
        ("lag with a negative number", "lag=claims.w:-1".to_string()),
        ("lag of an unknown kind", "lag=gold.d:1".to_string()),
        ("lag of an unknown frequency", "lag=claims.x:1".to_string()),
        ("lag without shape", "lag=5".to_string()),
        ("unknown theme", "theme=purple".to_string()),
        ("unknown join", "join=outer".to_string()),
        ("unknown log flag", "log=maybe".to_string()),
        ("unknown panel", "panels=price,chart".to_string()),
        ("unknown role", "role=IWM:boss".to_string()),
        ("empty role", "role=IWM:".to_string()),
        ("lower-case id", "kind=iwm:price".to_string()),
        ("unknown kind", "kind=IWM:banana".to_string()),
        ("role without id", "role=small".to_string()),
        ("empty column", "col=IWM:".to_string()),
        ("over-long column", format!("col=IWM:{}", "c".repeat(201))),
        ("control character in a column", "col=IWM:a%07b".to_string()),
        ("percent garbage", "rsi=%zz".to_string()),
        ("percent garbage in a key", "%zz=1".to_string()),
        ("NUL byte", "rsi=%00".to_string()),
        ("invalid UTF-8", "rsi=%FF%FE".to_string()),
        ("direction override", "asof=%E2%80%AE2026-01-01".to_string()),
        ("empty key", "==".to_string()),
        // tests/link.rs: separators_alone_are_harmless.
        ("separators 1", "&&==".to_string()),
        ("separators 2", "?&?".to_string()),
        ("separators 3", "&=&=&".to_string()),
        ("separators 4", "%%%".to_string()),
        ("separators 5", "a=b=c&&=d".to_string()),
        // tests/link.rs: the caps.
        ("too many pairs", vec!["foo=1"; 450].join("&")),
        (
            "repeated keys capped",
            (0..70)
                .map(|i| format!("u=https://x.com/{i}.csv&role=S{i}:macro"))
                .collect::<Vec<_>>()
                .join("&"),
        ),
    ];
    for (what, query) in &queries {
        write(out, what, query.as_bytes());
    }
    queries.len()
}

fn shared(name: &str, source_name: &str, bytes: &[u8]) -> SharedSeries {
    SharedSeries {
        name: name.to_string(),
        source_name: source_name.to_string(),
        bytes: bytes.into(),
    }
}

/// The payload layout of `encode_fragment` (src/link/fragment.rs), unpacked.
fn payload(series: &[SharedSeries]) -> Vec<u8> {
    let mut out = b"RR\x01".to_vec();
    out.push(u8::try_from(series.len()).expect("few series"));
    for s in series {
        for len in [s.name.len(), s.source_name.len(), s.bytes.len()] {
            out.extend_from_slice(&u32::try_from(len).expect("small").to_le_bytes());
        }
        out.extend_from_slice(s.name.as_bytes());
        out.extend_from_slice(s.source_name.as_bytes());
        out.extend_from_slice(&s.bytes);
    }
    out
}

fn fragment_seeds(out: &Path) -> usize {
    let binary: Vec<u8> = (0..=255u8).cycle().take(300).collect();
    let lists: Vec<(&str, Vec<SharedSeries>)> = vec![
        (
            "one",
            vec![shared(
                "MY_FLOWS",
                "flows.csv",
                b"Date,Value\n2026-01-02,1.5\n2026-01-05,-2\n",
            )],
        ),
        (
            "several",
            vec![
                shared("MY_FLOWS", "flows.csv", b"Date,Value\n2026-01-02,1.5\n"),
                shared("BIN", "odd \u{1F4C8} file.bin", &binary),
                shared("EMPTY", "", b""),
                shared(
                    "\u{dc}n\u{ef}c\u{f6}d\u{e9}",
                    "pasted",
                    "Date;Wert\n02.01.2026;1,5\n".as_bytes(),
                ),
            ],
        ),
        (
            "long name",
            vec![shared(&"N".repeat(255), &"s".repeat(255), b"x")],
        ),
    ];
    let mut n = 0;
    let mut seed = |name: &str, bytes: &[u8]| {
        write(out, name, bytes);
        n += 1;
    };
    for (what, list) in &lists {
        let fragment = encode_fragment(list).expect("a small fragment encodes");
        seed(&format!("fragment-{what}"), fragment.as_bytes());
        seed(&format!("payload-{what}"), &payload(list));
        if *what == "one" {
            let cut = &fragment[..fragment.len() / 2];
            seed("broken-cut", cut.as_bytes());
            seed("broken-hash", format!("#{fragment}").as_bytes());
            seed("broken-among-parts", format!("x=1&{fragment}&y").as_bytes());
            seed("broken-padded", format!("{fragment}==").as_bytes());
            // The local series' overrides ride before the data.
            seed(
                "with-overrides",
                format!("role=MY_FLOWS:small-flows&col=MY_FLOWS:Value&kind=MY_FLOWS:flows&{fragment}")
                    .as_bytes(),
            );
            seed(
                "with-bad-overrides",
                format!("role=MY_FLOWS:bogus&theme=light&col=:x&{fragment}").as_bytes(),
            );
            let mut bad = fragment.clone().into_bytes();
            bad[5] = b'!';
            seed("broken-char", &bad);
            let mut flipped = fragment.into_bytes();
            flipped[4] = if flipped[4] == b'A' { b'B' } else { b'A' };
            seed("broken-deflate", &flipped);
        }
    }
    seed("broken-empty", b"d=");
    seed("broken-no-data", b"#x=1");
    seed("payload-empty-list", b"RR\x01\x00");
    seed("payload-version-2", b"RR\x02\x00");
    seed("payload-too-many", b"RR\x01\x41");
    seed("payload-trailing", b"RR\x01\x00junk");
    n
}

/// The shipped calendar respelt, line by line: every row keeps its cells
/// (`start,end,year,sep`), joined by `delimiter` after `header`.
fn respelt(shipped: &str, header: &str, delimiter: &str, newline: &str) -> String {
    let mut text = format!("{header}{newline}");
    for row in shipped.lines().skip(1) {
        text.push_str(&row.replace(',', delimiter));
        text.push_str(newline);
    }
    text
}

fn fomc_seeds(root: &Path, out: &Path) -> usize {
    let shipped =
        fs::read_to_string(root.join("public/data/FOMC.csv")).expect("read public/data/FOMC.csv");
    let one_date: String = std::iter::once("FOMC meeting".to_string())
        .chain(
            shipped
                .lines()
                .skip(1)
                .filter_map(|row| row.split(',').nth(1).map(str::to_string)),
        )
        .map(|line| line + "\n")
        .collect();
    let files: Vec<(&str, String)> = vec![
        ("shipped", shipped.clone()),
        (
            "bom-crlf",
            format!("\u{feff}{}", respelt(&shipped, "start,end,year,sep", ",", "\r\n")),
        ),
        (
            "semicolon-quoted-header",
            respelt(&shipped, "\"Start Date\";\"End Date\";\"Year\";\"SEP\"", ";", "\n"),
        ),
        (
            "tab-aliases",
            respelt(&shipped, "begin\tdecision_date\tyear\tprojections", "\t", "\n"),
        ),
        ("one-date-column", one_date),
        (
            "comments-blank-lines",
            "# FOMC schedule\n\nstart,end,sep\n# 2026\n2026-01-27,2026-01-28,no\n\n,,\n2026-03-17,2026-03-18,yes\n2026-04-28,2026-04-29,\n2026-06-16,2026-06-17,*\n".to_string(),
        ),
        (
            "unsorted-exact-duplicate",
            "start,end,sep\n2026-03-17,2026-03-18,1\n2026-01-27,2026-01-28,0\n2026-03-17,2026-03-18,1\n".to_string(),
        ),
        ("start-and-date", "start,date\n2026-01-27,2026-01-28\n".to_string()),
        // tests/calendar.rs: the located errors.
        ("bad-empty", String::new()),
        ("bad-blank", " \n\r\n\n".to_string()),
        ("bad-only-comment", "# only a comment\n".to_string()),
        ("bad-header-only", "start,end,sep\n".to_string()),
        ("bad-empty-cells", "start,end\n,,\n".to_string()),
        ("bad-price-header", "Date,Open,Close\n".to_string()),
        ("bad-no-date-column", "foo,bar\n2024-01-31,1\n".to_string()),
        ("bad-header-missing", "2024-01-30,2024-01-31\n2024-03-19,2024-03-20\n".to_string()),
        ("bad-duplicate-column", "start,begin,end\n".to_string()),
        ("bad-missing-date", "start,end\n2024-01-30\n".to_string()),
        ("bad-sep", "start,end,sep\n2024-01-30,2024-01-31,maybe\n".to_string()),
        ("bad-end-before-start", "start,end\n2024-01-31,2024-01-30\n".to_string()),
        (
            "bad-conflicting-duplicate",
            "start,end,sep\n2024-01-30,2024-01-31,0\n2024-03-19,2024-03-20,1\n2024-01-30,2024-01-31,1\n".to_string(),
        ),
        ("bad-not-a-day", "start,end\n2024-02-30,2024-03-01\n".to_string()),
        ("bad-loose-date", "date\n2024-1-5\n+2024-01-05\n".to_string()),
        ("bad-nul", "start,end\0\n".to_string()),
        ("bad-open-quote", "start,end\n\"2024-01-30,2024-01-31\n".to_string()),
    ];
    for (what, text) in &files {
        write(out, what, text.as_bytes());
    }
    // Not UTF-8 (a Windows-1252 é), so not a `String` above.
    write(
        out,
        "windows-1252-byte",
        b"start,end,note\n2026-01-27,2026-01-28,caf\xe9\n",
    );
    files.len() + 1
}

/// A libFuzzer dictionary: one quoted token a line.
fn write_dict(path: &Path, tokens: &[String]) {
    let mut text = String::new();
    let mut seen: Vec<&String> = Vec::new();
    for token in tokens {
        if token.is_empty() || seen.contains(&token) {
            continue;
        }
        seen.push(token);
        text.push('"');
        for b in token.bytes() {
            match b {
                b'"' | b'\\' => text.push_str(&format!("\\{}", char::from(b))),
                0x20..=0x7e => text.push(char::from(b)),
                _ => text.push_str(&format!("\\x{b:02X}")),
            }
        }
        text.push_str("\"\n");
    }
    fs::write(path, text).expect("write a dictionary");
}

fn url_state_tokens() -> Vec<String> {
    let mut tokens: Vec<String> = KEYS.iter().map(|k| format!("{k}=")).collect();
    tokens.extend(SETTINGS.iter().map(|s| format!("{}=", s.key)));
    tokens.extend(PANELS.iter().map(|p| p.to_string()));
    tokens.extend(SeriesKind::ALL.iter().map(|k| kind_code(*k).to_string()));
    tokens.extend(Role::ALL.iter().map(|r| role_code(*r).to_string()));
    tokens.extend(RangePreset::ALL.iter().map(|r| r.as_str().to_string()));
    tokens.extend(RuleId::ALL.iter().map(|r| r.as_str().to_string()));
    tokens.extend(SAMPLES.iter().map(|s| s.id.to_string()));
    for frequency in [None, Some(Frequency::Daily), Some(Frequency::Weekly)]
        .into_iter()
        .chain(
            [
                Frequency::Monthly,
                Frequency::Quarterly,
                Frequency::Irregular,
            ]
            .map(Some),
        )
    {
        tokens.push(format!(".{}:", frequency_code(frequency)));
    }
    for t in [
        "&",
        "=",
        "%",
        "%2C",
        "%26",
        "%3D",
        "%23",
        "+",
        ",",
        ":",
        "https://",
        "http://",
        "union",
        "intersection",
        "light",
        "dark",
        "on",
        "off",
        "true",
        "false",
        "2026-01-16",
        "1e309",
    ] {
        tokens.push(t.to_string());
    }
    tokens
}

fn dates_tokens() -> Vec<String> {
    let months = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let mut tokens: Vec<String> = months.iter().map(|m| m.to_string()).collect();
    tokens.extend(months.iter().map(|m| m[..3].to_string()));
    for t in [
        "/",
        ".",
        "-",
        " ",
        ", ",
        "T",
        " 00:00:00",
        "-05:00",
        "+01:00",
        "Z",
        "1999",
        "2024",
        "99",
        "12",
        "13",
        "31",
        "29",
        "02",
        "1706659200",
        "000",
    ] {
        tokens.push(t.to_string());
    }
    tokens
}

fn fomc_tokens() -> Vec<String> {
    let mut tokens: Vec<String> = [START_NAMES, END_NAMES, DATE_NAMES, SEP_NAMES]
        .concat()
        .iter()
        .map(|name| name.to_string())
        .collect();
    for t in [
        ",",
        ";",
        "\t",
        "\"",
        "\n",
        "\r\n",
        "#",
        "\u{feff}",
        "-",
        "2024-01-31",
        "2026-12-09",
        "0000-01-01",
        "9999-12-31",
        "02-29",
        "yes",
        "no",
        "true",
        "false",
        "*",
        "year",
    ] {
        tokens.push(t.to_string());
    }
    tokens
}

fn main() {
    let fuzz = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = fuzz.parent().expect("fuzz/ is inside the repository");
    let seeds = fuzz.join("seeds");
    let mut total = 0;
    for (target, make) in [
        (
            "ingest",
            &(|out: &Path| ingest_seeds(root, out)) as &dyn Fn(&Path) -> usize,
        ),
        ("dates", &dates_seeds),
        ("url_state", &url_seeds),
        ("fragment", &fragment_seeds),
        (
            "fomc",
            &(|out: &Path| fomc_seeds(root, out)) as &dyn Fn(&Path) -> usize,
        ),
    ] {
        let out = seeds.join(target);
        reset(&out);
        let n = make(&out);
        println!("{target}: {n} seeds");
        total += n;
    }
    println!("total: {total} seeds in {}", seeds.display());
    let dicts = fuzz.join("dicts");
    fs::create_dir_all(&dicts).expect("create fuzz/dicts");
    write_dict(&dicts.join("url_state.dict"), &url_state_tokens());
    write_dict(&dicts.join("dates.dict"), &dates_tokens());
    write_dict(&dicts.join("fomc.dict"), &fomc_tokens());
    println!("dictionaries in {}", dicts.display());
}
