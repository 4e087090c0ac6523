//! Whom to believe (spec §3, "Who to believe"): the most likely value of every question
//! (subject, metric, time) from agreement across the whole ledger, with copy detection.
//! Pure: claims in, estimates out; no SQL.
//!
//! The model is Accu with copy detection (Dong, Berti-Équille, Srivastava, VLDB 2009),
//! in the TruthFinder line (Yin, Han, Yu, KDD 2007): a source's accuracy and the
//! probability of each value are estimated from each other until they settle.
//!
//! - A question's candidate values are its claims grouped as the detector would: text,
//!   booleans, times and dates by their normalised form; quantities into camps of claims
//!   whose plausible intervals agree.
//! - A source votes for the value it gives with weight `ln(n·A / (1 − A))`, `A` its
//!   accuracy and `n` the number of wrong values it could have given (the other
//!   candidates, at least one), scaled by the claim's confidence. Votes become
//!   probabilities by a softmax over the candidates.
//! - A source's accuracy is the mean probability of the values it gave, smoothed toward
//!   the prior 0.8 with the weight of two claims.
//! - Copying: two sources that share values more often than their accuracies explain —
//!   above all *wrong* values, which independent sources rarely share — are likely
//!   dependent. For each pair, the posterior of dependence is computed from the counts of
//!   shared true values, shared false values and differing values (prior 0.2, copy rate
//!   0.8). A value's providers vote in order of accuracy; each later provider's vote is
//!   discounted by `1 − 0.8 · P(dependent on an earlier one)`. A claim relayed `via`
//!   another outlet is its source's claim and counts once.
//! - Judgements win: a value marked correct has probability 1.
//!
//! Parameters are fixed (never tuned per dataset): prior accuracy 0.8, smoothing weight 2,
//! dependence prior 0.2, copy rate 0.8; rounds until no accuracy moves by 1e-4 (at most
//! 100), copy detection from round 3. Pairs of near-identical sources (the same value on
//! 99% of at least 50 disputed questions) are dependent from the first round on, which
//! counts every source the same otherwise: a feed repeated by five sites must not take the
//! estimate over before the copying is seen.

use crate::model::Kind;
use std::collections::HashMap;
use std::ops::Range;
use std::rc::Rc;

use serde::Serialize;

pub mod record;

use crate::detect::{Item, Settings, interval};

const PRIOR_ACCURACY: f64 = 0.8;
const PRIOR_WEIGHT: f64 = 2.0;
const DEPENDENCE_PRIOR: f64 = 0.2;
const COPY_RATE: f64 = 0.8;
/// Rounds stop when no accuracy moves by more than this, or after `MAX_ROUNDS`.
const SETTLED: f64 = 1e-4;
const MAX_ROUNDS: usize = 100;
const COPY_FROM_ROUND: usize = 3;
/// Pair statistics look at no more than this many providers of one question.
const PAIR_CAP: usize = 64;

/// One claim as the model sees it.
#[derive(Debug, Clone, Copy)]
struct Vote {
    source: u32,
    value: u32,
    /// The claim in [`Quotes`]; its confidence gives the vote's weight.
    claim: u32,
}

/// A question and its candidate values. A million claims make a few hundred thousand
/// questions, so a question holds no allocation of its own: its words are indices into
/// [`Words`], its votes and its values' probabilities ranges of [`Questions`]' arrays.
#[derive(Debug, Clone)]
struct Question {
    subject: u32,
    metric: u32,
    period: Option<u32>,
    as_of: Option<u32>,
    /// Forecasts, run rates and actual figures are separate questions, never ranked
    /// against each other.
    basis: crate::model::Basis,
    /// Where its votes start in [`Questions::votes`], and how many there are.
    first_vote: u32,
    vote_count: u32,
    /// How many candidate values it has; their probabilities start at `first_prob`.
    values: u32,
    first_prob: u32,
    /// A value fixed by a judgement.
    judged: Option<u32>,
}

