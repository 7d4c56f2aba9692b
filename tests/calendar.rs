//! FOMC calendar spec: the shipped file (`tests/fixtures/calendar/FOMC.csv`,
//! the same as `public/data/FOMC.csv`) parses to the 32 scheduled meetings of
//! 2024–2027 and answers the article's "next Fed meeting" questions; other
//! layouts load; malformed files give located errors; no bytes panic.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use proptest::prelude::*;
use regime_radar::engine::calendar::{
    looks_like_fomc_calendar, CalendarError, FomcCalendar, Meeting,
};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("bad test date {s}: {e}"))
}

fn read(path: &str) -> Vec<u8> {
    let path = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"))
}

fn shipped() -> Result<FomcCalendar, CalendarError> {
    FomcCalendar::parse(&read("tests/fixtures/calendar/FOMC.csv"))
}

fn meeting(start: &str, end: &str, sep: bool) -> Meeting {
    Meeting {
        start: day(start),
        end: day(end),
        sep,
    }
}

fn error_of(text: &str) -> CalendarError {
    match FomcCalendar::parse(text.as_bytes()) {
        Ok(cal) => panic!("{text:?} parsed to {cal:?}"),
        Err(e) => e,
    }
}

// ------------------------------------------------------- the shipped file

#[test]
fn shipped_file_has_32_sorted_meetings() -> TestResult {
    let cal = shipped()?;
    assert_eq!(cal.meetings.len(), 32);
    assert!(cal.meetings.windows(2).all(|w| match w {
        [a, b] => a.end < b.end,
        _ => false,
    }));
    assert!(cal.meetings.iter().all(|m| m.start < m.end));
    // Eight a year, half of them with projections (March, June, Sept., Dec.).
    assert_eq!(cal.meetings.iter().filter(|m| m.sep).count(), 16);
    assert_eq!(
        cal.first(),
        Some(meeting("2024-01-30", "2024-01-31", false))
    );
    assert_eq!(cal.last(), Some(meeting("2027-12-07", "2027-12-08", true)));
    // The copy the page loads is the same calendar.
    assert_eq!(FomcCalendar::parse(&read("public/data/FOMC.csv"))?, cal);
    assert!(looks_like_fomc_calendar(&read(
        "tests/fixtures/calendar/FOMC.csv"
    )));
    Ok(())
}

#[test]
fn next_meeting_as_of_mid_january_2026() -> TestResult {
    let cal = shipped()?;
    assert_eq!(
        cal.next_meeting(day("2026-01-16")),
        Some((meeting("2026-01-27", "2026-01-28", false), 12))
    );
    assert_eq!(
        cal.previous_meeting(day("2026-01-16")),
        Some(meeting("2025-12-09", "2025-12-10", true))
    );
    assert!(cal.covers(day("2026-01-16")));
    Ok(())
}

#[test]
fn the_march_meeting_after_january() -> TestResult {
    // The article's "March Fed meeting": the next decision once January's
    // is past, 48 days after 29 January, with projections.
    let cal = shipped()?;
    let (next, days) = cal.next_meeting(day("2026-01-29")).ok_or("no next")?;
    assert_eq!(next, meeting("2026-03-17", "2026-03-18", true));
    assert_eq!(days, 48);
    assert!(next.sep);
    assert_eq!(
        cal.previous_meeting(day("2026-01-29")),
        Some(meeting("2026-01-27", "2026-01-28", false))
    );
    Ok(())
}

#[test]
fn decision_day_is_today() -> TestResult {
    let cal = shipped()?;
    assert_eq!(
        cal.next_meeting(day("2026-01-28")),
        Some((meeting("2026-01-27", "2026-01-28", false), 0))
    );
    // The first day of a meeting: the decision is tomorrow.
    assert_eq!(cal.next_meeting(day("2026-01-27")).map(|(_, d)| d), Some(1));
    // On the decision day the previous meeting is the one before it.
    assert_eq!(
        cal.previous_meeting(day("2026-01-28")),
        Some(meeting("2025-12-09", "2025-12-10", true))
    );
    Ok(())
}

#[test]
fn calendar_runs_out_after_december_2027() -> TestResult {
    let cal = shipped()?;
    assert_eq!(cal.next_meeting(day("2027-12-08")).map(|(_, d)| d), Some(0));
    assert!(cal.covers(day("2027-12-08")));
    assert_eq!(cal.next_meeting(day("2027-12-09")), None);
    assert!(!cal.covers(day("2027-12-09")));
    assert!(!cal.covers(day("2030-01-01")));
    assert_eq!(
        cal.previous_meeting(day("2027-12-09")),
        Some(meeting("2027-12-07", "2027-12-08", true))
    );
    // Before the first listed meeting the calendar does not speak either.
    assert!(!cal.covers(day("2023-06-01")));
    assert!(cal.covers(day("2024-01-30")));
    assert_eq!(cal.previous_meeting(day("2024-01-31")), None);
    Ok(())
}

