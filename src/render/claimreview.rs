//! schema.org `ClaimReview` JSON-LD for judged contradictions, in the shape of Google's
//! fact-check markup: one review per group the user resolved or dismissed, naming every
//! claim it reviewed with its source, date and (when it has one) web address.
//!
//! Only judged groups are reviews: an open contradiction is a question, not a verdict,
//! and is never exported here. Claims recorded after the judgement (those that reopened
//! the group) were not reviewed and are left out.

use std::io::Write;

use serde_json::{Value, json};

use super::html::{Urls, http_url};
use super::report::{day, sentence};
use crate::detect::{Group, Member};
use crate::error::Result;

/// The reviews, as one JSON array (pretty-printed, ready for a
/// `<script type="application/ld+json">` block).
pub fn write(out: &mut dyn Write, groups: &[Group], urls: &Urls, org: &str) -> Result<()> {
    let reviews: Vec<Value> = groups.iter().filter_map(|g| review(g, urls, org)).collect();
    super::json(out, &reviews)
}

fn members(g: &Group) -> impl Iterator<Item = &Member> {
    g.camps.iter().flat_map(|c| &c.claims).chain(&g.neutral)
}

/// One group's review, or `None` when nobody has judged it.
pub fn review(g: &Group, urls: &Urls, org: &str) -> Option<Value> {
    let j = g.judgement.as_ref()?;
    use crate::detect::Status;
    let verdict = match (j.verdict, j.correct_claim) {
        (Status::Resolved, Some(id)) => match members(g).find(|m| m.id == id) {
            Some(m) => format!("Resolved: {} was right", m.source),
            None => format!("Resolved: claim {id} was right"),
        },
        (Status::Resolved, None) => "Resolved".to_string(),
        (Status::Dismissed, _) => format!(
            "Dismissed: {}",
            j.reason.as_deref().unwrap_or("not a real disagreement")
        ),
        _ => return None,
    };
    let reviewed: Vec<Value> = members(g)
        .filter(|m| !j.reopened_by.contains(&m.id))
        .map(|m| claim(m, urls))
        .collect();
    let metric = g.metric.replace('_', " ");
    let topic = match (&g.period, &g.as_of) {
        (Some(p), _) => format!("{} {metric} ({p})", g.subject),
        (None, Some(a)) => format!("{} {metric} (as of {})", g.subject, day(a)),
        _ => format!("{} {metric}", g.subject),
    };
    Some(json!({
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "name": format!("{}: {topic}", capitalised(g.kind.as_str())),
        "claimReviewed": sentence(g),
        "datePublished": &j.at[..j.at.len().min(10)],
        "author": {"@type": "Organization", "name": org},
        "reviewRating": {"@type": "Rating", "alternateName": verdict},
        "itemReviewed": reviewed,
        "identifier": g.id,
    }))
}

/// One reviewed claim: who made it, when, and where it appeared.
fn claim(m: &Member, urls: &Urls) -> Value {
    let mut c = json!({
        "@type": "Claim",
        "author": {"@type": "Organization", "name": m.source},
        "datePublished": m.date,
        // The claim as the source made it: its words when recorded, else the value.
        "text": urls.quote(m.id).unwrap_or(&m.value),
    });
    // Only web addresses a reader can follow; a `javascript:` URL is no appearance.
    if let Some(url) = urls.get(&m.id).and_then(|u| http_url(u)) {
        c["appearance"] = json!({"@type": "CreativeWork", "url": url});
    }
    c
}

fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
