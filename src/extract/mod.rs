//! From a news article to candidate claims: who credited which outlet for which
//! figure, about what, for when, and how hedged. Pure: the article's text and the
//! ledger's names come in, records in the import format go out; no I/O, no SQL.
//!
//! For each sentence (`text.rs`), the figures are found with
//! [`crate::value::find_all`]; figures that are not claims (years, ages, counts of
//! people) are left out. Then, for each figure:
//!
//! - **source**: an outlet the sentence credits (`according to Reuters`, `据彭博社报道`),
//!   with the article's outlet as `via`; a company speaking for itself (`OpenAI said`);
//!   else the article's outlet;
//! - **subject**: the ledger's subjects first, then organisations named in the
//!   sentence, nearest before the figure; else the subject of the sentence before;
//! - **metric**: the ledger's metrics first, then a built-in lexicon, nearest the figure;
//! - **period / as-of** (`when.rs`): flows (revenue, loss) get a period, states
//!   (valuation, a round's size) an as-of date;
//! - **confidence** and **basis** from the hedges and qualifiers around the figure.
//!
//! Everything is a heuristic over words; nothing here is specific to one article.

pub mod html;
mod text;
mod when;

use std::ops::Range;
use std::sync::LazyLock;

use chrono::NaiveDate;
use serde::Serialize;

use crate::model::norm_name;
use crate::value::{self, Value};
use text::{WordSet, capitalised_names, clause, distance, has_any, occurrences, sentences};

/// A named thing the ledger knows: its canonical name and other spellings.
#[derive(Debug, Clone, Default)]
pub struct Named {
    pub name: String,
    pub aliases: Vec<String>,
}

/// The names the extractor should prefer: the ledger's sources, subjects and metrics.
#[derive(Debug, Clone, Default)]
pub struct Names {
    pub sources: Vec<Named>,
    pub subjects: Vec<Named>,
    pub metrics: Vec<Named>,
}

/// The article and what the user knows about it.
#[derive(Debug, Clone)]
pub struct Article<'a> {
    pub text: &'a str,
    /// The outlet that published it.
    pub outlet: &'a str,
    pub date: NaiveDate,
    pub url: Option<&'a str>,
}

/// One candidate claim, in the import format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Candidate {
    pub subject: String,
    pub metric: String,
    pub value: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
    pub source: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub via: Option<String>,
    pub date: String,
    pub confidence: &'static str,
    /// Set only when the figure is not an actual one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub basis: Option<&'static str>,
    pub quote: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

/// Metrics every ledger understands, with the words that name them. Flows (covering
/// a period) are marked.
const METRICS: &[(&str, bool, &[&str])] = &[
    (
        "monthly_active_users",
        false,
        &[
            "monthly active users",
            "monthly users",
            "MAU",
            "MAUs",
            "月活",
            "月活跃用户",
            "月活用户",
            "月活跃用户数",
            "月度活跃用户",
        ],
    ),
    (
        "daily_active_users",
        false,
        &[
            "daily active users",
            "daily users",
            "DAU",
            "DAUs",
            "日活",
            "日活跃用户",
            "日活用户",
            "日活跃用户数",
        ],
    ),
    (
        "weekly_active_users",
        false,
        &[
            "weekly active users",
            "weekly users",
            "WAU",
            "周活",
            "周活跃用户",
        ],
    ),
    (
        "market_share",
        false,
        &[
            "market share",
            "share of the market",
            "市场份额",
            "市占率",
            "市场占有率",
            "占有率",
        ],
    ),
    (
        "operating_income",
        true,
        &[
            "operating income",
            "operating profit",
            "income from operations",
            "营业利润",
            "经营利润",
            "经营性利润",
        ],
    ),
    (
        "net_income",
        true,
        &[
            "net income",
            "net profit",
            "net earnings",
            "净利润",
            "归母净利润",
            "纯利",
        ],
    ),
    (
        "revenue",
        true,
        &[
            "revenue",
            "revenues",
            "sales",
            "annualized revenue",
            "recurring revenue",
            "ARR",
            "run rate",
            "run-rate",
            "营收",
            "收入",
            "营业收入",
            "营业总收入",
            "总营收",
            "营业额",
            "turnover",
            "销售额",
            "年化收入",
        ],
    ),
    (
        "valuation",
        false,
        &[
            "valuation",
            "valued",
            "valuing",
            "values",
            "value of",
            "worth",
            "market value",
            "market capitalization",
            "post-money",
            "pre-money",
            "估值",
            "市值",
            "身价",
            "投后",
            "投前",
        ],
    ),
    (
        "funding",
        false,
        &[
            "raise",
            "raised",
            "raising",
            "raises",
            "funding",
            "funding round",
            "financing",
            "fundraising",
            "融资",
            "募资",
            "筹集",
            "筹资",
            "募集",
            "轮",
        ],
    ),
    (
        "investment",
        false,
        &[
            "invest",
            "invested",
            "investing",
            "investment",
            "invests",
            "commitment",
            "committed",
            "投资",
            "投入",
            "注资",
            "出资",
        ],
    ),
    (
        "loss",
        true,
        &[
            "loss",
            "losses",
            "lost",
            "lose",
            "net loss",
            "亏损",
            "净亏损",
            "亏",
        ],
    ),
    ("profit", true, &["profit", "earnings", "利润", "盈利"]),
    (
        "cash_burn",
        true,
        &[
            "cash burn",
            "burn",
            "burned",
            "burning",
            "burn through",
            "烧钱",
            "现金消耗",
            "烧掉",
        ],
    ),
    (
        "spending",
        true,
        &[
            "spend",
            "spending",
            "spent",
            "capital expenditure",
            "capex",
            "costs",
            "cost",
            "支出",
            "开支",
            "成本",
            "资本支出",
        ],
    ),
    (
        "users",
        false,
        &[
            "users",
            "customers",
            "subscribers",
            "用户",
            "用户数",
            "活跃用户",
        ],
    ),
    (
        "debt",
        false,
        &[
            "debt",
            "loan",
            "credit line",
            "credit facility",
            "债务",
            "贷款",
            "信贷",
        ],
    ),
    ("stake", false, &["stake", "股份", "股权", "持股"]),
    (
        "price",
        false,
        &["per share", "share price", "股价", "per hour", "每小时"],
    ),
    (
        "employees",
        false,
        &["employees", "staff", "员工", "headcount"],
    ),
];

