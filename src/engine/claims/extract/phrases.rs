//! Claims stated without a number of their own: a record, the highest
//! since a date, a streak, a lead over another index (split from
//! `extract.rs`, which keeps the numbers).

use super::{span_of, Carry, Claim, Measure, Sentence, Unit};
use crate::engine::claims::dates::{full_date_at, month_year_at};
use crate::engine::claims::patterns::{Comparator, Effect, MeasureCue};

impl Sentence<'_> {
    /// Claims stated without a number of their own: a record, the highest
    /// since a date, a streak, a lead over another index.
    pub(super) fn phrase_claims(&self, carry: &Carry, base: &Claim, out: &mut Vec<Claim>) {
        for h in &self.hits {
            let Effect::Measure(cue) = h.pattern.effect else {
                continue;
            };
            let subject = self.nearest_mention(h.start, true).or(carry.subject);
            let span = span_of(self.tokens, h.start, h.end);
            let claim = |measure, value: Option<f64>, comparator| Claim {
                measure,
                subject,
                value,
                comparator,
                span,
                ..base.clone()
            };
            match cue {
                MeasureCue::Record => {
                    let distance = self.hits.iter().any(|x| {
                        matches!(x.pattern.effect, Effect::Measure(MeasureCue::FromRecord))
                    });
                    if !distance {
                        out.push(claim(Measure::Record, None, Comparator::Equal));
                    }
                }
                MeasureCue::HighestSince | MeasureCue::LowestSince => {
                    let since = full_date_at(self.tokens, h.end)
                        .or_else(|| month_year_at(self.tokens, h.end))
                        .map(|(d, _)| d);
                    let measure = match (since, cue) {
                        (None, _) => {
                            Measure::Other("'highest/lowest since' without a date the rules read")
                        }
                        (Some(d), MeasureCue::LowestSince) => Measure::LowestSince(d),
                        (Some(d), _) => Measure::HighestSince(d),
                    };
                    out.push(claim(measure, None, Comparator::Equal));
                }
                MeasureCue::Streak => {
                    let direction = self
                        .hits
                        .iter()
                        .find_map(|x| match x.pattern.effect {
                            Effect::Direction(d) => Some(d),
                            _ => None,
                        })
                        .unwrap_or(0);
                    let mut c = claim(
                        Measure::Streak { direction },
                        h.count.map(f64::from),
                        Comparator::Equal,
                    );
                    c.precision = 0.0;
                    out.push(c);
                }
                MeasureCue::Beat | MeasureCue::Trail => {
                    // A lead without a number: the sign of the spread.
                    let number_attached = self.range.clone().any(|i| {
                        i >= h.end
                            && self.tokens[i].number().is_some()
                            && !self.in_hit_or_mention(i)
                            && !self.is_not_a_claim(i)
                            && self.unit_after(i).0 == Unit::Points
                    });
                    let before = self
                        .mentions
                        .iter()
                        .rev()
                        .find(|m| m.end <= h.start && self.is_price(m.entry))
                        .map(|m| m.entry)
                        .or(carry.subject);
                    let other = self
                        .mentions
                        .iter()
                        .find(|m| m.start >= h.end && self.is_price(m.entry))
                        .map(|m| m.entry);
                    let (Some(a), Some(b)) = (before, other) else {
                        continue;
                    };
                    if number_attached || a == b {
                        continue;
                    }
                    let horizon = self.horizon_near(h.start);
                    let carried = horizon.is_none() && carry.horizon.is_some();
                    let comparator = if cue == MeasureCue::Beat {
                        Comparator::AtLeast
                    } else {
                        Comparator::AtMost
                    };
                    let mut c = claim(Measure::Spread { other: b }, Some(0.0), comparator);
                    c.subject = Some(a);
                    c.percent = true;
                    c.horizon = horizon.or(carry.horizon);
                    c.horizon_carried = carried;
                    out.push(c);
                }
                _ => {}
            }
        }
    }
}