impl Question {
    fn votes(&self) -> Range<usize> {
        self.first_vote as usize..(self.first_vote + self.vote_count) as usize
    }

    fn probs(&self) -> Range<usize> {
        self.first_prob as usize..(self.first_prob + self.values) as usize
    }
}

/// Every question, with all their votes and probabilities in two arrays.
#[derive(Debug, Default)]
struct Questions {
    list: Vec<Question>,
    votes: Vec<Vote>,
    probs: Vec<f64>,
}

/// Names, periods and days, which repeat across questions: each is held once.
#[derive(Debug, Default)]
struct Words {
    list: Vec<Rc<str>>,
    index: HashMap<Rc<str>, u32>,
}

impl Words {
    fn intern(&mut self, word: &str) -> u32 {
        if let Some(&known) = self.index.get(word) {
            return known;
        }
        let word: Rc<str> = word.into();
        let at = self.list.len() as u32;
        self.list.push(word.clone());
        self.index.insert(word, at);
        at
    }

    fn get(&self, at: u32) -> &str {
        &self.list[at as usize]
    }
}

/// A source's estimated accuracy.
#[derive(Debug, Clone, Serialize)]
pub struct SourceAccuracy {
    pub name: String,
    pub accuracy: f64,
    pub claims: usize,
}

/// A supporting source of an estimate.
#[derive(Debug, Clone, Serialize)]
pub struct Support {
    pub source: String,
    pub accuracy: f64,
    /// Set when this source's vote was discounted as a likely copy of another.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy_of: Option<String>,
}

/// One candidate value of a question, for explanations.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub value: String,
    pub probability: f64,
    pub sources: Vec<Support>,
}

/// The most likely value of a question.
#[derive(Debug, Clone, Serialize)]
pub struct Estimate {
    pub subject: String,
    pub metric: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    /// What kind of figure the estimate is of; absent for actual figures.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<crate::model::Basis>,
    /// The winning value as stated by its best-supported claim.
    pub value: String,
    pub probability: f64,
    /// The sources that gave the winning value.
    pub sources: Vec<String>,
    /// The claim the value is quoted from.
    pub claim: i64,
    /// Set when a judgement decided the question.
    pub judged: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<Candidate>,
}

/// Sources found to copy from one another.
#[derive(Debug, Clone, Serialize)]
pub struct CopierGroup {
    pub sources: Vec<String>,
    /// The smallest dependence probability that links the group.
    pub probability: f64,
}

/// What the model learnt about the sources (the estimates are handed out one by one).
#[derive(Debug, Clone, Serialize)]
pub struct Truth {
    pub sources: Vec<SourceAccuracy>,
    pub copiers: Vec<CopierGroup>,
}

/// What the model needs of a claim beyond the detector's view.
pub struct Input {
    pub item: Item,
    /// Whether a judgement marked this claim correct (`Some(true)`) or wrong.
    pub judged: Option<bool>,
}

/// Splits one question's claims into candidate values; returns the value index of each.
fn candidate_values(claims: &[&Item], s: &Settings) -> (Vec<u32>, usize) {
    let mut value = vec![0u32; claims.len()];
    if claims.first().is_some_and(|c| c.kind == Kind::Quantity) {
        // First fit by the upper end of the plausible interval, as the detector splits
        // camps: a claim joins the first value all of whose claims it agrees with.
        let mut order: Vec<(usize, interval::Interval)> = claims
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let p = c
                    .bound
                    .map(|b| interval::plausible(b, c.low, c.high, s))
                    .unwrap_or(interval::Interval {
                        low: 0.0,
                        high: 0.0,
                    });
                (i, p)
            })
            .collect();
        order.sort_by(|a, b| {
            a.1.high
                .total_cmp(&b.1.high)
                .then(a.1.low.total_cmp(&b.1.low))
        });
        let mut points: Vec<f64> = Vec::new();
        for (i, p) in order {
            match points.iter().position(|pt| p.low <= *pt) {
                Some(v) => value[i] = v as u32,
                None => {
                    value[i] = points.len() as u32;
                    points.push(p.high);
                }
            }
        }
        (value, points.len().max(1))
    } else {
        let mut seen: HashMap<&str, u32> = HashMap::new();
        for (i, c) in claims.iter().enumerate() {
            let n = seen.len() as u32;
            value[i] = *seen.entry(c.norm.as_str()).or_insert(n);
        }
        (value, seen.len().max(1))
    }
}