/// Well-known organisations, for Chinese text where names are not capitalised.
const KNOWN_ORGS: &[&str] = &[
    "月之暗面",
    "智谱AI",
    "智谱",
    "百川智能",
    "零一万物",
    "阶跃星辰",
    "深度求索",
    "字节跳动",
    "阿里巴巴",
    "阿里云",
    "腾讯",
    "百度",
    "华为",
    "小米",
    "商汤",
    "京东",
    "美团",
    "拼多多",
    "蚂蚁集团",
    "英伟达",
    "微软",
    "谷歌",
    "苹果",
    "亚马逊",
    "软银",
    "红杉中国",
    "高瓴",
    "宁德时代",
    "比亚迪",
    "特斯拉",
    "台积电",
    "中芯国际",
    "寒武纪",
    "摩尔线程",
    "壁仞科技",
    "稀宇科技",
    "面壁智能",
    "生数科技",
    "xAI",
    "MiniMax",
    "DeepSeek",
    "Kimi",
    "地平线",
    "蔚来",
    "理想汽车",
    "小鹏汽车",
    "零跑汽车",
    "极氪",
    "米哈游",
    "网易",
    "快手",
    "哔哩哔哩",
    "携程",
    "滴滴",
    "大疆",
    "荣耀",
    "联想",
    "中兴",
    "海光信息",
    "长鑫存储",
    "长江存储",
    "智元机器人",
    "银河通用",
    "优必选",
    "科大讯飞",
    "昆仑万维",
    "出门问问",
    "第四范式",
    "旷视科技",
    "云从科技",
    "无问芯穹",
    "硅基流动",
    "爱诗科技",
    "蚂蚁集团",
    "宇树科技",
    "元戎启行",
    "商汤科技",
    "百川",
];

/// Chinese names of foreign companies, recorded under their own names.
const FOREIGN_ORGS: &[(&str, &str)] = &[
    ("微软", "Microsoft"),
    ("谷歌", "Google"),
    ("苹果", "Apple"),
    ("亚马逊", "Amazon"),
    ("英伟达", "Nvidia"),
    ("软银", "SoftBank"),
    ("特斯拉", "Tesla"),
    ("台积电", "TSMC"),
    ("穆巴达拉", "Mubadala"),
    ("甲骨文", "Oracle"),
    ("三星", "Samsung"),
];

/// Chinese endings of organisation names (`某某科技`, `某某资本`).
const ORG_ENDINGS: &[&str] = &[
    "科技",
    "智能",
    "集团",
    "资本",
    "银行",
    "基金",
    "实验室",
    "汽车",
    "证券",
    "创投",
];

/// Words before a name that make it an investor or a lender, not the subject.
/// Titles before a person's name: people speak for companies but are not what a
/// figure is about.
const TITLE_BEFORE: &[&str] = &[
    "chief executive",
    "chief executive officer",
    "ceo",
    "cfo",
    "chief financial officer",
    "founder",
    "co-founder",
    "cofounder",
    "president",
    "chairman",
    "analyst",
    "investor",
    "partner",
    "spokesperson",
    "spokesman",
    "spokeswoman",
    "首席执行官",
    "创始人",
    "董事长",
    "总裁",
    "分析师",
];

/// Words before a name that make it a product, never the subject (`the maker of
/// ChatGPT`).
const PRODUCT_BEFORE: &[&str] = &[
    "maker of",
    "makers of",
    "developer of",
    "owner of",
    "creator of",
    "maker of the",
];

const NOT_SUBJECT_BEFORE: &[&str] = &[
    "in",
    "into",
    "led by",
    "from",
    "by",
    "including",
    "backed by",
    "with",
    "investors",
    "by investors",
    "由",
    "包括",
    "来自",
    "与",
    "和",
];

/// Words after a name that make it the one who put money in (`Thrive Capital led`).
/// Words after a name that make it a product (`the Claude maker`).
const PRODUCT_AFTER: &[&str] = &[
    " maker",
    " developer",
    " creator",
    "-maker",
    " owner",
    " chatbot",
];

