//! Ingest properties: whatever the bytes, `ingest` returns Ok or Err and
//! never panics; every Ok is a valid series; chunking never changes the result.

use proptest::prelude::*;
use regime_radar::engine::ingest::{
    file_stem, ingest, IncrementalIngest, IngestError, IngestOptions, IngestStep, Ingested,
};

const VALID: &str = "Date,Open,High,Low,Close,Adj Close,Volume\n\
2024-01-02,198.18,199.71,196.34,196.59,195.10,36424433\n\
2024-01-03,194.52,194.87,191.39,191.93,190.50,45370167\n\
2024-01-04,191.92,193.73,191.27,null,null,null\n\
2024-01-05,191.04,193.36,190.51,192.19,191.00,30871110\n\
2024-01-08,193.06,195.85,192.41,195.72,194.30,30126400\n";

/// Hand-downloaded layouts (issue 18): Investing.com (quoted, thousands,
/// `1.2M` / `850.5K` / `-` volumes, `Change %`), WSJ (spaces, `MM/DD/YY`),
/// Nasdaq.com (`$`), each newest first.
const HAND_LAYOUTS: [&str; 3] = [
    "\u{feff}\"Date\",\"Price\",\"Open\",\"High\",\"Low\",\"Vol.\",\"Change %\"\n\
\"12/13/2024\",\"2,346.90\",\"2,357.80\",\"2,361.84\",\"2,336.28\",\"3.58M\",\"-0.60%\"\n\
\"12/12/2024\",\"2,361.08\",\"2,387.38\",\"2,391.86\",\"2,360.59\",\"850.5K\",\"-1.38%\"\n\
\"12/11/2024\",\"2,394.16\",\"2,399.05\",\"2,407.74\",\"2,386.37\",\"-\",\"0.48%\"\n",
    "Date, Open, High, Low, Close, Volume\n\
12/13/24, 231.08, 231.56, 228.62, 229.80, 23972900\n\
12/12/24, 233.83, 234.31, 231.06, 231.38, 21454500\n\
12/11/24, 235.36, 235.93, 233.50, 234.43, 23156900\n",
    "Date,Close/Last,Volume,Open,High,Low\n\
01/05/2024,$396.24,54350720,$395.99,$399.22,$395.36\n\
01/04/2024,$396.01,51290560,$396.96,$400.13,$395.70\n\
01/03/2024,$396.28,54870910,$397.96,$399.67,$395.89\n",
];

/// The invariants every successful load keeps (see `series.rs`).
fn assert_valid(loaded: &Ingested) {
    let s = &loaded.series;
    assert!(
        s.dates.windows(2).all(|w| w[0] < w[1]),
        "dates strictly increase"
    );
    assert_eq!(s.close.len(), s.len());
    for column in [&s.open, &s.high, &s.low, &s.volume, &s.raw_close]
        .into_iter()
        .flatten()
    {
        assert_eq!(column.len(), s.len());
    }
    assert!(
        s.close.iter().flatten().all(|v| v.is_finite()),
        "no NaN or infinity"
    );
    assert!(s.len() >= 2);
    assert!(!loaded.report.summary().is_empty());
    for warning in &loaded.warnings {
        assert!(!warning.to_string().is_empty());
    }
}

fn check(bytes: &[u8]) {
    match ingest(bytes, "prop.csv", &IngestOptions::default()) {
        Ok(loaded) => assert_valid(&loaded),
        Err(e) => assert!(e.to_string().ends_with('.'), "{e}"),
    }
}

fn chunked(bytes: &[u8], step: usize) -> Result<Ingested, IngestError> {
    let mut job = IncrementalIngest::new(bytes.to_vec(), "prop.csv", IngestOptions::default());
    loop {
        if let IngestStep::Finished(result) = job.step(step) {
            return result;
        }
    }
}

/// One edit of a valid CSV: overwrite, insert or delete a byte.
#[derive(Debug, Clone)]
enum Edit {
    Set(usize, u8),
    Insert(usize, u8),
    Delete(usize),
}

