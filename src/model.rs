//! The ledger's plain data: claims as recorded and as read back, confidence levels, and
//! how names are matched. Serde only; no SQL, no I/O.

use serde::{Serialize, Serializer};

use crate::time::{PartialDate, Period};
use crate::value::Value;

/// The key names are matched by (NFKC, invisible characters removed, whitespace
/// collapsed, lower case; see [`crate::lookalike::key`]), so that `the new york times`,
/// `The  New York Times` and `Ｔｈｅ Ｎｅｗ Ｙｏｒｋ Ｔｉｍｅｓ` find the same source.
pub fn norm_name(s: &str) -> String {
    crate::lookalike::key(s)
}

/// The named confidence levels and the probability each stands for (spec §1).
pub const CONFIDENCE_LEVELS: [(&str, f64); 4] = [
    ("confirmed", 0.95),
    ("reported", 0.8),
    ("rumored", 0.5),
    ("speculative", 0.25),
];

/// How sure the source was: a named level or a number in [0, 1].
#[derive(Debug, Clone, PartialEq)]
pub struct Confidence {
    pub score: f64,
    pub label: Option<&'static str>,
}

impl Confidence {
    pub fn parse(input: &str) -> Result<Confidence, String> {
        let s = input.trim().to_lowercase();
        let alias = match s.as_str() {
            "rumoured" | "rumor" | "rumour" | "传闻" => "rumored",
            "confirm" | "official" | "证实" => "confirmed",
            "report" | "据报道" => "reported",
            "estimate" | "estimated" | "预计" => "speculative",
            other => other,
        };
        if let Some((label, score)) = CONFIDENCE_LEVELS.iter().find(|(l, _)| *l == alias) {
            return Ok(Confidence {
                score: *score,
                label: Some(label),
            });
        }
        match s.parse::<f64>() {
            Ok(x) if (0.0..=1.0).contains(&x) => Ok(Confidence {
                score: x,
                label: None,
            }),
            _ => Err(format!(
                "cannot read '{input}' as a confidence: expected confirmed, reported, rumored, \
                 speculative or a number from 0 to 1"
            )),
        }
    }

    pub fn from_stored(score: f64, label: Option<&str>) -> Confidence {
        let label = label.and_then(|l| {
            CONFIDENCE_LEVELS
                .iter()
                .find(|(name, _)| *name == l)
                .map(|(name, _)| *name)
        });
        Confidence { score, label }
    }
}

impl std::fmt::Display for Confidence {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.label {
            Some(l) => f.write_str(l),
            None => write!(f, "{}", self.score),
        }
    }
}

impl Serialize for Confidence {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.label {
            Some(l) => s.serialize_str(l),
            None => s.serialize_f64(self.score),
        }
    }
}

/// What a value reads as (spec §2): a quantity, or a category compared as a whole.
/// The variants are in the order of their names, so that sorting by kind sorts as the
/// stored names do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Boolean,
    Date,
    /// A number, a range or a bound, with its unit.
    Quantity,
    /// Anything else, compared by its normalised words.
    Text,
    Time,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Boolean,
        Kind::Date,
        Kind::Quantity,
        Kind::Text,
        Kind::Time,
    ];

    /// The spec's name: `quantity`, `boolean`, `time`, `date` or `text`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Boolean => "boolean",
            Kind::Date => "date",
            Kind::Quantity => "quantity",
            Kind::Text => "text",
            Kind::Time => "time",
        }
    }

    /// How the ledger stores it: the name. A name the ledger should never hold reads
    /// as text, compared as a whole like any other category.
    pub fn from_stored(s: &str) -> Kind {
        s.parse().unwrap_or(Kind::Text)
    }
}

impl std::str::FromStr for Kind {
    type Err = String;