/// What an estimate quotes from each claim, held for a million claims at once: the
/// values' text in one arena rather than one allocation per claim, which halves what a
/// claim costs.
#[derive(Debug, Default)]
struct Quotes {
    ids: Vec<i64>,
    confidence: Vec<f64>,
    text: String,
    ends: Vec<u32>,
}

impl Quotes {
    fn len(&self) -> usize {
        self.ids.len()
    }

    fn push(&mut self, id: i64, value: &str, confidence: f64) {
        self.ids.push(id);
        self.confidence.push(confidence);
        self.text.push_str(value);
        self.ends.push(self.text.len() as u32);
    }

    /// How much a claim's own confidence lets its vote count.
    fn weight(&self, claim: u32) -> f64 {
        (self.confidence[claim as usize] / PRIOR_ACCURACY).clamp(0.1, 1.25)
    }

    fn value(&self, claim: u32) -> &str {
        let claim = claim as usize;
        let start = if claim == 0 { 0 } else { self.ends[claim - 1] };
        &self.text[start as usize..self.ends[claim] as usize]
    }
}

/// Builds the questions from claims in the detector's order (subject, metric, time).
struct Builder {
    settings: Settings,
    sources: HashMap<i64, u32>,
    names: Vec<String>,
    questions: Questions,
    claims: Quotes,
    group: Vec<Input>,
    words: Words,
}

impl Builder {
    fn intern(&mut self, word: &str) -> u32 {
        self.words.intern(word)
    }

    fn source(&mut self, item: &Item) -> u32 {
        let next = self.names.len() as u32;
        *self.sources.entry(item.source_id).or_insert_with(|| {
            self.names.push(item.source.clone());
            next
        })
    }

    fn push(&mut self, input: Input) {
        let closes = self.group.last().is_some_and(|l| {
            (l.item.subject_id, l.item.metric_id) != (input.item.subject_id, input.item.metric_id)
        });
        if closes {
            self.flush();
        }
        self.group.push(input);
    }

    fn flush(&mut self) {
        let group = std::mem::take(&mut self.group);
        for question in crate::detect::questions(&group, |i| &i.item, &self.settings) {
            self.question(&question);
        }
    }

    fn question(&mut self, part: &[&Input]) {
        let items: Vec<&Item> = part.iter().map(|i| &i.item).collect();
        let (values, n) = candidate_values(&items, &self.settings);
        let first = items[0];
        let period = match &first.period {
            Some(p) if !first.is_state() => Some(self.intern(p)),
            _ => None,
        };
        let as_of = first
            .is_state()
            .then(|| self.intern(&first.time_start.to_string()));
        let first_vote = self.questions.votes.len();
        let first_prob = self.questions.probs.len();
        self.questions
            .probs
            .extend(std::iter::repeat_n(1.0 / n as f64, n));
        let mut q = Question {
            subject: self.intern(&first.subject),
            metric: self.intern(&first.metric),
            period,
            as_of,
            basis: first.basis,
            first_vote: first_vote as u32,
            vote_count: 0,
            values: n as u32,
            first_prob: first_prob as u32,
            judged: None,
        };
        // One vote per source: its latest claim on the question.
        let mut latest: HashMap<u32, (usize, &str)> = HashMap::new();
        for (i, input) in part.iter().enumerate() {
            let source = self.source(&input.item);
            if input.judged == Some(true) {
                q.judged = Some(values[i]);
            }
            let date = input.item.date.as_str();
            let at = match latest.get(&source) {
                Some(&(_, seen)) if seen > date => continue,
                Some(&(at, _)) => Some(at),
                None => None,
            };
            let vote = Vote {
                source,
                value: values[i],
                claim: self.claims.len() as u32,
            };
            self.claims.push(
                input.item.id,
                input.item.value.as_str(),
                input.item.confidence,
            );
            match at {
                Some(at) => {
                    self.questions.votes[first_vote + at] = vote;
                    latest.insert(source, (at, date));
                }
                None => {
                    latest.insert(source, (self.questions.votes.len() - first_vote, date));
                    self.questions.votes.push(vote);
                }
            }
        }
        q.vote_count = (self.questions.votes.len() - first_vote) as u32;
        self.questions.list.push(q);
    }
}