const NOT_SUBJECT_AFTER: &[&str] = &[
    " led",
    " co-led",
    "领投",
    "跟投",
    "参投",
    "牵头",
    " participated",
    "参与",
];

/// Cues before an outlet's name that credit it.
const CREDIT_BEFORE: &[&str] = &[
    "according to",
    "citing",
    "cited by",
    "reported by",
    "told",
    "per",
    "据",
    "另据",
    "根据",
    "援引",
];

/// Cues after an outlet's name that credit it.
const CREDIT_AFTER: &[&str] = &[
    "reported",
    "reports",
    "said",
    "says",
    "wrote",
    "put",
    "estimated",
    "estimates",
    "calculated",
    "cited",
    "citing",
    "has reported",
    "previously reported",
    "earlier reported",
    "first reported",
    "报道",
    "援引",
    "称",
    "此前报道",
    "消息",
    "披露",
    "获悉",
    "报告",
    "表示",
    "测算",
    "估计",
];

/// A company speaking for itself.
const SAYS: &[&str] = &[
    "said",
    "says",
    "announced",
    "announces",
    "disclosed",
    "reported",
    "confirmed",
    "told investors",
    "said in a statement",
    "expects",
    "forecast",
    "forecasts",
    "projects",
    "预计",
    "表示",
    "宣布",
    "公布",
    "披露",
    "称",
    "透露",
    "官宣",
];

const COMPANY_SELF: &[&str] = &[
    "the company said",
    "the company says",
    "the company announced",
    "the company reported",
    "company said",
    "the startup said",
    "it said",
    "the firm said",
    "in a statement",
    "in a filing",
    "filings show",
    "公司表示",
    "公司宣布",
    "公司公布",
    "官方宣布",
    "官方公布",
    "该公司表示",
];

const RUMORED: &[&str] = &[
    "reportedly",
    "people familiar",
    "person familiar",
    "familiar with",
    "sources said",
    "people with knowledge",
    "person with knowledge",
    "people close to",
    "the people said",
    "the person said",
    "people said",
    "seeking",
    "寻求",
    "in talks",
    "in discussions",
    "rumored",
    "rumoured",
    "知情人士",
    "传闻",
    "传出",
    "据悉",
    "消息人士",
    "洽谈",
    "谈判",
];

const SPECULATIVE: &[&str] = &[
    "could",
    "may",
    "might",
    "estimated",
    "estimate",
    "estimates",
    "analysts",
    "likely",
    "可能",
    "或将",
    "或",
    "估计",
    "预估",
    "测算",
];

const CONFIRMED: &[&str] = &[
    "filing",
    "filings",
    "regulatory filing",
    "announced",
    "confirmed",
    "in a statement",
    "公布",
    "宣布",
    "官宣",
    "财报",
    "公告",
    "官方",
    "证实",
];

const FORECAST: &[&str] = &[
    "expects",
    "expected",
    "expecting",
    "projects",
    "projected",
    "projection",
    "projections",
    "forecast",
    "forecasts",
    "guidance",
    "on track",
    "aims",
    "targets",
    "anticipates",
    "plans",
    "plans to",
    "计划",
    "预计",
    "预期",
    "有望",
    "预测",
    "目标",
    "将达到",
];

const RUN_RATE: &[&str] = &[
    "annualized",
    "annualised",
    "run rate",
    "run-rate",
    "ARR",
    "annual recurring revenue",
    "年化",
    "年度经常性收入",
];

const SECONDARY: &[&str] = &[
    "tender offer",
    "secondary sale",
    "secondary share",
    "二级市场",
    "老股",
];

/// The built-in word lists, each made into one automaton, once.
struct Sets {
    /// Every word of [`METRICS`], with the metric it names.
    metric_words: WordSet,
    metric_of: Vec<&'static str>,
    known_orgs: WordSet,
    foreign_orgs: WordSet,
    rumored: WordSet,
    speculative: WordSet,
    confirmed: WordSet,
    forecast: WordSet,
    run_rate: WordSet,
    secondary: WordSet,
    company_self: WordSet,
}

static SETS: LazyLock<Sets> = LazyLock::new(|| {
    let pairs: Vec<(&str, &str)> = METRICS
        .iter()
        .flat_map(|(m, _, words)| words.iter().map(move |w| (*m, *w)))
        .collect();
    Sets {
        metric_words: WordSet::new(pairs.iter().map(|(_, w)| w)),
        metric_of: pairs.iter().map(|(m, _)| *m).collect(),
        known_orgs: WordSet::new(KNOWN_ORGS),
        foreign_orgs: WordSet::new(FOREIGN_ORGS.iter().map(|(zh, _)| zh)),
        rumored: WordSet::new(RUMORED),
        speculative: WordSet::new(SPECULATIVE),
        confirmed: WordSet::new(CONFIRMED),
        forecast: WordSet::new(FORECAST),
        run_rate: WordSet::new(RUN_RATE),
        secondary: WordSet::new(SECONDARY),
        company_self: WordSet::new(COMPANY_SELF),
    }
});

/// The ledger's names of one kind: every spelling, longest first, with its
/// canonical name, and one automaton over them, built once per article.
struct Known {
    spellings: Vec<(String, String)>,
    set: WordSet,
}

