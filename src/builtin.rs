//! The outlets every new ledger knows, with their English and Chinese names.

pub struct BuiltinSource {
    pub name: &'static str,
    pub kind: &'static str,
    pub url: &'static str,
    pub aliases: &'static [&'static str],
}

pub const SOURCES: &[BuiltinSource] = &[
    BuiltinSource {
        name: "The Information",
        kind: "outlet",
        url: "https://www.theinformation.com",
        aliases: &[
            "Information",
            "TheInformation",
            "The Info",
            "《The Information》",
        ],
    },
    BuiltinSource {
        name: "Reuters",
        kind: "wire",
        url: "https://www.reuters.com",
        aliases: &["Thomson Reuters", "路透", "路透社"],
    },
    BuiltinSource {
        name: "Financial Times",
        kind: "outlet",
        url: "https://www.ft.com",
        aliases: &[
            "FT",
            "The Financial Times",
            "金融时报",
            "《金融时报》",
            "英国金融时报",
        ],
    },
    BuiltinSource {
        name: "The New York Times",
        kind: "outlet",
        url: "https://www.nytimes.com",
        aliases: &[
            "NYT",
            "New York Times",
            "NY Times",
            "纽约时报",
            "《纽约时报》",
        ],
    },
    BuiltinSource {
        name: "Bloomberg",
        kind: "outlet",
        url: "https://www.bloomberg.com",
        aliases: &["Bloomberg News", "彭博", "彭博社", "彭博新闻社"],
    },
    BuiltinSource {
        name: "CNBC",
        kind: "outlet",
        url: "https://www.cnbc.com",
        aliases: &["美国消费者新闻与商业频道"],
    },
    BuiltinSource {
        name: "The Wall Street Journal",
        kind: "outlet",
        url: "https://www.wsj.com",
        aliases: &["WSJ", "Wall Street Journal", "华尔街日报", "《华尔街日报》"],
    },
    BuiltinSource {
        name: "AP",
        kind: "wire",
        url: "https://apnews.com",
        aliases: &[
            "Associated Press",
            "The Associated Press",
            "AP News",
            "美联社",
        ],
    },
    BuiltinSource {
        name: "The Verge",
        kind: "outlet",
        url: "https://www.theverge.com",
        aliases: &["Verge", "《The Verge》"],
    },
    BuiltinSource {
        name: "Sherwood News",
        kind: "outlet",
        url: "https://sherwood.news",
        aliases: &["Sherwood", "Sherwood Media"],
    },
];