/// Counts of how two sources' values relate across the questions they share.
#[derive(Debug, Default, Clone, Copy)]
struct Pair {
    same_true: f64,
    same_false: f64,
    different: f64,
}

fn vote_weight(accuracy: f64, n: usize) -> f64 {
    let a = accuracy.clamp(0.01, 0.99);
    ((n.max(1) as f64) * a / (1.0 - a)).ln()
}

/// Posterior that two sources are dependent, given how their values relate.
fn dependence(p: &Pair, a1: f64, a2: f64, n: f64) -> f64 {
    let (a1, a2) = (a1.clamp(0.01, 0.99), a2.clamp(0.01, 0.99));
    let c = COPY_RATE;
    let ind_true = a1 * a2;
    let ind_false = (1.0 - a1) * (1.0 - a2) / n;
    let ind_diff = (1.0 - ind_true - ind_false).max(1e-9);
    // A copier shares the original's value with probability c, else acts alone.
    let a = (a1 + a2) / 2.0;
    let dep_true = a * c + ind_true * (1.0 - c);
    let dep_false = (1.0 - a) * c + ind_false * (1.0 - c);
    let dep_diff = ind_diff * (1.0 - c);
    let log_ratio = p.same_true * (dep_true / ind_true).ln()
        + p.same_false * (dep_false / ind_false).ln()
        + p.different * (dep_diff / ind_diff).ln();
    let prior = (DEPENDENCE_PRIOR / (1.0 - DEPENDENCE_PRIOR)).ln();
    1.0 / (1.0 + (-(log_ratio + prior)).exp())
}

/// Runs the model over claims streamed in the detector's order.
pub struct Model {
    builder: Builder,
}

impl Model {
    pub fn new(settings: Settings) -> Model {
        Model {
            builder: Builder {
                settings,
                sources: HashMap::new(),
                names: Vec::new(),
                questions: Questions::default(),
                claims: Quotes::default(),
                group: Vec::new(),
                words: Words::default(),
            },
        }
    }

    pub fn push(&mut self, input: Input) {
        self.builder.push(input);
    }

