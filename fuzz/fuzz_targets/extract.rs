//! The article reader and the extractor never panic, and every figure they return is
//! a span of the article that reads as a value on its own.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        for (span, value) in crosscheck::value::find_all(s) {
            assert_eq!(crosscheck::value::parse(&s[span]).ok(), Some(value));
        }
    }
    let Ok(text) = crosscheck::cmd::extract::article_text(data, "fuzz") else {
        return;
    };
    let names = crosscheck::extract::Names::default();
    let article = crosscheck::extract::Article {
        text: &text,
        outlet: "Fuzz",
        date: crosscheck::time::parse_day("2024-06-12").expect("a date"),
        url: None,
    };
    for c in crosscheck::extract::extract(&article, &names) {
        assert!(!c.value.is_empty() && text.contains(&c.value), "{c:?}");
    }
});