impl Known {
    fn new(named: &[Named]) -> Known {
        let spellings: Vec<(String, String)> = spellings(named)
            .into_iter()
            .map(|(s, n)| (s.to_string(), n.to_string()))
            .collect();
        let set = WordSet::new(spellings.iter().map(|(s, _)| s));
        Known { spellings, set }
    }

    /// Mentions of any spelling in `s`, longest first, not overlapping.
    fn mentions(&self, s: &str) -> Vec<(Range<usize>, &str)> {
        let mut out: Vec<(Range<usize>, &str)> = Vec::new();
        for (k, r) in self.set.find(s) {
            if !out.iter().any(|(o, _)| o.start < r.end && r.start < o.end) {
                out.push((r, self.spellings[k].1.as_str()));
            }
        }
        out.sort_by_key(|(r, _)| r.start);
        out
    }
}

/// The ledger's names, ready to search.
struct Lexicon {
    sources: Known,
    subjects: Known,
    metrics: Known,
}

/// Extracts the candidate claims of an article, in the order they appear.
pub fn extract(article: &Article, names: &Names) -> Vec<Candidate> {
    let text = article.text;
    let sentences = sentences(text);
    let headline = headline(text, &sentences);
    let mut out: Vec<(Candidate, String)> = Vec::new();
    let mut headline_claims: Vec<(Candidate, String)> = Vec::new();
    let mut seen = Seen::default();
    let lex = Lexicon {
        sources: Known::new(&names.sources),
        subjects: Known::new(&names.subjects),
        metrics: Known::new(&names.metrics),
    };
    for (k, range) in sentences.iter().enumerate() {
        let sentence = &text[range.clone()];
        let mut claims = Vec::new();
        for (span, reading) in value::find_all(sentence) {
            if !is_claim(sentence, &span, &reading) {
                continue;
            }
            let c = candidate(article, &lex, sentence, span, &mut seen);
            // A figure about nobody named is not a claim anyone can check.
            if !c.subject.is_empty() {
                claims.push((c, reading.norm()));
            }
        }
        if Some(k) == headline {
            headline_claims = claims;
        } else {
            out.extend(claims);
        }
    }
    // A figure repeated in the headline is given once, from the body.
    for (c, norm) in headline_claims {
        if !out.iter().any(|(_, n)| *n == norm) {
            out.push((c, norm));
        }
    }
    let mut seen = std::collections::HashSet::new();
    out.into_iter()
        .map(|(c, _)| c)
        .filter(|c| {
            seen.insert((
                c.subject.clone(),
                c.metric.clone(),
                c.value.clone(),
                c.source.clone(),
                c.quote.clone(),
            ))
        })
        .collect()
}

/// What earlier sentences said: who the article is about, which outlets it credits.
#[derive(Debug, Default)]
struct Seen {
    last_subject: Option<String>,
    /// The last quarter, half or run of months named: results stories name the period
    /// once ("in the third quarter") and then speak of "the quarter" or nothing.
    last_part: Option<when::When>,
    subjects: Vec<String>,
    outlets: Vec<String>,
    /// What does not depend on the figure, worked out once per sentence.
    sentence: Option<SentenceCache>,
}

#[derive(Debug)]
struct SentenceCache {
    key: (usize, usize),
    metric_hits: Vec<(Range<usize>, String, bool)>,
    subjects: Vec<(Range<usize>, String, u8)>,
    outlets: Vec<Range<usize>>,
    /// Outlets named in the sentence, with whether a cue credits them.
    credits: Vec<(Range<usize>, String, bool)>,
}

impl Seen {
    /// A shorter name for a subject named before is that subject: `Mistral` after
    /// `Mistral AI`.
    fn full_name(&self, name: &str) -> String {
        let n = name.to_lowercase();
        self.subjects
            .iter()
            .find(|s| {
                let s = s.to_lowercase();
                s.len() > n.len() && s.starts_with(&n) && s[n.len()..].starts_with(' ')
            })
            .cloned()
            .unwrap_or_else(|| name.to_string())
    }
}

/// The first sentence is a headline when it is a line of its own with no closing stop.
fn headline(text: &str, sentences: &[Range<usize>]) -> Option<usize> {
    let first = sentences.first()?;
    let s = &text[first.clone()];
    let ends_line = text[first.end..].starts_with(['\n', '\r']);
    let stop = s.ends_with(['.', '。', '!', '！', '?', '？', '"', '”']);
    (sentences.len() > 1 && ends_line && !stop && s.chars().count() < 160).then_some(0)
}

/// Whether a figure is worth a claim: money, a percentage, a multiple, or a large
/// count of users or customers. Years, ages and small counts are not.
fn is_claim(sentence: &str, span: &Range<usize>, reading: &Value) -> bool {
    let written = &sentence[span.clone()];
    if let Value::Quantity(q) = reading
        && q.unit.is_none()
        && q.low.or(q.high).is_some_and(|v| v >= 10_000.0)
        && has_any(written, &["万", "亿", "million", "billion"])
    {
        let around = window(sentence, span, 24).to_ascii_lowercase();
        return has_any(
            &around,
            &[
                "users",
                "用户",
                "customers",
                "subscribers",
                "客户",
                "月活",
                "日活",
            ],
        );
    }
    let Value::Quantity(q) = reading else {
        return false;
    };
    let Some(unit) = q.unit.as_deref() else {
        return false;
    };
    let currency = unit
        .split('/')
        .next()
        .is_some_and(|u| u.len() == 3 && u.bytes().all(|b| b.is_ascii_uppercase()));
    let big = q.low.or(q.high).is_some_and(|v| v >= 10_000.0);
    let counted = [
        "users",
        "customers",
        "subscribers",
        "用户",
        "员工",
        "employees",
        "developers",
    ]
    .iter()
    .any(|n| unit.contains(n));
    currency || unit == "%" || unit == "x" || (counted && big)
}

