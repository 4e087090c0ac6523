//! Track records: how a source has fared on the contradictions users judged.
//!
//! `resolve GROUP --correct CLAIM` marks the claims of the group that agree with the
//! correct one correct and the others wrong. A source's reliability is the mean of a Beta
//! posterior with the prior Beta(4, 1) — the "reported" level, 0.8, worth five judgements
//! — so a source judged twice stays near the prior, with a wide interval.

use serde::Serialize;

/// Prior successes and failures: mean 0.8, the weight of five judgements.
const PRIOR: (f64, f64) = (4.0, 1.0);

/// A source's judged claims.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Record {
    pub judged: u32,
    pub correct: u32,
}

/// Reliability with its 90% interval (normal approximation of the Beta posterior,
/// clipped to [0, 1]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Reliability {
    pub estimate: f64,
    pub low: f64,
    pub high: f64,
}

impl Record {
    pub fn reliability(&self) -> Reliability {
        let a = PRIOR.0 + f64::from(self.correct);
        let b = PRIOR.1 + f64::from(self.judged - self.correct.min(self.judged));
        let mean = a / (a + b);
        let sd = (a * b / ((a + b).powi(2) * (a + b + 1.0))).sqrt();
        let round = |x: f64| (x.clamp(0.0, 1.0) * 1000.0).round() / 1000.0;
        Reliability {
            estimate: round(mean),
            low: round(mean - 1.645 * sd),
            high: round(mean + 1.645 * sd),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn few_judgements_stay_near_the_prior_with_a_wide_interval() {
        let none = Record::default().reliability();
        assert_eq!(none.estimate, 0.8);
        let once_wrong = Record {
            judged: 1,
            correct: 0,
        }
        .reliability();
        assert!(once_wrong.estimate > 0.6 && once_wrong.high - once_wrong.low > 0.4);
        let often_wrong = Record {
            judged: 40,
            correct: 4,
        }
        .reliability();
        assert!(often_wrong.estimate < 0.2 && often_wrong.high - often_wrong.low < 0.2);
        let often_right = Record {
            judged: 40,
            correct: 40,
        }
        .reliability();
        assert!(often_right.estimate > 0.97);
    }
}