#[test]
fn empty_calendar_answers_nothing() {
    let cal = FomcCalendar::default();
    let today = day("2026-01-16");
    assert_eq!(cal.next_meeting(today), None);
    assert_eq!(cal.previous_meeting(today), None);
    assert_eq!(cal.first(), None);
    assert_eq!(cal.last(), None);
    assert!(!cal.covers(today));
}

#[test]
fn unsorted_public_field_still_answers_right() {
    // `meetings` is public; a hand-built, unsorted list must not mislead.
    let cal = FomcCalendar {
        meetings: vec![
            meeting("2026-03-17", "2026-03-18", true),
            meeting("2026-01-27", "2026-01-28", false),
        ],
    };
    assert_eq!(
        cal.next_meeting(day("2026-01-16")).map(|(m, _)| m.end),
        Some(day("2026-01-28"))
    );
    assert_eq!(cal.first().map(|m| m.end), Some(day("2026-01-28")));
    assert_eq!(cal.last().map(|m| m.end), Some(day("2026-03-18")));
}

// ------------------------------------------------------------- layouts

#[test]
fn other_layouts_load() -> TestResult {
    // Unsorted, duplicated, upper-case header, CRLF, BOM, blank lines,
    // comments, extra columns, yes/no projections.
    let text = "\u{feff}# my calendar\r\nYear,END,Start,SEP,Note\r\n\r\n2026,2026-03-18,2026-03-17,yes,march\r\n2026,2026-01-28,2026-01-27,no,\r\n2026,2026-03-18,2026-03-17,yes,march\r\n,,,,\r\n";
    let cal = FomcCalendar::parse(text.as_bytes())?;
    assert_eq!(
        cal.meetings,
        vec![
            meeting("2026-01-27", "2026-01-28", false),
            meeting("2026-03-17", "2026-03-18", true),
        ]
    );
    // A one-column date list: one-day meetings, no projections.
    let cal = FomcCalendar::parse(b"date\n2026-03-18\n2026-01-28\n")?;
    assert_eq!(
        cal.meetings,
        vec![
            meeting("2026-01-28", "2026-01-28", false),
            meeting("2026-03-18", "2026-03-18", false),
        ]
    );
    // Semicolons, a named meeting column, quoted cells.
    let cal = FomcCalendar::parse(b"\"FOMC meeting\";\"sep\"\n\"2026-01-28\";\"0\"\n")?;
    assert_eq!(
        cal.meetings,
        vec![meeting("2026-01-28", "2026-01-28", false)]
    );
    // Only an end column, or start and date.
    let cal = FomcCalendar::parse(b"end\n2026-01-28\n")?;
    assert_eq!(cal.meetings.len(), 1);
    let cal = FomcCalendar::parse(b"start,date\n2026-01-27,2026-01-28\n")?;
    assert_eq!(
        cal.meetings,
        vec![meeting("2026-01-27", "2026-01-28", false)]
    );
    // Tabs.
    let cal = FomcCalendar::parse(b"start\tend\n2026-01-27\t2026-01-28\n")?;
    assert_eq!(cal.meetings.len(), 1);
    Ok(())
}

#[test]
fn routes_calendars_and_not_prices() {
    assert!(looks_like_fomc_calendar(b"start,end,year,sep\n"));
    assert!(looks_like_fomc_calendar(
        b"\xEF\xBB\xBFStart Date;End Date\n"
    ));
    assert!(looks_like_fomc_calendar(b"\n\nmeeting_date\n2026-01-28\n"));
    assert!(looks_like_fomc_calendar(b"FOMC,sep\n"));
    assert!(!looks_like_fomc_calendar(
        b"Date,Open,High,Low,Close,Volume\n"
    ));
    assert!(!looks_like_fomc_calendar(b"observation_date,DFF\n"));
    assert!(!looks_like_fomc_calendar(b"start\n"));
    assert!(!looks_like_fomc_calendar(b""));
    assert!(!looks_like_fomc_calendar(b"\xff\xfe\x00\x01"));
}

// -------------------------------------------------------------- errors

#[test]
fn bad_date_names_line_and_column() {
    let err = error_of("start,end,year,sep\n2024-01-30,2024-01-31,2024,0\n2024-01-30,2024-01-31,2024,0\n2024-02-30,2024-02-31,2024,0\n");
    assert_eq!(
        err,
        CalendarError::BadDate {
            line: 4,
            column: "start".into(),
            value: "2024-02-30".into()
        }
    );
    let err = error_of("start,end,year,sep\n2024-01-30,2024-01-31,2024,0\n2024-01-30,2024-01-31,2024,0\n2024-02-01,2024-02-31,2024,0\n");
    assert_eq!(
        err.to_string(),
        "Line 4, column \"end\": \"2024-02-31\" is not a date (expected YYYY-MM-DD)."
    );
    // Not ISO: refused rather than guessed.
    for bad in [
        "01/31/2024",
        "2024-1-31",
        "2024/01/31",
        "+2024-01-31",
        "31.01.2024",
    ] {
        let err = error_of(&format!("date\n{bad}\n"));
        assert!(
            matches!(&err, CalendarError::BadDate { line: 2, value, .. } if value == bad),
            "{bad}: {err:?}"
        );
    }
}

