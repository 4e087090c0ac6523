//! Query strings into the plain options the commands build, with the command line's
//! messages for bad values. Repeated parameters (`source=A&source=B`) are kept in order;
//! an unknown parameter is refused, so that a typo is not silently ignored.

use crate::detect::Settings;
use crate::error::{Error, Result};
use crate::model::Confidence;
use crate::ops::contradictions::{Order, ReportOptions, Since, Which};
use crate::store::{Filter, StatusFilter};
use crate::time;

/// The decoded parameters of a query string or a form body.
#[derive(Debug, Clone, Default)]
pub struct Params(pub Vec<(String, String)>);

/// The parameters `list` takes, as `/api/claims` and `/claims` name them.
pub const CLAIM_PARAMS: &[&str] = &[
    "source",
    "subject",
    "metric",
    "since",
    "until",
    "period",
    "min_confidence",
    "status",
    "search",
    "limit",
];

/// The parameters of the contradiction report.
pub const REPORT_PARAMS: &[&str] = &[
    "subject",
    "min_severity",
    "source",
    "order",
    "limit",
    "since",
    "metric",
    "strict",
    "status",
    "window",
    "tolerance",
    "approx",
    "hedge",
];

impl Params {
    pub fn parse(raw: Option<&str>) -> Params {
        Params::from_bytes(raw.unwrap_or_default().as_bytes())
    }

    pub fn from_bytes(bytes: &[u8]) -> Params {
        Params(
            form_urlencoded::parse(bytes)
                .map(|(k, v)| (k.into_owned(), v.into_owned()))
                .collect(),
        )
    }