fn candidate(
    article: &Article,
    lex: &Lexicon,
    sentence: &str,
    span: Range<usize>,
    seen: &mut Seen,
) -> Candidate {
    let written = sentence[span.clone()].trim().to_string();
    let lower = sentence.to_ascii_lowercase();
    let cl = clause(sentence, span.clone());
    let clause_lower = &lower[cl.clone()];

    let key = (sentence.as_ptr() as usize, sentence.len());
    if seen.sentence.as_ref().is_none_or(|c| c.key != key) {
        seen.sentence = Some(SentenceCache {
            key,
            metric_hits: metric_hits(sentence, lex),
            subjects: subject_candidates(sentence, lex),
            outlets: lex
                .sources
                .mentions(sentence)
                .into_iter()
                .map(|(r, _)| r)
                .collect(),
            credits: credits(sentence, &lower, lex),
        });
    }
    // The article's own outlet in a dateline (`SAN FRANCISCO (Reuters) -`) credits no one.
    let credited = credited_outlet(sentence, &lower, lex, &span, seen)
        .filter(|(name, _)| norm_name(name) != norm_name(article.outlet));
    if let Some((name, _)) = &credited
        && !seen.outlets.contains(name)
    {
        seen.outlets.push(name.clone());
    }
    let Some(cache) = seen.sentence.as_ref() else {
        unreachable!("filled above")
    };
    let outlet_spans: Vec<Range<usize>> = credited
        .iter()
        .map(|(_, r)| r.clone())
        .chain(cache.outlets.iter().cloned())
        .collect();
    let mut metric = metric(sentence, &cache.metric_hits, &span, &cl);
    let subject_cands = cache.subjects.clone();
    let growth = [
        "growth", "grew", "rose", "increase", "jumped", "增长", "增加", "同比", "上涨",
    ];
    if written.ends_with('%') && has_any(clause_lower, &growth) {
        metric = format!("{metric}_growth");
    }
    let subject = subject(&lower, &span, &outlet_spans, subject_cands)
        .map(|s| seen.full_name(&s))
        .or_else(|| seen.last_subject.clone())
        .unwrap_or_default();
    if !subject.is_empty() {
        seen.last_subject = Some(subject.clone());
        if !seen.subjects.contains(&subject) {
            seen.subjects.push(subject.clone());
        }
    }

    // Who said it.
    let self_said = company_speaks(sentence, &lower, &subject);
    let (source, via) = match (&credited, self_said) {
        (Some((name, _)), _) if norm_name(name) != norm_name(article.outlet) => {
            (name.clone(), Some(article.outlet.to_string()))
        }
        (None, true) => (subject.clone(), Some(article.outlet.to_string())),
        _ => (article.outlet.to_string(), None),
    };
    let via = via.filter(|v| norm_name(v) != norm_name(&source));

    // How sure.
    let confidence = if SETS.rumored.any(&lower) {
        "rumored"
    } else if self_said && credited.is_none() {
        "confirmed"
    } else if SETS.speculative.any(clause_lower) || SETS.forecast.any(clause_lower) {
        "speculative"
    } else if SETS.confirmed.any(&lower) && credited.is_none() {
        "confirmed"
    } else {
        "reported"
    };

    // What kind of figure.
    let around = window(&lower, &span, 60);
    let valuation = metric == "valuation";
    let basis = if valuation && has_any(clause_lower, &["post-money", "投后"]) {
        Some("post_money")
    } else if valuation && has_any(clause_lower, &["pre-money", "投前"]) {
        Some("pre_money")
    } else if SETS.run_rate.any(clause_lower) || SETS.run_rate.any(around) {
        Some("run_rate")
    } else if SETS.forecast.any(clause_lower) {
        Some("forecast")
    } else if SETS.secondary.any(clause_lower) {
        Some("secondary")
    } else {
        None
    };
    let is_flow =
        METRICS.iter().any(|(m, flow, _)| *flow && *m == metric) && basis != Some("run_rate");
    let when = when::read(&sentence[cl.clone()], article.date)
        .or_else(|| when::read(sentence, article.date));
    let when = match when {
        Some(w @ (when::When::Quarter(..) | when::When::Half(..) | when::When::Months(..))) => {
            seen.last_part = Some(w);
            Some(w)
        }
        None => seen.last_part,
        w => w,
    };
    let (period, as_of) = if is_flow {
        // A month or a day names when a year's flow was reported, not its period.
        let monthly = has_any(&lower, &["monthly", "月收入", "单月"]);
        let when = when.map(|w| match w {
            when::When::Month(y, _) if !monthly => when::When::Year(y),
            when::When::Day(d) if !monthly => when::When::Year(chrono::Datelike::year(&d)),
            w => w,
        });
        let p = when.map_or_else(
            || format!("{:04}", chrono::Datelike::year(&article.date)),
            |w| w.period(),
        );
        (Some(p), None)
    } else {
        let a = when.map_or_else(
            || article.date.format("%Y-%m-%d").to_string(),
            |w| w.as_of(),
        );
        (None, Some(a))
    };
    Candidate {
        subject,
        metric,
        value: written,
        period,
        as_of,
        source,
        via,
        date: article.date.format("%Y-%m-%d").to_string(),
        confidence,
        basis,
        quote: sentence.trim().to_string(),
        url: article.url.map(str::to_string),
    }
}