    /// Estimates every question, handing each estimate to `each` as it is made (a
    /// million are never held at once); `explain` keeps every candidate with its
    /// supporters.
    pub fn solve<E>(
        mut self,
        explain: bool,
        mut each: impl FnMut(Estimate) -> Result<(), E>,
    ) -> Result<Truth, E> {
        self.builder.flush();
        let Builder {
            names,
            questions,
            claims,
            words,
            ..
        } = self.builder;
        let Questions {
            list: questions,
            votes: all_votes,
            mut probs,
        } = questions;
        let votes = |q: &Question| &all_votes[q.votes()];
        let sources = names.len();
        let mut accuracy;
        let mut dependent: HashMap<(u32, u32), f64> = HashMap::new();
        // A start that copies cannot capture: sources whose values are near-identical
        // over many questions form one cluster, and the first round's estimate counts
        // each cluster once.
        let identical = identical_pairs(&questions, &all_votes);
        dependent.clone_from(&identical);
        // The first round: every source counts the same, near-identical ones once.
        // Buffers reused from question to question.
        let mut score: Vec<f64> = Vec::new();
        let mut order: Vec<Vote> = Vec::new();
        for q in &questions {
            score.clear();
            score.resize(q.values as usize, 0.0);
            let qv = votes(q);
            for (i, v) in qv.iter().enumerate() {
                let mut w = 1.0;
                for earlier in &qv[..i] {
                    let key = (earlier.source.min(v.source), earlier.source.max(v.source));
                    if earlier.value == v.value && identical.contains_key(&key) {
                        w *= 1.0 - COPY_RATE;
                    }
                }
                score[v.value as usize] += w;
            }
            softmax(&score, &mut probs[q.probs()]);
        }
        accuracy = accuracies(&questions, &all_votes, &probs, sources);
        for round in 1..MAX_ROUNDS {
            let before = accuracy.clone();
            // Values from accuracies (and dependence).
            for q in &questions {
                let n = (q.values as usize).saturating_sub(1).max(1);
                score.clear();
                score.resize(q.values as usize, 0.0);
                order.clear();
                order.extend_from_slice(votes(q));
                order.sort_by(|a, b| {
                    accuracy[b.source as usize].total_cmp(&accuracy[a.source as usize])
                });
                for (i, v) in order.iter().enumerate() {
                    let mut w =
                        vote_weight(accuracy[v.source as usize], n) * claims.weight(v.claim);
                    if !dependent.is_empty() {
                        for earlier in &order[..i] {
                            if earlier.value == v.value {
                                let key =
                                    (earlier.source.min(v.source), earlier.source.max(v.source));
                                if let Some(p) = dependent.get(&key) {
                                    w *= 1.0 - COPY_RATE * p;
                                }
                            }
                        }
                    }
                    score[v.value as usize] += w;
                }
                let out = &mut probs[q.probs()];
                match q.judged {
                    Some(j) => {
                        out.fill(0.0);
                        out[j as usize] = 1.0;
                    }
                    None => softmax(&score, out),
                }
            }
            accuracy = accuracies(&questions, &all_votes, &probs, sources);
            let settled = before
                .iter()
                .zip(&accuracy)
                .all(|(a, b)| (a - b).abs() < SETTLED);
            if settled && round > COPY_FROM_ROUND {
                break;
            }
            // Dependence between sources, from the current estimates.
            if round + 1 >= COPY_FROM_ROUND {
                let truths: Vec<u32> = questions.iter().map(|q| best(&probs[q.probs()])).collect();
                let pairs = pair_counts(&questions, &all_votes, |q, a, b, p: &mut Pair| {
                    if a.value != b.value {
                        p.different += 1.0;
                    } else if a.value == truths[q] {
                        p.same_true += 1.0;
                    } else {
                        p.same_false += 1.0;
                    }
                });
                dependent = pairs
                    .into_iter()
                    .filter_map(|(key, p)| {
                        let d = dependence(
                            &p,
                            accuracy[key.0 as usize],
                            accuracy[key.1 as usize],
                            10.0,
                        );
                        (d > 0.5).then_some((key, d))
                    })
                    .collect();
            }
        }

        let copy_of = |q: &Question, v: &Vote| -> Option<String> {
            votes(q)
                .iter()
                .filter(|e| e.value == v.value && e.source != v.source)
                .filter(|e| accuracy[e.source as usize] >= accuracy[v.source as usize])
                .find(|e| {
                    let key = (e.source.min(v.source), e.source.max(v.source));
                    dependent.get(&key).is_some_and(|p| *p > 0.5)
                })
                .map(|e| names[e.source as usize].clone())
        };
        for q in &questions {
            let q_probs = &probs[q.probs()];
            let win = best(q_probs);
            // Quote the winning value from its best-backed claim.
            let quoted = votes(q).iter().filter(|v| v.value == win).max_by(|a, b| {
                accuracy[a.source as usize]
                    .total_cmp(&accuracy[b.source as usize])
                    .then(
                        claims.confidence[a.claim as usize]
                            .total_cmp(&claims.confidence[b.claim as usize]),
                    )
                    .then(claims.ids[b.claim as usize].cmp(&claims.ids[a.claim as usize]))
            });
            let Some(quoted) = quoted else { continue };
            let mut supporters: Vec<&Vote> = votes(q).iter().filter(|v| v.value == win).collect();
            supporters.sort_by(|a, b| {
                accuracy[b.source as usize].total_cmp(&accuracy[a.source as usize])
            });
            let candidates = if explain {
                let mut cs: Vec<Candidate> = (0..q.values)
                    .filter_map(|value| {
                        let mut vs: Vec<&Vote> =
                            votes(q).iter().filter(|v| v.value == value).collect();
                        vs.sort_by(|a, b| {
                            accuracy[b.source as usize].total_cmp(&accuracy[a.source as usize])
                        });
                        let first = vs.first()?;
                        Some(Candidate {
                            value: claims.value(first.claim).to_string(),
                            probability: round3(q_probs[value as usize]),
                            sources: vs
                                .iter()
                                .map(|v| Support {
                                    source: names[v.source as usize].clone(),
                                    accuracy: round3(accuracy[v.source as usize]),
                                    copy_of: copy_of(q, v),
                                })
                                .collect(),
                        })
                    })
                    .collect();
                cs.sort_by(|a, b| b.probability.total_cmp(&a.probability));
                cs
            } else {
                Vec::new()
            };
            each(Estimate {
                subject: words.get(q.subject).to_string(),
                metric: words.get(q.metric).to_string(),
                period: q.period.map(|w| words.get(w).to_string()),
                as_of: q.as_of.map(|w| words.get(w).to_string()),
                basis: (q.basis != crate::model::Basis::Actual).then_some(q.basis),
                value: claims.value(quoted.claim).to_string(),
                probability: round3(q_probs[win as usize]),
                sources: supporters
                    .iter()
                    .map(|v| names[v.source as usize].clone())
                    .collect(),
                claim: claims.ids[quoted.claim as usize],
                judged: q.judged.is_some(),
                candidates,
            })?;
        }

        let mut source_claims = vec![0usize; sources];
        for v in &all_votes {
            source_claims[v.source as usize] += 1;
        }
        let mut accuracies: Vec<SourceAccuracy> = (0..sources)
            .map(|s| SourceAccuracy {
                name: names[s].clone(),
                accuracy: round3(accuracy[s]),
                claims: source_claims[s],
            })
            .collect();
        accuracies.sort_by(|a, b| b.accuracy.total_cmp(&a.accuracy).then(a.name.cmp(&b.name)));
        Ok(Truth {
            sources: accuracies,
            copiers: copier_groups(&identical, &names),
        })
    }
}