    /// The last non-empty value given for `name`, trimmed.
    pub fn get(&self, name: &str) -> Option<String> {
        self.0
            .iter()
            .rev()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.trim())
            .find(|v| !v.is_empty())
            .map(str::to_string)
    }

    /// Every non-empty value given for `name`, in order.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, v)| k == name && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
            .collect()
    }

    /// Refuses a parameter that is not in `known` (nor in `extra`).
    pub fn only(&self, known: &[&str], extra: &[&str]) -> Result<()> {
        if let Some((k, _)) = self
            .0
            .iter()
            .find(|(k, _)| !known.contains(&k.as_str()) && !extra.contains(&k.as_str()))
        {
            let mut names: Vec<&str> = known.iter().chain(extra).copied().collect();
            names.sort_unstable();
            return Err(Error::Usage(format!(
                "unknown parameter '{k}'; this address takes: {}",
                names.join(", ")
            )));
        }
        Ok(())
    }

    fn flag(&self, name: &str) -> Result<bool> {
        match self.get(name).as_deref() {
            None | Some("0" | "false" | "no" | "off") => Ok(false),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some(other) => Err(Error::Usage(format!(
                "{name}: '{other}' is not a yes or no; give true or false"
            ))),
        }
    }

    fn number<T: std::str::FromStr>(&self, name: &str, what: &str) -> Result<Option<T>> {
        self.get(name)
            .map(|v| {
                v.parse::<T>().map_err(|_| {
                    Error::Usage(format!("--{}: '{v}' is not {what}", name.replace('_', "-")))
                })
            })
            .transpose()
    }

    /// The claims filter, as `list` builds it from its flags (`status` defaults to
    /// active, as for `list`).
    pub fn claims_filter(&self) -> Result<Filter> {
        let date = |flag: &str| -> Result<Option<String>> {
            self.get(flag)
                .map(|d| {
                    time::parse_date(&d)
                        .map(|p| p.text)
                        .map_err(|e| Error::Usage(format!("--{flag}: {e}")))
                })
                .transpose()
        };
        let status = match self.get("status").as_deref() {
            None | Some("active") => StatusFilter::Active,
            Some("retracted") => StatusFilter::Retracted,
            Some("superseded") => StatusFilter::Superseded,
            Some("all") => StatusFilter::All,
            Some(other) => {
                return Err(Error::Usage(format!(
                    "--status: '{other}' is not a status; give active, retracted, superseded or all"
                )));
            }
        };
        Ok(Filter {
            sources: self.all("source"),
            subject: self.get("subject"),
            metric: self.get("metric"),
            since: date("since")?,
            until: date("until")?,
            period: self
                .get("period")
                .map(|p| {
                    time::parse_period(&p)
                        .map(|p| p.key)
                        .map_err(|e| Error::Usage(format!("--period: {e}")))
                })
                .transpose()?,
            min_confidence: self
                .get("min_confidence")
                .map(|c| {
                    Confidence::parse(&c)
                        .map(|c| c.score)
                        .map_err(|e| Error::Usage(format!("--min-confidence: {e}")))
                })
                .transpose()?,
            status,
            search: self.get("search"),
            skip: 0,
            limit: self.number("limit", "a whole number")?,
        })
    }

    /// The detector's settings, with the command line's defaults.
    pub fn settings(&self) -> Result<Settings> {
        Settings::from_percents(
            self.number("window", "a whole number of days")?
                .unwrap_or(Settings::WINDOW_DAYS),
            self.number("tolerance", "a percentage")?
                .unwrap_or(Settings::TOLERANCE_PCT),
            self.number("approx", "a percentage")?
                .unwrap_or(Settings::APPROX_PCT),
            self.number("hedge", "a percentage")?
                .unwrap_or(Settings::HEDGE_PCT),
        )
        .map_err(Error::Usage)
    }

    /// The report's `since`, as `contradictions --since` takes it: a date or time (when
    /// claims were recorded), or `last` (since the previous `contradictions --check`).
    /// The store resolves it to [`ReportOptions::since_claim`].
    pub fn since(&self) -> Result<Option<Since>> {
        self.get("since").as_deref().map(Since::parse).transpose()
    }

    /// The contradiction report's options, as `contradictions` builds them (all but
    /// `since`: see [`Params::since`]).
    pub fn report_options(&self) -> Result<ReportOptions> {
        let status = match self.get("status").as_deref() {
            None | Some("open") => Which::Open,
            Some("resolved") => Which::Resolved,
            Some("dismissed") => Which::Dismissed,
            Some("all") => Which::All,
            Some(other) => {
                return Err(Error::Usage(format!(
                    "--status: '{other}' is not a status; give open, resolved, dismissed or all"
                )));
            }
        };
        let order = match self.get("order").as_deref() {
            None | Some("severity") => Order::Severity,
            Some("subject") => Order::Subject,
            Some("recent") => Order::Recent,
            Some(other) => {
                return Err(Error::Usage(format!(
                    "--order: '{other}' is not an order; give severity, subject or recent"
                )));
            }
        };
        let options = ReportOptions {
            subject: self.get("subject"),
            metric: self.get("metric"),
            strict: self.flag("strict")?,
            status,
            settings: self.settings()?,
            min_severity: self.number("min_severity", "a number from 0 to 1")?,
            sources: self.all("source"),
            since_claim: None,
            order,
            limit: self.number("limit", "a whole number")?,
        };
        options.check()?;
        Ok(options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_parameters_are_refused_with_the_flag_named() {
        for (query, message) in [
            ("since=yesterday", "--since: "),
            ("limit=ten", "--limit: 'ten' is not a whole number"),
            ("status=open", "--status: 'open' is not a status"),
            ("min_confidence=2", "--min-confidence: "),
            ("period=Q9", "--period: "),
        ] {
            let e = Params::parse(Some(query))
                .claims_filter()
                .expect_err(query)
                .to_string();
            assert!(e.starts_with(message), "{query}: {e}");
        }
    }

    #[test]
    fn repeated_sources_are_all_kept_and_empty_values_ignored() {
        let p = Params::parse(Some("source=Reuters&source=FT&subject=&limit=5"));
        let f = p.claims_filter().expect("valid");
        assert_eq!(f.sources, ["Reuters", "FT"]);
        assert_eq!(f.subject, None);
        assert_eq!(f.limit, Some(5));
    }

    #[test]
    fn unknown_parameters_are_named() {
        let e = Params::parse(Some("subjet=OpenAI"))
            .only(CLAIM_PARAMS, &[])
            .expect_err("typo")
            .to_string();
        assert!(e.starts_with("unknown parameter 'subjet'"), "{e}");
    }

    #[test]
    fn the_reports_since_takes_what_the_flag_takes() {
        for (query, since) in [
            (
                "since=2026-03-01",
                Since::Time("2026-03-01T00:00:00.000Z".into()),
            ),
            (
                "since=2026-03-01T10:30:00%2B01:00",
                Since::Time("2026-03-01T09:30:00.000Z".into()),
            ),
            ("since=last", Since::LastCheck),
        ] {
            assert_eq!(
                Params::parse(Some(query)).since().expect(query),
                Some(since)
            );
        }
        assert_eq!(Params::default().since().expect("none"), None);
        let e = Params::parse(Some("since=soon"))
            .since()
            .expect_err("no date")
            .to_string();
        assert!(
            e.starts_with("--since: 'soon' is not a date or time"),
            "{e}"
        );
    }

    #[test]
    fn report_settings_default_to_the_command_lines() {
        let o = Params::default().report_options().expect("defaults");
        assert_eq!(o.status, Which::Open);
        assert_eq!(o.settings, Settings::default());
        let e = Params::parse(Some("tolerance=200"))
            .report_options()
            .expect_err("out of range")
            .to_string();
        assert!(e.contains("--tolerance must be a percentage"), "{e}");
    }
}