    fn from_str(s: &str) -> Result<Kind, String> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "'{s}' is not a kind of value: expected quantity, boolean, time, date or text"
                )
            })
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What kind of figure a claim states (spec §2, *Bases*). Figures of different bases
/// measure different things and are never compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Basis {
    /// A figure for what happened (the default).
    #[default]
    Actual,
    /// An annualised rate: a month's revenue × 12, ARR.
    RunRate,
    /// A projection of a figure not yet known.
    Forecast,
    /// A valuation before the new money.
    PreMoney,
    /// A valuation including the new money.
    PostMoney,
    /// A price set by a sale of existing shares, not a primary round.
    Secondary,
}

impl Basis {
    pub const ALL: [Basis; 6] = [
        Basis::Actual,
        Basis::RunRate,
        Basis::Forecast,
        Basis::PreMoney,
        Basis::PostMoney,
        Basis::Secondary,
    ];

    /// The spec's name: `actual`, `run_rate`, `forecast`, `pre_money`, `post_money`,
    /// `secondary`.
    pub fn as_str(self) -> &'static str {
        match self {
            Basis::Actual => "actual",
            Basis::RunRate => "run_rate",
            Basis::Forecast => "forecast",
            Basis::PreMoney => "pre_money",
            Basis::PostMoney => "post_money",
            Basis::Secondary => "secondary",
        }
    }

    /// A basis by its name, in any case; `-` and spaces may stand for `_`
    /// (`run-rate`, `post money`).
    pub fn parse(input: &str) -> Result<Basis, String> {
        let s = input.trim().to_lowercase().replace(['-', ' '], "_");
        Basis::ALL
            .into_iter()
            .find(|b| b.as_str() == s)
            .ok_or_else(|| {
                format!(
                    "cannot read '{input}' as a basis: expected actual, run_rate, forecast, \
                     pre_money, post_money or secondary"
                )
            })
    }

    /// How the ledger stores it: the name.
    pub fn from_stored(s: Option<&str>) -> Basis {
        s.and_then(|s| Basis::parse(s).ok()).unwrap_or_default()
    }
}

impl std::fmt::Display for Basis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Lifecycle of a claim, derived from retractions and supersessions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    Active,
    Retracted,
    Superseded,
}

impl Status {
    pub fn parse(s: &str) -> Option<Status> {
        match s.trim().to_lowercase().as_str() {
            "active" => Some(Status::Active),
            "retracted" => Some(Status::Retracted),
            "superseded" => Some(Status::Superseded),
            _ => None,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Retracted => "retracted",
            Status::Superseded => "superseded",
        }
    }
}

/// A validated claim, ready to record: every field read, names not yet resolved.
#[derive(Debug, Clone)]
pub struct Draft {
    pub key: Option<String>,
    pub subject: String,
    pub metric: String,
    pub value: String,
    pub parsed: Value,
    /// What kind of figure: the explicit basis, else the one the value's words give.
    pub basis: Basis,
    /// The basis given explicitly, when it differs from what the value's words give:
    /// the part of the basis the claim's hash commits to.
    pub basis_given: Option<Basis>,
    pub period: Option<Period>,
    pub as_of: Option<PartialDate>,
    pub source: String,
    pub date: PartialDate,
    pub confidence: Confidence,
    pub quote: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub via: Option<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    /// A status carried by an exported record (`retracted`, `superseded`).
    pub status: Option<Status>,
    /// The quote, title and notes as the full-text index takes them.
    pub search_text: String,
    /// What the ledger stores beside the record, read from it.
    pub derived: Derived,
    /// The fingerprint of the document cited (see [`document_fingerprint`]): claims
    /// of one document share a citation.
    pub document: [u8; 16],
    /// The claim's hash, computed ahead (see [`Draft::presume`]).
    pub presumed: Option<Presumed>,
}

/// A claim's hash computed ahead of its writing, and the source names it presumed.
#[derive(Debug, Clone)]
pub struct Presumed {
    source: String,
    via: Option<String>,
    hash: [u8; 32],
}