/// Up to `n` bytes either side of `span`, cut at character boundaries.
fn window<'a>(s: &'a str, span: &Range<usize>, n: usize) -> &'a str {
    let mut a = span.start.saturating_sub(n);
    while !s.is_char_boundary(a) {
        a -= 1;
    }
    let mut b = (span.end + n).min(s.len());
    while !s.is_char_boundary(b) {
        b += 1;
    }
    &s[a..b]
}

/// Every spelling of the named things, longest first, with its canonical name.
fn spellings(named: &[Named]) -> Vec<(&str, &str)> {
    let mut all: Vec<(&str, &str)> = named
        .iter()
        .flat_map(|n| {
            std::iter::once((n.name.as_str(), n.name.as_str()))
                .chain(n.aliases.iter().map(move |a| (a.as_str(), n.name.as_str())))
        })
        .filter(|(s, _)| s.chars().count() >= 2)
        .collect();
    all.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
    all
}

fn before_has(lower: &str, at: usize, cues: &[&str]) -> bool {
    let head = lower[..at].trim_end();
    let head = head.strip_suffix('《').unwrap_or(head).trim_end();
    let head = head.strip_suffix("the").unwrap_or(head).trim_end();
    cues.iter().any(|c| {
        head.ends_with(c)
            && (!c.starts_with(|ch: char| ch.is_ascii_alphabetic())
                || !head[..head.len() - c.len()].ends_with(|ch: char| ch.is_ascii_alphabetic()))
    })
}

fn after_has(lower: &str, at: usize, cues: &[&str]) -> bool {
    let tail = lower[at..].trim_start_matches(['》', '\'', '’', ' ', ',', '，']);
    let tail = tail.strip_prefix("news").unwrap_or(tail).trim_start();
    let tail = tail.strip_prefix("s ").unwrap_or(tail).trim_start();
    let tail = tail.strip_prefix("也").unwrap_or(tail);
    let tail = tail.strip_prefix("此前").unwrap_or(tail);
    let tail = tail.strip_prefix("earlier").unwrap_or(tail).trim_start();
    // Chinese puts the time between the outlet and the verb: 《纽约时报》上周报道称,
    // 《The Information》在7月报道.
    let gap: usize = tail
        .char_indices()
        .take(8)
        .take_while(|&(_, ch)| !"，。,；;：:、“”\"".contains(ch))
        .last()
        .map_or(0, |(i, ch)| i + ch.len_utf8());
    cues.iter().any(|c| {
        let chinese = !c.is_ascii();
        (tail.starts_with(c) || chinese && tail[..gap].contains(c))
            && (!c.ends_with(|ch: char| ch.is_ascii_alphabetic())
                || !tail[c.len()..].starts_with(|ch: char| ch.is_ascii_alphabetic()))
    })
}

/// The outlet the sentence credits for the figure at `span`, with where it is named.
fn credited_outlet(
    sentence: &str,
    lower: &str,
    lex: &Lexicon,
    span: &Range<usize>,
    seen: &Seen,
) -> Option<(String, Range<usize>)> {
    let mut found = seen
        .sentence
        .as_ref()
        .map(|c| c.credits.clone())
        .unwrap_or_default();
    // An outlet credited before, named short: `the Times`, `the Journal`.
    for outlet in &seen.outlets {
        if let Some(last) = outlet
            .rsplit(' ')
            .next()
            .filter(|l| l.len() >= 4 && *l != outlet)
        {
            for r in occurrences(sentence, &format!("the {last}")) {
                if !found
                    .iter()
                    .any(|(o, _, _)| o.start < r.end && r.start < o.end)
                {
                    let cued = after_has(lower, r.end, CREDIT_AFTER);
                    found.push((r, outlet.clone(), cued));
                }
            }
        }
    }
    found.retain(|(r, _, _)| r.end <= span.start || r.start >= span.end);
    let known = &lex.sources.spellings;
    found.sort_by_key(|(r, name, cued)| {
        let before = r.end <= span.start;
        let unknown = !known.iter().any(|(_, n)| n == name);
        (!cued, !before, unknown, distance(r, span))
    });
    found.into_iter().next().map(|(r, name, _)| (name, r))
}

