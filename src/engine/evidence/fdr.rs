//! Benjamini–Hochberg false-discovery control over every judged row of a
//! table (Benjamini & Hochberg 1995): with `m` p values sorted ascending,
//! `q(i) = min over j ≥ i of m·p(j)/j`, capped at 1. Calling every row with
//! `q ≤ level` a discovery keeps the expected share of false discoveries
//! among them at most `level` for independent or positively dependent
//! tests (Benjamini & Yekutieli 2001), which is how the table's rows
//! relate: the same rule at three horizons, regimes built from rules.

/// The BH-adjusted q value of each p value (`None` stays `None` and does
/// not count in `m`); non-finite p values count as 1.
pub fn benjamini_hochberg(p: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut order: Vec<(usize, f64)> = p
        .iter()
        .enumerate()
        .filter_map(|(i, v)| {
            v.map(|v| {
                (
                    i,
                    if v.is_finite() {
                        v.clamp(0.0, 1.0)
                    } else {
                        1.0
                    },
                )
            })
        })
        .collect();
    order.sort_by(|a, b| a.1.total_cmp(&b.1).then(a.0.cmp(&b.0)));
    let m = order.len() as f64;
    let mut out = vec![None; p.len()];
    let mut running = 1.0f64;
    for (rank, (index, value)) in order.iter().enumerate().rev() {
        let q = (value * m / (rank + 1) as f64).min(1.0);
        running = running.min(q);
        if let Some(slot) = out.get_mut(*index) {
            *slot = Some(running);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The worked example of Benjamini & Hochberg's paper style: R's
    /// `p.adjust(p, "BH")` gives these q values.
    #[test]
    fn matches_r_p_adjust() {
        let p = [0.01, 0.04, 0.03, 0.005, 0.5];
        let q = benjamini_hochberg(&p.map(Some));
        let want = [0.025, 0.05, 0.05, 0.025, 0.5];
        for (got, want) in q.iter().zip(want) {
            assert!((got.unwrap_or(f64::NAN) - want).abs() < 1e-15, "{q:?}");
        }
    }

    #[test]
    fn missing_values_are_not_counted() {
        let q = benjamini_hochberg(&[Some(0.02), None, Some(0.04)]);
        assert_eq!(q, vec![Some(0.04), None, Some(0.04)]);
        assert!(benjamini_hochberg(&[]).is_empty());
    }
}
