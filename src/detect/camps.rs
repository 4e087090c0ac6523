//! Splitting a set of claims on one question into camps (spec §3).
//!
//! Comparable claims are those with the same kind of value and unit and, for states,
//! as-of dates within the window. Two comparable quantities *disagree* when their
//! plausible intervals are disjoint. Claims that disagree with nobody are *neutral*
//! and take no side. The rest are sorted by the upper end of their plausible interval
//! and each joins the first camp it agrees with entirely (first fit), else opens a new
//! one; for intervals this gives the fewest camps, and two claims that disagree never
//! share one. Text, booleans, times and dates form one camp per distinct value, unless
//! the metric is multi-valued.

use crate::model::Kind;

use super::interval::{self, Interval};
use super::severity::{independent_origins, severity, support};
use super::{Camp, Group, Item, Member, Settings, Verdict};

/// A claim with its readings.
struct Read<'a> {
    item: &'a Item,
    strict: Interval,
    plausible: Interval,
    stated: Interval,
}

/// Compares one question's claims (see [`super::questions`]): the contradiction they
/// hold, if any.
pub(super) fn compare(part: &[&Item], s: &Settings) -> Option<Group> {
    if part.len() < 2 {
        return None;
    }
    if part[0].kind == Kind::Quantity {
        quantities(part, s)
    } else if part[0].multi_valued {
        None
    } else {
        categories(part, s)
    }
}

fn comparable(a: &Item, b: &Item, s: &Settings) -> bool {
    super::same_time(a, b, a.window(s))
}

/// Whether every pair of the set is comparable: always for flows; for a chain in time,
/// when all the spans share a day, or all are single days within the window.
fn all_comparable(set: &[&Item], s: &Settings) -> bool {
    let Some(first) = set.first() else {
        return true;
    };
    if !first.is_timed() {
        return true;
    }
    let latest_start = set
        .iter()
        .map(|i| i.when_start)
        .max()
        .unwrap_or(first.when_start);
    let earliest_end = set
        .iter()
        .map(|i| i.when_end)
        .min()
        .unwrap_or(first.when_end);
    if latest_start <= earliest_end {
        return true;
    }
    let earliest_start = set
        .iter()
        .map(|i| i.when_start)
        .min()
        .unwrap_or(first.when_start);
    set.iter().all(|i| i.single_day())
        && (latest_start - earliest_start).num_days() <= first.window(s)
}

