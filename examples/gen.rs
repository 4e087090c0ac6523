//! Writes N synthetic claims as JSON Lines, deterministically, for benchmarks:
//! `cargo run --release --example gen -- 1000000 [SEED] [PROFILE] > claims.jsonl`
//!
//! Many subjects and metrics, the built-in sources under English and Chinese names,
//! values in English and Chinese of every bound kind, flows and states, quotes of 100–300
//! characters. Two profiles:
//! - `calm` (the default): about 5% of questions (subject/metric/time) hold one planted
//!   contradiction, about 10,000 groups at 1M claims;
//! - `contested`: each claim strays from its question's figure with a 10% chance, by a
//!   tension's or a conflict's width, so that about 10% of claims disagree: 80,820
//!   contradiction groups at 1M claims.

use std::io::{BufWriter, Write};

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    fn chance(&mut self, p: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

const SOURCES: &[&str] = &[
    "The Information",
    "Reuters",
    "路透社",
    "Financial Times",
    "FT",
    "金融时报",
    "The New York Times",
    "NYT",
    "纽约时报",
    "Bloomberg",
    "彭博社",
    "CNBC",
    "The Wall Street Journal",
    "WSJ",
    "华尔街日报",
    "AP",
    "The Verge",
    "Sherwood News",
];
const FLOWS: &[&str] = &["revenue", "net_loss", "operating_cost", "capex"];
const STATES: &[&str] = &["valuation", "headcount", "users", "funding_round_size"];
const PERIODS: &[&str] = &["2022", "2023", "2024", "2024-H1", "2024-Q3", "FY2025"];
/// Questions per subject: every flow metric over every period, every state metric in six
/// months.
const SLOTS: u64 = 48;
const CONFIDENCE: &[&str] = &[
    "reported",
    "reported",
    "reported",
    "confirmed",
    "rumored",
    "speculative",
];
const WORDS_EN: &[&str] = &[
    "the",
    "company",
    "said",
    "people",
    "familiar",
    "with",
    "matter",
    "according",
    "to",
    "documents",
    "seen",
    "by",
    "investors",
    "expects",
    "revenue",
    "this",
    "year",
    "round",
    "valuation",
    "talks",
    "growth",
    "quarter",
    "filing",
    "analysts",
    "estimate",
    "deal",
];
const WORDS_ZH: &[&str] = &[
    "据知情人士透露",
    "公司",
    "收入",
    "估值",
    "融资",
    "投资者",
    "预计",
    "今年",
    "报道称",
    "增长",
    "亏损",
    "文件显示",
    "本轮",
    "领投",
    "员工",
    "用户",
];

/// A figure written the way reporters write it, in English or Chinese.
fn written(rng: &mut Rng, x: f64, money: bool) -> String {
    let zh = rng.chance(0.4);
    let form = rng.below(7);
    if money {
        let b = x / 1e9;
        let yi = x / 1e8;
        match (zh, form) {
            (false, 0) => format!("${b:.2} billion"),
            (false, 1) => format!("about ${b:.1}B"),
            (false, 2) => format!("${:.2}B-${:.2}B", b * 0.95, b * 1.05),
            (false, 3) => format!("over ${:.1} billion", b * 0.9),
            (false, 4) => format!("at least ${:.1} billion", b * 0.9),
            (false, 5) => format!("under ${:.1} billion", b * 1.1),
            (false, _) => format!("up to ${:.1} billion", b * 1.1),
            (true, 0) => format!("{yi:.0}亿美元"),
            (true, 1) => format!("约{yi:.0}亿美元"),
            (true, 2) => format!("{:.0}亿至{:.0}亿美元", yi * 0.95, yi * 1.05),
            (true, 3) => format!("超过{:.0}亿美元", yi * 0.9),
            (true, 4) => format!("至少{:.0}亿美元", yi * 0.9),
            (true, 5) => format!("不到{:.0}亿美元", yi * 1.1),
            (true, _) => format!("高达{:.0}亿美元", yi * 1.1),
        }
    } else {
        let n = x.round();
        match (zh, form % 4) {
            (false, 0) => format!("{n:.0} employees"),
            (false, 1) => format!("about {n:.0} employees"),
            (false, 2) => format!("more than {:.0} employees", n * 0.9),
            (false, _) => format!("{:.0} to {:.0} employees", n * 0.95, n * 1.05),
            (true, 0) => format!("{n:.0}名员工"),
            (true, 1) => format!("约{n:.0}名员工"),
            (true, 2) => format!("超过{:.0}名员工", n * 0.9),
            (true, _) => format!("{:.0}至{:.0}名员工", n * 0.95, n * 1.05),
        }
    }
}

fn quote(rng: &mut Rng, value: &str) -> String {
    let zh = rng.chance(0.4);
    let target = 100 + rng.below(200) as usize;
    let mut q = String::new();
    while q.chars().count() < target {
        if zh {
            q.push_str(rng.pick::<&str>(WORDS_ZH));
            if rng.chance(0.2) {
                q.push(',');
            }
        } else {
            if !q.is_empty() {
                q.push(' ');
            }
            q.push_str(rng.pick::<&str>(WORDS_EN));
        }
        if rng.chance(0.05) {
            q.push_str(if zh { "为" } else { " of " });
            q.push_str(value);
        }
    }
    q.chars().take(300).collect()
}

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.replace('_', "").parse().ok())
        .unwrap_or(10_000);
    let seed: u64 = std::env::args()
        .nth(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(42);
    let contested = match std::env::args().nth(3).as_deref() {
        None | Some("calm") => false,
        Some("contested") => true,
        Some(other) => {
            eprintln!("unknown profile {other:?}: use calm or contested");
            std::process::exit(2);
        }
    };
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let out = std::io::stdout();
    let mut out = BufWriter::with_capacity(1 << 20, out.lock());
    let mut written_claims = 0u64;
    let mut group = 0u64;
    while written_claims < n {
        group += 1;
        // Each group is its own question: a subject, a metric and a period or month, so
        // that the only contradictions are the ones planted.
        let subject = format!("Company {:06}", group / SLOTS);
        let slot = (group % SLOTS) as usize;
        let half = SLOTS as usize / 2;
        let flow = slot < half;
        let metric = if flow {
            FLOWS[slot / PERIODS.len()]
        } else {
            STATES[(slot - half) / PERIODS.len()]
        };
        let money = metric != "headcount" && metric != "users";
        let base = if money {
            1e8 * (1 + rng.below(2000)) as f64
        } else {
            (100 + rng.below(50_000)) as f64
        };
        let period = PERIODS[slot % PERIODS.len()];
        let day = 1 + rng.below(25);
        // States two months apart: never within the comparison window of each other.
        let month = 1 + 2 * (slot % PERIODS.len()) as u64;
        let contradiction = rng.chance(0.05);
        let size = 2 + rng.below(6);
        for i in 0..size.min(n - written_claims) {
            let mut x = base * (0.98 + 0.04 * rng.below(100) as f64 / 100.0);
            if contested {
                // One claim in ten strays: a hedge's width (a tension) or well beyond it.
                if rng.chance(0.1) {
                    x *= *rng.pick(&[1.6, 2.5, 0.4]);
                }
            } else if contradiction && i == size - 1 {
                x *= 2.5;
            }
            let value = written(&mut rng, x, money);
            let source = rng.pick(SOURCES);
            let mut rec = serde_json::json!({
                "key": format!("g{group}-{i}"),
                "subject": subject,
                "metric": metric,
                "value": value,
                "source": source,
                "date": format!("2024-{month:02}-{day:02}"),
                "confidence": rng.pick(CONFIDENCE),
                "quote": quote(&mut rng, &value),
                "url": format!("https://example.com/{group}/{i}"),
                "tags": ["bench"],
            });
            if flow {
                rec["period"] = serde_json::json!(period);
            } else {
                let d = day + rng.below(3);
                rec["as_of"] = serde_json::json!(format!("2024-{month:02}-{d:02}"));
            }
            if rng.chance(0.1) {
                rec["via"] = serde_json::json!(rng.pick(SOURCES));
            }
            writeln!(out, "{rec}").expect("write to stdout");
            written_claims += 1;
        }
    }
    out.flush().expect("flush stdout");
}