fn edit_strategy() -> impl Strategy<Value = Edit> {
    // Bytes that matter to a CSV reader, plus anything at all.
    let interesting = prop_oneof![
        Just(b','),
        Just(b';'),
        Just(b'\t'),
        Just(b'\n'),
        Just(b'\r'),
        Just(b'"'),
        Just(b'.'),
        Just(b'-'),
        Just(b'/'),
        Just(b'e'),
        Just(b'0'),
        Just(b'9'),
        Just(0u8),
        Just(0xFFu8),
        any::<u8>(),
    ];
    prop_oneof![
        (any::<usize>(), interesting.clone()).prop_map(|(i, b)| Edit::Set(i, b)),
        (any::<usize>(), interesting).prop_map(|(i, b)| Edit::Insert(i, b)),
        any::<usize>().prop_map(Edit::Delete),
    ]
}

fn apply(mut bytes: Vec<u8>, edits: &[Edit]) -> Vec<u8> {
    for edit in edits {
        let len = bytes.len().max(1);
        match *edit {
            Edit::Set(i, b) if !bytes.is_empty() => bytes[i % len] = b,
            Edit::Insert(i, b) => bytes.insert(i % (bytes.len() + 1), b),
            Edit::Delete(i) if !bytes.is_empty() => {
                bytes.remove(i % len);
            }
            _ => {}
        }
    }
    bytes
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn random_text_lines_never_panic(lines in proptest::collection::vec("[0-9a-zA-Z,;\t .:/\"-]{0,40}", 0..20)) {
        check(lines.join("\n").as_bytes());
    }

    #[test]
    fn mutated_valid_csv_never_panics_and_stays_valid(edits in proptest::collection::vec(edit_strategy(), 1..8)) {
        check(&apply(VALID.as_bytes().to_vec(), &edits));
    }

    #[test]
    fn mutated_hand_layouts_never_panic_and_chunking_agrees(
        which in 0usize..HAND_LAYOUTS.len(),
        edits in proptest::collection::vec(edit_strategy(), 0..6),
        step in 0usize..4,
    ) {
        let bytes = apply(HAND_LAYOUTS[which].as_bytes().to_vec(), &edits);
        check(&bytes);
        let whole = ingest(&bytes, "prop.csv", &IngestOptions::default());
        prop_assert_eq!(chunked(&bytes, step), whole);
    }

    #[test]
    fn any_file_name_gives_a_non_empty_id(name in "\\PC{0,40}") {
        let _ = file_stem(&name);
        if let Ok(loaded) = ingest(HAND_LAYOUTS[1].as_bytes(), &name, &IngestOptions::default()) {
            prop_assert!(!loaded.series.id.as_str().is_empty());
        }
    }

    #[test]
    fn chunk_size_never_changes_the_result(
        edits in proptest::collection::vec(edit_strategy(), 0..4),
        step in 0usize..6,
    ) {
        let bytes = apply(VALID.as_bytes().to_vec(), &edits);
        let whole = ingest(&bytes, "prop.csv", &IngestOptions::default());
        prop_assert_eq!(chunked(&bytes, step), whole);
    }

    #[test]
    fn shuffled_rows_load_to_the_same_sorted_series(seed in any::<u64>()) {
        let mut rows: Vec<&str> = VALID.lines().skip(1).collect();
        // A cheap deterministic shuffle from the seed.
        let n = rows.len();
        for i in (1..n).rev() {
            let j = (seed.wrapping_mul(6364136223846793005).wrapping_add(i as u64) >> 33) as usize % (i + 1);
            rows.swap(i, j);
        }
        let shuffled = format!("{}\n{}\n", VALID.lines().next().unwrap_or_default(), rows.join("\n"));
        let sorted = ingest(VALID.as_bytes(), "x.csv", &IngestOptions::default());
        let from_shuffled = ingest(shuffled.as_bytes(), "x.csv", &IngestOptions::default());
        match (sorted, from_shuffled) {
            (Ok(a), Ok(b)) => prop_assert_eq!(a.series, b.series),
            (a, b) => prop_assert!(false, "both must load: {:?} {:?}", a.err(), b.err()),
        }
    }
}