/// A list of authors as the ledger stores it: a JSON array, or nothing.
fn authors_json(authors: &[String]) -> Option<String> {
    (!authors.is_empty()).then(|| serde_json::to_string(authors).unwrap_or_default())
}

/// What tells one cited document from another: its date, link, title and authors (a
/// source's claims with the same fingerprint share a citation).
pub fn document_fingerprint(
    date: &str,
    url: Option<&str>,
    title: Option<&str>,
    authors: &[String],
) -> [u8; 16] {
    let mut h = crate::sha256::Running::default();
    for part in [Some(date), url, title, authors_json(authors).as_deref()] {
        match part {
            Some(p) => {
                h.update(&[1]);
                h.update(&p.len().to_le_bytes());
                h.update(p.as_bytes());
            }
            None => h.update(&[0]),
        }
    }
    let digest = h.finish();
    let mut key = [0u8; 16];
    key.copy_from_slice(&digest[..16]);
    key
}

/// What the ledger stores beside a claim's record, computed from it: the value's reading
/// and where the claim sits in time. `verify` recomputes it to catch edits.
#[derive(Debug, Clone, PartialEq)]
pub struct Derived {
    pub kind: Kind,
    pub unit: Option<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub bound: Option<&'static str>,
    pub norm: String,
    /// Flows: the normalised period; states: empty.
    pub time_key: String,
    /// Flows: the period's first day; states: the as-of (else publication) day.
    pub time_start: String,
}

impl Derived {
    pub fn of(
        value: &Value,
        period: Option<&Period>,
        as_of: Option<&PartialDate>,
        date: &PartialDate,
    ) -> Derived {
        let (time_key, time_start) = match (period, as_of) {
            (Some(p), _) => (p.key.clone(), crate::time::write_day(p.first)),
            (None, Some(a)) => (String::new(), crate::time::write_day(a.first)),
            (None, None) => (String::new(), crate::time::write_day(date.first)),
        };
        Derived {
            kind: value.kind(),
            unit: value.unit().map(String::from),
            low: value.low(),
            high: value.high(),
            bound: value.bound().map(|b| b.as_str()),
            norm: value.norm(),
            time_key,
            time_start,
        }
    }
}

/// A claim as the ledger holds it: the record format of `list`, `show` and `export`.
#[derive(Debug, Clone, Serialize)]
pub struct Claim {
    pub id: i64,
    pub key: Option<String>,
    pub subject: String,
    pub metric: String,
    pub value: String,
    pub kind: Kind,
    pub unit: Option<String>,
    pub low: Option<f64>,
    pub high: Option<f64>,
    pub bound: Option<String>,
    pub basis: Basis,
    #[serde(skip)]
    pub basis_given: Option<Basis>,
    pub period: Option<String>,
    pub as_of: Option<String>,
    pub source: String,
    pub via: Option<String>,
    pub date: String,
    pub confidence: Confidence,
    pub quote: Option<String>,
    pub url: Option<String>,
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub tags: Vec<String>,
    pub notes: Option<String>,
    pub status: Status,
}

/// The fields of a claim that its hash commits to, with names in canonical spelling.
/// Field order is the encoding: never reorder, add a version instead.
#[derive(Serialize)]
pub struct CanonicalClaim<'a> {
    pub v: u32,
    pub key: Option<&'a str>,
    pub subject: &'a str,
    pub metric: &'a str,
    pub value: &'a str,
    pub period: Option<&'a str>,
    pub as_of: Option<&'a str>,
    pub source: &'a str,
    pub via: Option<&'a str>,
    pub date: &'a str,
    pub confidence: f64,
    pub confidence_label: Option<&'a str>,
    pub quote: Option<&'a str>,
    pub url: Option<&'a str>,
    pub title: Option<&'a str>,
    pub authors: &'a [String],
    pub tags: &'a [String],
    pub notes: Option<&'a str>,
    /// An explicit basis that differs from what the value's words give; absent
    /// otherwise, so claims recorded before bases existed keep their hashes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<&'a str>,
}

