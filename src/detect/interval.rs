//! The two intervals of a quantity (spec §3): *strict*, its hard bounds widened by the
//! tolerance, and *plausible*, hedges read the way a newsroom means them.

use serde::Serialize;

use super::Settings;
use crate::value::Bound;

/// A closed interval; `f64::INFINITY` / `NEG_INFINITY` for open ends.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Interval {
    pub low: f64,
    pub high: f64,
}

impl Interval {
    pub fn overlaps(&self, other: &Interval) -> bool {
        self.low <= other.high && other.low <= self.high
    }
}

fn widen(low: f64, high: f64, by: f64) -> Interval {
    // Widen by a share of the magnitude, so negative figures widen outward too.
    Interval {
        low: low - low.abs() * by,
        high: high + high.abs() * by,
    }
}

/// The hard bounds widened: exact figures and range ends by the tolerance, approximate
/// figures by the approximation width; open ends stay open.
pub fn strict(bound: Bound, low: Option<f64>, high: Option<f64>, s: &Settings) -> Interval {
    let lo = low.unwrap_or(f64::NEG_INFINITY);
    let hi = high.unwrap_or(f64::INFINITY);
    match bound {
        Bound::Exact | Bound::Range => widen(lo, hi, s.tolerance),
        Bound::Approx => widen(lo, hi, s.approx_width),
        Bound::Over | Bound::AtLeast | Bound::Under | Bound::AtMost => {
            Interval { low: lo, high: hi }
        }
    }
}

/// What the figure means in practice: "over X" is X to X·1.25, "under X" is X·0.75 to X
/// (by default); other forms mean what their strict interval says.
pub fn plausible(bound: Bound, low: Option<f64>, high: Option<f64>, s: &Settings) -> Interval {
    match (bound, low, high) {
        (Bound::Over | Bound::AtLeast, Some(x), _) => {
            let far = x + x.abs() * (s.over_factor - 1.0);
            Interval { low: x, high: far }
        }
        (Bound::Under | Bound::AtMost, _, Some(x)) => {
            let near = x - x.abs() * (1.0 - s.under_factor);
            Interval { low: near, high: x }
        }
        _ => strict(bound, low, high, s),
    }
}

/// The figure as stated, hedges read plausibly but nothing widened: what a reader would
/// call the claim's number. Used for gaps between camps.
pub fn stated(bound: Bound, low: Option<f64>, high: Option<f64>, s: &Settings) -> Interval {
    match bound {
        Bound::Exact | Bound::Approx | Bound::Range => Interval {
            low: low.unwrap_or(f64::NEG_INFINITY),
            high: high.unwrap_or(f64::INFINITY),
        },
        _ => plausible(bound, low, high, s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s() -> Settings {
        Settings::default()
    }

    #[test]
    fn exact_and_range_widen_by_the_tolerance() {
        let i = strict(Bound::Exact, Some(100.0), Some(100.0), &s());
        assert_eq!((i.low, i.high), (95.0, 105.0));
        let i = strict(Bound::Range, Some(3.5e9), Some(4.5e9), &s());
        assert_eq!((i.low, i.high), (3.5e9 * 0.95, 4.5e9 * 1.05));
    }

    #[test]
    fn approx_widens_by_the_approximation_width() {
        let i = strict(Bound::Approx, Some(100.0), Some(100.0), &s());
        assert_eq!((i.low, i.high), (85.0, 115.0));
    }

    #[test]
    fn hedges_are_open_strictly_and_bounded_plausibly() {
        let over = strict(Bound::Over, Some(2e9), None, &s());
        assert_eq!((over.low, over.high), (2e9, f64::INFINITY));
        let over = plausible(Bound::Over, Some(2e9), None, &s());
        assert_eq!((over.low, over.high), (2e9, 2.5e9));
        let under = plausible(Bound::AtMost, None, Some(100.0), &s());
        assert_eq!((under.low, under.high), (75.0, 100.0));
    }

    #[test]
    fn negative_figures_widen_outward() {
        let i = strict(Bound::Exact, Some(-100.0), Some(-100.0), &s());
        assert_eq!((i.low, i.high), (-105.0, -95.0));
    }
}