/// The outlets a sentence names, known or named by a cue, with whether a cue credits
/// them; the same for every figure of the sentence.
fn credits(sentence: &str, lower: &str, lex: &Lexicon) -> Vec<(Range<usize>, String, bool)> {
    let known = &lex.sources.spellings;
    let mut found: Vec<(Range<usize>, String, bool)> = lex
        .sources
        .mentions(sentence)
        .into_iter()
        .map(|(r, name)| {
            let cued =
                before_has(lower, r.start, CREDIT_BEFORE) || after_has(lower, r.end, CREDIT_AFTER);
            (r, name.to_string(), cued)
        })
        .collect();
    // Outlets the ledger does not know yet, named by a cue: `according to PitchBook`,
    // `据晚点LatePost报道`.
    found.extend(
        unknown_credits(sentence, lower)
            .into_iter()
            .map(|(r, name, cued)| {
                let canonical = known
                    .iter()
                    .find(|(spelling, _)| norm_name(spelling) == norm_name(&name))
                    .map_or(name, |(_, c)| c.to_string());
                (r, canonical, cued)
            }),
    );
    found
}

/// Names credited by a cue that are not among the known sources.
fn unknown_credits(sentence: &str, lower: &str) -> Vec<(Range<usize>, String, bool)> {
    let mut out = Vec::new();
    for cue in ["according to ", "citing "] {
        for r in occurrences(lower, cue.trim_end()) {
            let rest_at = r.end + 1;
            if rest_at > sentence.len() {
                continue;
            }
            if let Some(name) = capitalised_names(&sentence[rest_at..])
                .into_iter()
                .next()
                .filter(|n| n.start <= 4)
            {
                let abs = rest_at + name.start..rest_at + name.end;
                out.push((abs.clone(), sentence[abs].to_string(), true));
            }
        }
    }
    // 据X报道 / 据X消息.
    for r in occurrences(sentence, "据") {
        let rest = &sentence[r.end..];
        let end = ["报道", "消息", "援引", "披露", "报告"]
            .iter()
            .filter_map(|c| rest.find(c))
            .min();
        if let Some(end) = end {
            let name = rest[..end].trim().trim_matches(['《', '》']);
            let chars = name.chars().count();
            if (2..=12).contains(&chars)
                && !name.contains(['，', ',', '。'])
                && !name.contains("知情")
            {
                let start = r.end + rest[..end].find(name).unwrap_or(0);
                out.push((start..start + name.len(), name.to_string(), true));
            }
        }
    }
    // X报道称 / X援引 / 《X》报道, X being a name the ledger does not know.
    for cue in ["报道称", "援引", "报道", "消息称"] {
        for r in occurrences(sentence, cue) {
            let head = &sentence[..r.start];
            let from = head
                .rfind(|c: char| "，。,；;：: 、“”\"".contains(c))
                .map_or(0, |i| {
                    i + head[i..].chars().next().map_or(1, char::len_utf8)
                });
            let mut name = head[from..].trim();
            for p in ["另据", "据", "根据"] {
                name = name.strip_prefix(p).unwrap_or(name);
            }
            for t in ["此前", "也", "曾", "还", "近日", "日前"] {
                name = name.strip_suffix(t).unwrap_or(name);
            }
            for t in [
                "上周", "本周", "昨日", "昨天", "今天", "周一", "周二", "周三", "周四", "周五",
            ] {
                name = name.strip_suffix(t).unwrap_or(name);
            }
            // A title in 《》 is the outlet's name, whatever stands around it.
            let name = match (name.find('《'), name.find('》')) {
                (Some(a), Some(b)) if a < b => &name[a + '《'.len_utf8()..b],
                _ => name,
            };
            let name = name.trim_matches(['《', '》', ' ']);
            let generic = [
                "外媒",
                "媒体",
                "多家媒体",
                "消息",
                "知情",
                "人士",
                "公司",
                "报道",
            ]
            .iter()
            .any(|g| name.contains(g));
            let chars = name.chars().count();
            if (2..=12).contains(&chars) && !generic && !out.iter().any(|(_, n, _)| n == name) {
                if let Some(start) = sentence[from..r.start].find(name).map(|i| from + i) {
                    out.push((start..start + name.len(), name.to_string(), true));
                }
            }
        }
    }
    let _ = lower;
    out
}

/// Whether the company the figure is about says it itself.
fn company_speaks(sentence: &str, lower: &str, subject: &str) -> bool {
    if SETS.company_self.any(lower) {
        return true;
    }
    occurrences(sentence, subject)
        .iter()
        .any(|r| after_has(lower, r.end, SAYS))
}

/// The metric the figure at `span` measures: the ledger's metrics first, then the
/// built-in words, nearest the figure within its clause, then within the sentence.
fn metric_hits(sentence: &str, lex: &Lexicon) -> Vec<(Range<usize>, String, bool)> {
    let mut hits: Vec<(Range<usize>, String, bool)> = lex
        .metrics
        .mentions(sentence)
        .into_iter()
        .map(|(r, n)| (r, n.to_string(), true))
        .collect();
    for (k, r) in SETS.metric_words.find(sentence) {
        hits.push((r, SETS.metric_of[k].to_string(), false));
    }
    hits
}