fn quantities(set: &[&Item], s: &Settings) -> Option<Group> {
    let reads: Vec<Read> = set
        .iter()
        .filter_map(|&item| {
            let bound = item.bound?;
            Some(Read {
                item,
                strict: interval::strict(bound, item.low, item.high, s),
                plausible: interval::plausible(bound, item.low, item.high, s),
                stated: interval::stated(bound, item.low, item.high, s),
            })
        })
        .collect();
    let dense = all_comparable(set, s);
    let disagree =
        |a: &Read, b: &Read| !a.plausible.overlaps(&b.plausible) && comparable(a.item, b.item, s);

    // Who disagrees with somebody: in a dense set, compare with the extremes of the others.
    let active: Vec<&Read> = if dense {
        let (lows, highs): (Vec<f64>, Vec<f64>) = reads
            .iter()
            .map(|r| (r.plausible.low, r.plausible.high))
            .unzip();
        let top2 = |v: &[f64], pick_max: bool| -> (f64, f64) {
            let mut a = if pick_max {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            };
            let mut b = a;
            for &x in v {
                let better = |x: f64, y: f64| if pick_max { x > y } else { x < y };
                if better(x, a) {
                    b = a;
                    a = x;
                } else if better(x, b) {
                    b = x;
                }
            }
            (a, b)
        };
        let (max_low, max_low2) = top2(&lows, true);
        let (min_high, min_high2) = top2(&highs, false);
        reads
            .iter()
            .filter(|r| {
                let other_max_low = if r.plausible.low == max_low {
                    max_low2
                } else {
                    max_low
                };
                let other_min_high = if r.plausible.high == min_high {
                    min_high2
                } else {
                    min_high
                };
                other_max_low > r.plausible.high || other_min_high < r.plausible.low
            })
            .collect()
    } else {
        reads
            .iter()
            .filter(|a| reads.iter().any(|b| disagree(a, b)))
            .collect()
    };
    if active.len() < 2 {
        return None;
    }

    let mut order: Vec<&Read> = active;
    order.sort_by(|a, b| {
        a.plausible
            .high
            .total_cmp(&b.plausible.high)
            .then(a.plausible.low.total_cmp(&b.plausible.low))
            .then(a.item.id.cmp(&b.item.id))
    });
    // Each camp keeps the lowest upper end of its members: in sorted order a newcomer
    // agrees with all of them exactly when its lower end does not pass that point.
    let mut camps: Vec<(f64, Vec<&Read>)> = Vec::new();
    for r in order {
        let home = camps.iter_mut().find(|(point, members)| {
            if dense {
                r.plausible.low <= *point
            } else {
                members.iter().all(|m| !disagree(m, r))
            }
        });
        match home {
            Some((_, members)) => members.push(r),
            None => camps.push((r.plausible.high, vec![r])),
        }
    }
    if camps.len() < 2 {
        return None;
    }

    let members: Vec<&Read> = camps.iter().flat_map(|(_, m)| m.iter().copied()).collect();
    let conflict = members.iter().enumerate().any(|(i, a)| {
        members[i + 1..]
            .iter()
            .any(|b| !a.strict.overlaps(&b.strict) && comparable(a.item, b.item, s))
    });
    let kind = if conflict {
        Verdict::Conflict
    } else {
        Verdict::Tension
    };
    let hull = |ms: &[&Read]| {
        ms.iter()
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), m| {
                (lo.min(m.stated.low), hi.max(m.stated.high))
            })
    };
    let hulls: Vec<(f64, f64)> = camps.iter().map(|(_, m)| hull(m)).collect();
    let lowest_top = hulls.iter().map(|h| h.1).fold(f64::INFINITY, f64::min);
    let highest_bottom = hulls.iter().map(|h| h.0).fold(f64::NEG_INFINITY, f64::max);
    let gap = if lowest_top.is_finite() && highest_bottom.is_finite() {
        let denom = lowest_top
            .abs()
            .max(highest_bottom.abs() * 1e-9)
            .max(f64::MIN_POSITIVE);
        Some(((highest_bottom - lowest_top) / denom).max(0.0))
    } else {
        None
    };

    let camps: Vec<Camp> = camps
        .iter()
        .map(|(_, ms)| {
            let claims: Vec<Member> = ms.iter().map(|r| member(r.item, Some(r))).collect();
            let low = ms
                .iter()
                .map(|r| r.item.low)
                .try_fold(f64::INFINITY, |acc, x| x.map(|x| acc.min(x)));
            let high = ms
                .iter()
                .map(|r| r.item.high)
                .try_fold(f64::NEG_INFINITY, |acc, x| x.map(|x| acc.max(x)));
            camp(claims, low, high, ms[0].item.unit.clone())
        })
        .collect();
    let in_camps: Vec<i64> = members.iter().map(|r| r.item.id).collect();
    let neutral = reads
        .iter()
        .filter(|r| !in_camps.contains(&r.item.id))
        .map(|r| member(r.item, Some(r)))
        .collect();
    Some(finish(set, kind, gap, camps, neutral))
}

fn categories(set: &[&Item], s: &Settings) -> Option<Group> {
    let dense = all_comparable(set, s);
    let mut values: Vec<&str> = set.iter().map(|i| i.norm.as_str()).collect();
    values.sort();
    values.dedup();
    if values.len() < 2 {
        return None;
    }
    let disagrees = |a: &Item| {
        set.iter()
            .any(|b| b.norm != a.norm && (dense || comparable(a, b, s)))
    };
    let camps: Vec<Camp> = values
        .iter()
        .filter_map(|v| {
            let claims: Vec<Member> = set
                .iter()
                .filter(|i| i.norm == *v && disagrees(i))
                .map(|i| member(i, None))
                .collect();
            (!claims.is_empty()).then(|| camp(claims, None, None, None))
        })
        .collect();
    if camps.len() < 2 {
        return None;
    }
    Some(finish(set, Verdict::Conflict, None, camps, Vec::new()))
}