/// Whether the question's sources disagree. Only such questions say anything about
/// copying: on a value every source gives, agreeing is what independent sources do too.
fn contested(votes: &[Vote]) -> bool {
    votes
        .first()
        .is_some_and(|f| votes.iter().any(|v| v.value != f.value))
}

/// The probabilities `score` stands for, written into `out` (as long as `score`).
fn softmax(score: &[f64], out: &mut [f64]) {
    let max = score.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    for (o, s) in out.iter_mut().zip(score) {
        *o = (s - max).exp();
    }
    let total: f64 = out.iter().sum();
    for e in out.iter_mut() {
        *e /= total;
    }
}

/// Each source's accuracy: the mean probability of the values it gave, smoothed toward
/// the prior.
fn accuracies(questions: &[Question], votes: &[Vote], probs: &[f64], sources: usize) -> Vec<f64> {
    let mut sum = vec![PRIOR_ACCURACY * PRIOR_WEIGHT; sources];
    let mut count = vec![PRIOR_WEIGHT; sources];
    for q in questions {
        let probs = &probs[q.probs()];
        for v in &votes[q.votes()] {
            sum[v.source as usize] += probs[v.value as usize];
            count[v.source as usize] += 1.0;
        }
    }
    (0..sources)
        .map(|s| (sum[s] / count[s]).clamp(0.01, 0.99))
        .collect()
}