/// The metric the figure at `span` measures, from the sentence's metric words
/// (`hits`): the ledger's first, then the built-in ones, nearest the figure within its
/// clause, then within the sentence.
fn metric(
    sentence: &str,
    hits: &[(Range<usize>, String, bool)],
    span: &Range<usize>,
    cl: &Range<usize>,
) -> String {
    for within in [cl.clone(), 0..sentence.len()] {
        for known in [true, false] {
            let best = hits
                .iter()
                .filter(|(r, _, k)| *k == known && r.start >= within.start && r.end <= within.end)
                .min_by_key(|(r, _, _)| distance(r, span));
            if let Some((_, name, _)) = best {
                return name.clone();
            }
        }
    }
    if sentence[span.clone()].contains('%') {
        "share".into()
    } else {
        "amount".into()
    }
}

/// The organisation the figure at `span` is about.
/// Every name in the sentence that may be what a figure is about.
fn subject_candidates(sentence: &str, lex: &Lexicon) -> Vec<(Range<usize>, String, u8)> {
    let mut cands: Vec<(Range<usize>, String, u8)> = lex
        .subjects
        .mentions(sentence)
        .into_iter()
        .map(|(r, n)| (r, n.to_string(), 0))
        .collect();
    let overlaps = |cands: &[(Range<usize>, String, u8)], r: &Range<usize>| {
        cands
            .iter()
            .any(|(o, _, _)| o.start < r.end && r.start < o.end)
    };
    for (k, r) in SETS.known_orgs.find(sentence) {
        let org = KNOWN_ORGS[k];
        {
            if !overlaps(&cands, &r) {
                let name = FOREIGN_ORGS
                    .iter()
                    .find(|(zh, _)| *zh == org)
                    .map_or(org, |(_, en)| *en);
                cands.push((r, name.to_string(), 1));
            }
        }
    }
    for (k, r) in SETS.foreign_orgs.find(sentence) {
        let en = FOREIGN_ORGS[k].1;
        {
            if !overlaps(&cands, &r) {
                cands.push((r, en.to_string(), 1));
            }
        }
    }
    // "Net income was…", "Operating profit rose…": a capitalised word that starts a
    // metric's name is not an organisation.
    let metric_words: Vec<Range<usize>> = SETS
        .metric_words
        .find(sentence)
        .into_iter()
        .map(|(_, r)| r)
        .collect();
    for r in capitalised_names(sentence) {
        let in_metric = metric_words
            .iter()
            .any(|m| m.start <= r.start && r.end <= m.end);
        if !overlaps(&cands, &r) && !in_metric {
            cands.push((r.clone(), sentence[r].to_string(), 2));
        }
    }
    for r in chinese_orgs(sentence) {
        if !overlaps(&cands, &r) {
            cands.push((r.clone(), sentence[r].to_string(), 2));
        }
    }
    cands
}

/// The organisation the figure at `span` is about.
fn subject(
    lower: &str,
    span: &Range<usize>,
    outlet_mentions: &[Range<usize>],
    mut cands: Vec<(Range<usize>, String, u8)>,
) -> Option<String> {
    cands.retain(|(r, name, _)| {
        let overlaps_outlet = outlet_mentions
            .iter()
            .any(|o| o.start < r.end && r.start < o.end);
        let overlaps_figure = r.start < span.end && span.start < r.end;
        let excluded = overlaps_outlet
            || overlaps_figure
            || is_person_or_place(name)
            || before_has(lower, r.start, PRODUCT_BEFORE)
            || before_has(lower, r.start, TITLE_BEFORE)
            || PRODUCT_AFTER.iter().any(|w| lower[r.end..].starts_with(w));
        !excluded
    });
    let investor = |r: &Range<usize>| {
        before_has(lower, r.start, NOT_SUBJECT_BEFORE)
            || NOT_SUBJECT_AFTER
                .iter()
                .any(|c| lower[r.end..].starts_with(c))
    };
    let possessive = |r: &Range<usize>| {
        lower[r.end..].starts_with("'s")
            || lower[r.end..].starts_with("’s")
            || lower[r.end..].starts_with("的")
    };
    cands
        .into_iter()
        .min_by_key(|(r, _, rank)| {
            let before = r.end <= span.start;
            (
                investor(r),
                !possessive(r) && !before,
                *rank,
                !before,
                distance(r, span),
            )
        })
        .map(|(_, name, _)| name)
}

/// Titles and places that are capitalised but are not who a figure is about.
fn is_person_or_place(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "China",
        "United States",
        "America",
        "Beijing",
        "Shanghai",
        "Silicon Valley",
        "San Francisco",
        "New York",
        "Europe",
        "Japan",
        "India",
        "Wall Street",
        "Chinese",
        "American",
        "Nasdaq",
        "NYSE",
    ];
    WORDS.contains(&name)
}

/// Chinese organisation names by their ending (`某某科技`): up to four characters
/// before the ending, after a punctuation mark or a function word.
fn chinese_orgs(sentence: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for ending in ORG_ENDINGS {
        for r in occurrences(sentence, ending) {
            let head = &sentence[..r.start];
            let mut start = r.start;
            let mut n = 0;
            for (i, c) in head.char_indices().rev() {
                let han = ('\u{4E00}'..='\u{9FFF}').contains(&c);
                if !han || n == 4 || "的在与和由对向据是为了将被从".contains(c) {
                    break;
                }
                start = i;
                n += 1;
            }
            let generic =
                sentence[start..].starts_with(['一', '这', '该', '其', '每', '各', '多', '某']);
            if n >= 2 && !generic {
                out.push(start..r.end);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