impl CanonicalClaim<'_> {
    pub fn encode(&self) -> String {
        // Serialising plain strings, numbers and arrays cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn hash(&self) -> [u8; 32] {
        crate::sha256::of(self.encode().as_bytes())
    }
}

impl Draft {
    /// Computes the claim's hash ahead of its writing, presuming the ledger spells the
    /// subject and metric as given and the sources as `source` and `via`. An import does
    /// this on its reading thread, so that the writer, which every record waits for,
    /// has only to check the presumption (see [`Draft::hash`]).
    pub fn presume(&mut self, source: &str, via: Option<&str>) {
        let hash = self
            .canonical(&self.subject, &self.metric, source, via)
            .hash();
        self.presumed = Some(Presumed {
            source: source.to_string(),
            via: via.map(String::from),
            hash,
        });
    }

    /// The authors as the ledger stores them: a JSON array, or nothing.
    pub fn authors_json(&self) -> Option<String> {
        authors_json(&self.authors)
    }

    /// The hash of the claim this draft becomes, with the names as the ledger spells
    /// them.
    pub fn hash(&self, subject: &str, metric: &str, source: &str, via: Option<&str>) -> [u8; 32] {
        match &self.presumed {
            Some(p)
                if subject == self.subject
                    && metric == self.metric
                    && source == p.source
                    && via == p.via.as_deref() =>
            {
                p.hash
            }
            _ => self.canonical(subject, metric, source, via).hash(),
        }
    }

    /// What the hash of the claim this draft becomes commits to, with the names as the
    /// ledger spells them (every backend hashes a new claim through this).
    pub fn canonical<'a>(
        &'a self,
        subject: &'a str,
        metric: &'a str,
        source: &'a str,
        via: Option<&'a str>,
    ) -> CanonicalClaim<'a> {
        CanonicalClaim {
            v: 1,
            key: self.key.as_deref(),
            subject,
            metric,
            value: &self.value,
            period: self.period.as_ref().map(|p| p.text.as_str()),
            as_of: self.as_of.as_ref().map(|a| a.text.as_str()),
            source,
            via,
            date: &self.date.text,
            confidence: self.confidence.score,
            confidence_label: self.confidence.label,
            quote: self.quote.as_deref(),
            url: self.url.as_deref(),
            title: self.title.as_deref(),
            authors: &self.authors,
            tags: &self.tags,
            notes: self.notes.as_deref(),
            basis: self.basis_given.map(Basis::as_str),
        }
    }
}

impl Claim {
    pub fn canonical(&self) -> CanonicalClaim<'_> {
        CanonicalClaim {
            v: 1,
            key: self.key.as_deref(),
            subject: &self.subject,
            metric: &self.metric,
            value: &self.value,
            period: self.period.as_deref(),
            as_of: self.as_of.as_deref(),
            source: &self.source,
            via: self.via.as_deref(),
            date: &self.date,
            confidence: self.confidence.score,
            confidence_label: self.confidence.label,
            quote: self.quote.as_deref(),
            url: self.url.as_deref(),
            title: self.title.as_deref(),
            authors: &self.authors,
            tags: &self.tags,
            notes: self.notes.as_deref(),
            basis: self.basis_given.map(Basis::as_str),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_case_and_spacing() {
        assert_eq!(norm_name("  The   New York Times "), "the new york times");
        assert_eq!(norm_name("纽约时报"), "纽约时报");
    }

    #[test]
    fn confidence_levels_and_numbers() {
        assert_eq!(Confidence::parse("Reported").unwrap().score, 0.8);
        assert_eq!(Confidence::parse("传闻").unwrap().label, Some("rumored"));
        assert_eq!(Confidence::parse("0.7").unwrap().label, None);
        assert!(Confidence::parse("1.5").is_err());
        assert!(Confidence::parse("NaN").is_err());
        assert!(Confidence::parse("sure").is_err());
    }
}