/// Tallies, for every pair of sources that share disputed questions, what `count` makes
/// of each question they share (given by its index).
fn pair_counts<T: Default>(
    questions: &[Question],
    all_votes: &[Vote],
    mut count: impl FnMut(usize, &Vote, &Vote, &mut T),
) -> HashMap<(u32, u32), T> {
    let mut pairs: HashMap<(u32, u32), T> = HashMap::new();
    for (qi, q) in questions.iter().enumerate() {
        let votes = &all_votes[q.votes()];
        if !contested(votes) {
            continue;
        }
        let votes = &votes[..votes.len().min(PAIR_CAP)];
        for (i, a) in votes.iter().enumerate() {
            for b in &votes[i + 1..] {
                let key = (a.source.min(b.source), a.source.max(b.source));
                count(qi, a, b, pairs.entry(key).or_default());
            }
        }
    }
    pairs
}

/// Pairs of sources that give the same value on nearly every disputed question they
/// share, over enough of them to tell: treated as dependent from the start.
fn identical_pairs(questions: &[Question], votes: &[Vote]) -> HashMap<(u32, u32), f64> {
    const SHARED: f64 = 50.0;
    const NEAR_IDENTICAL: f64 = 0.99;
    let pairs = pair_counts(questions, votes, |_, a, b, p: &mut (f64, f64)| {
        p.1 += 1.0;
        if a.value == b.value {
            p.0 += 1.0;
        }
    });
    pairs
        .into_iter()
        .filter(|(_, (same, shared))| *shared >= SHARED && same / shared >= NEAR_IDENTICAL)
        .map(|(k, _)| (k, 1.0))
        .collect()
}

fn best(probs: &[f64]) -> u32 {
    probs
        .iter()
        .enumerate()
        .max_by(|a, b| a.1.total_cmp(b.1).then(b.0.cmp(&a.0)))
        .map_or(0, |(i, _)| i as u32)
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Groups of near-identical sources (union–find over such pairs): the copier groups an
/// explanation names. Weaker dependence discounts votes but is not named, since chains of
/// weak links would join nearly everyone.
fn copier_groups(dependent: &HashMap<(u32, u32), f64>, names: &[String]) -> Vec<CopierGroup> {
    let mut parent: Vec<usize> = (0..names.len()).collect();
    fn root(parent: &mut [usize], mut x: usize) -> usize {
        while parent[x] != x {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        x
    }
    let mut pairs: Vec<(&(u32, u32), &f64)> = dependent.iter().collect();
    pairs.sort_by(|a, b| a.0.cmp(b.0));
    for ((a, b), _) in &pairs {
        let (ra, rb) = (
            root(&mut parent, *a as usize),
            root(&mut parent, *b as usize),
        );
        if ra != rb {
            parent[ra] = rb;
        }
    }
    let mut groups: HashMap<usize, (Vec<String>, f64)> = HashMap::new();
    for ((a, b), p) in &pairs {
        let r = root(&mut parent, *a as usize);
        let g = groups.entry(r).or_insert((Vec::new(), 1.0));
        for s in [*a, *b] {
            let name = names[s as usize].clone();
            if !g.0.contains(&name) {
                g.0.push(name);
            }
        }
        g.1 = g.1.min(**p);
    }
    let mut out: Vec<CopierGroup> = groups
        .into_values()
        .map(|(mut sources, p)| {
            sources.sort();
            CopierGroup {
                sources,
                probability: round3(p),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        b.sources
            .len()
            .cmp(&a.sources.len())
            .then(a.sources.cmp(&b.sources))
    });
    out
}

#[cfg(test)]
mod tests;