#[test]
fn structural_errors() {
    assert_eq!(error_of(""), CalendarError::Empty);
    assert_eq!(error_of(" \n\r\n\n"), CalendarError::Empty);
    assert_eq!(error_of("# only a comment\n"), CalendarError::Empty);
    assert!(matches!(
        error_of("start,end,sep\n"),
        CalendarError::NoRows { .. }
    ));
    assert!(matches!(
        error_of("start,end\n,,\n"),
        CalendarError::NoRows { .. }
    ));
    assert!(matches!(
        error_of("Date,Open,Close\n"),
        CalendarError::NoRows { .. }
    ));
    assert_eq!(
        error_of("foo,bar\n2024-01-31,1\n"),
        CalendarError::NoDateColumn {
            columns: "\"foo\", \"bar\"".into()
        }
    );
    assert_eq!(
        error_of("2024-01-30,2024-01-31\n2024-03-19,2024-03-20\n"),
        CalendarError::HeaderMissing {
            line: 1,
            column: 1,
            value: "2024-01-30".into()
        }
    );
    assert!(matches!(
        error_of("start,begin,end\n"),
        CalendarError::DuplicateColumn { .. }
    ));
    assert_eq!(
        error_of("start,end\n2024-01-30\n"),
        CalendarError::MissingDate {
            line: 2,
            column: "end".into()
        }
    );
    assert_eq!(
        error_of("start,end,sep\n2024-01-30,2024-01-31,maybe\n"),
        CalendarError::BadSep {
            line: 2,
            column: "sep".into(),
            value: "maybe".into()
        }
    );
    assert_eq!(
        error_of("start,end\n2024-01-31,2024-01-30\n"),
        CalendarError::EndBeforeStart {
            line: 2,
            start: day("2024-01-31"),
            end: day("2024-01-30")
        }
    );
    assert_eq!(
        error_of("start,end,sep\n2024-01-30,2024-01-31,0\n2024-03-19,2024-03-20,1\n2024-01-30,2024-01-31,1\n"),
        CalendarError::ConflictingDuplicate {
            first_line: 2,
            line: 4,
            end: day("2024-01-31")
        }
    );
    assert_eq!(error_of("start,end\0\n"), CalendarError::Binary);
}

#[test]
fn every_message_is_a_sentence() {
    let texts = [
        "",
        "start,end\n",
        "foo,bar\n1,2\n",
        "2024-01-30,2024-01-31\n",
        "start,start_date,end\n",
        "start,end\n2024-02-30,2024-03-01\n",
        "start,end\n2024-01-30\n",
        "start,end,sep\n2024-01-30,2024-01-31,2\n",
        "start,end\n2024-01-31,2024-01-30\n",
        "date\n2024-01-31\n2024-01-31\n2024-01-31\n",
    ];
    for text in texts {
        let Err(err) = FomcCalendar::parse(text.as_bytes()) else {
            // The last text has only exact duplicates: it loads.
            continue;
        };
        let message = err.to_string();
        assert!(message.ends_with('.'), "{message}");
        assert!(
            message.chars().next().is_some_and(char::is_uppercase),
            "{message}"
        );
    }
    // Long junk is quoted short.
    let long = format!("date\n{}\n", "9".repeat(5000));
    assert!(error_of(&long).to_string().len() < 200);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn random_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = looks_like_fomc_calendar(&bytes);
        if let Ok(cal) = FomcCalendar::parse(&bytes) {
            prop_assert!(!cal.meetings.is_empty());
        }
    }

    #[test]
    fn csv_like_text_never_panics(text in "[a-z0-9,;\\-\"# \n\r\t]{0,300}") {
        let _ = looks_like_fomc_calendar(text.as_bytes());
        let _ = FomcCalendar::parse(text.as_bytes());
    }

    #[test]
    fn parsed_calendars_keep_the_invariant(
        days in prop::collection::vec((0i64..2000, 0i64..3, any::<bool>()), 1..40),
    ) {
        let base = day("2024-01-01");
        let mut text = String::from("start,end,sep\n");
        for (offset, length, sep) in &days {
            let start = base + chrono::Duration::days(*offset);
            let end = start + chrono::Duration::days(*length);
            text.push_str(&format!("{start},{end},{}\n", u8::from(*sep)));
        }
        // Random rows may share an end day with different details: an
        // error then, otherwise sorted, unique, start ≤ end.
        match FomcCalendar::parse(text.as_bytes()) {
            Ok(cal) => {
                prop_assert!(cal.meetings.windows(2).all(|w| matches!(w, [a, b] if a.end < b.end)));
                prop_assert!(cal.meetings.iter().all(|m| m.start <= m.end));
            }
            Err(e) => prop_assert!(matches!(e, CalendarError::ConflictingDuplicate { .. }), "{:?}", e),
        }
    }
}