fn member(item: &Item, read: Option<&Read>) -> Member {
    Member {
        id: item.id,
        key: item.key.clone(),
        source: item.source.clone(),
        via: item.via.clone(),
        date: item.date.clone(),
        value: item.value.clone(),
        bound: item.bound,
        low: item.low,
        high: item.high,
        confidence: item.confidence,
        as_of: item.as_of.clone(),
        period: item.period.clone(),
        basis: item.basis,
        strict: read.map(|r| r.strict),
        plausible: read.map(|r| r.plausible),
        source_id: item.source_id,
    }
}

fn camp(
    mut claims: Vec<Member>,
    low: Option<f64>,
    high: Option<f64>,
    unit: Option<String>,
) -> Camp {
    claims.sort_by(|a, b| a.date.cmp(&b.date).then(a.id.cmp(&b.id)));
    let low = low.filter(|x| x.is_finite());
    let high = high.filter(|x| x.is_finite());
    Camp {
        origins: independent_origins(&claims),
        support: support(&claims),
        low,
        high,
        unit,
        claims,
    }
}

/// A stable id: the subject, metric, time and unit the group is about, hashed. It does
/// not depend on claim ids, so unrelated new claims leave it unchanged.
fn group_id(first: &Item, unit: Option<&str>) -> String {
    let time = if first.is_state() {
        format!("as_of:{}", first.time_start)
    } else {
        format!("period:{}", first.time_key)
    };
    let mut text = format!(
        "{}\n{}\n{}\n{}\n{}",
        first.subject.to_lowercase(),
        first.metric.to_lowercase(),
        time,
        first.kind,
        unit.unwrap_or("")
    );
    // Actual figures keep the ids they had before bases were recorded.
    if first.basis != crate::model::Basis::Actual {
        text.push_str(&format!("\n{}", first.basis));
        if !first.is_state() && first.is_timed() {
            text.push_str(&format!("\nmade:{}", first.when_start));
        }
    }
    hex::encode(&crate::sha256::of(text.as_bytes())[..5])
}

fn finish(
    set: &[&Item],
    kind: Verdict,
    gap: Option<f64>,
    mut camps: Vec<Camp>,
    neutral: Vec<Member>,
) -> Group {
    camps.sort_by(|a, b| {
        let key = |c: &Camp| c.low.or(c.high).unwrap_or(0.0);
        key(a).total_cmp(&key(b))
    });
    let first = set[0];
    let unit = camps
        .iter()
        .find_map(|c| c.unit.clone())
        .or_else(|| first.unit.clone());
    let mut notes = Vec::new();
    // A source on two sides of one question has revised (or contradicted) itself.
    let mut seen: Vec<(i64, usize)> = Vec::new();
    for (ci, c) in camps.iter().enumerate() {
        for m in &c.claims {
            if let Some((_, other)) = seen
                .iter()
                .find(|(sid, cj)| *sid == m.source_id && *cj != ci)
            {
                let earlier = camps[*other]
                    .claims
                    .iter()
                    .find(|x| x.source_id == m.source_id);
                if let Some(e) = earlier {
                    let note = format!(
                        "revision: {} said '{}' ({}) and '{}' ({})",
                        m.source, e.value, e.date, m.value, m.date
                    );
                    if !notes.contains(&note) {
                        notes.push(note);
                    }
                }
            } else {
                seen.push((m.source_id, ci));
            }
        }
    }
    let mut claim_ids: Vec<i64> = camps
        .iter()
        .flat_map(|c| c.claims.iter().map(|m| m.id))
        .collect();
    claim_ids.extend(neutral.iter().map(|m| m.id));
    claim_ids.sort_unstable();
    let (period, as_of) = if first.is_state() {
        (None, Some(first.time_start.to_string()))
    } else {
        (first.period.clone(), None)
    };
    Group {
        id: group_id(first, unit.as_deref()),
        subject: first.subject.clone(),
        metric: first.metric.clone(),
        period,
        as_of,
        basis: first.basis,
        kind,
        severity: severity(kind, gap, &camps),
        gap,
        unit,
        status: super::Status::Open,
        camps,
        neutral,
        notes,
        most_likely: None,
        judgement: None,
        claim_ids,
    }
}
