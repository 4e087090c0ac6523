//! Names a reader cannot tell apart: the key a spelling is looked up by (NFKC, without
//! invisible and direction-control characters, lower case), the confusable skeleton of
//! Unicode TR39 that catches look-alike letters from other scripts, and escaping of the
//! characters a terminal would not show.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Characters that change the order in which text is shown (bidirectional controls).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Unicode's Default_Ignorable_Code_Point: characters with no visible glyph of their
/// own (zero-width spaces and joiners, the byte-order mark, soft hyphen, variation
/// selectors, tags, direction controls).
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}'..='\u{1160}' | '\u{17B4}'..='\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFF8}' | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}' | '\u{E0000}'..='\u{E0FFF}')
}

/// The key a name is found by: NFKC (full-width letters, ligatures and the like become
/// plain ones), invisible characters removed, runs of white space made one space, lower
/// case. `Ｒｅｕｔｅｒｓ`, `Reuters` with a zero-width space and `REUTERS` share a key.
pub fn key(s: &str) -> String {
    let step = |s: &str| -> String {
        let nfkc: String = s.nfkc().filter(|c| !is_invisible(*c)).collect();
        nfkc.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
    };
    // Normalising can make capitals (Ⅰ is I) and lower-casing can make what normalises
    // further: repeat until nothing changes, so that a key's key is itself.
    let mut key = step(s);
    for _ in 0..4 {
        let next = step(&key);
        if next == key {
            break;
        }
        key = next;
    }
    key
}

/// What a name looks like, whatever script its letters come from: the TR39 skeleton of
/// its key with accents dropped, so that `Rеuters` (Cyrillic е) and `Reutérs` look
/// like `reuters`.
pub fn skeleton(s: &str) -> String {
    let bare: String = key(s).nfd().filter(|c| !is_combining_mark(*c)).collect();
    let once: String = unicode_security::skeleton(&bare)
        .collect::<String>()
        .to_lowercase();
    unicode_security::skeleton(&once)
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// The characters of `name` that are not what they seem: outside ASCII where `like` has
/// a plain letter, invisible, or controls; as `U+0435 'е'`, for a message.
pub fn differing(name: &str, like: &str) -> Vec<String> {
    let plain: Vec<char> = like.chars().collect();
    let mut out: Vec<String> = Vec::new();
    for c in name.chars() {
        let odd = is_invisible(c) || c.is_control() || !(c.is_ascii() || plain.contains(&c));
        let shown = if is_bidi_control(c) {
            format!("U+{:04X} (a direction control)", c as u32)
        } else if is_invisible(c) || c.is_control() {
            format!("U+{:04X} (invisible)", c as u32)
        } else if is_combining_mark(c) {
            format!("U+{:04X} (a combining mark)", c as u32)
        } else {
            format!("U+{:04X} '{c}'", c as u32)
        };
        if odd && !out.contains(&shown) {
            out.push(shown);
        }
    }
    out
}

/// `name` with invisible characters and controls written as `\u{200b}`, so that a
/// reader sees them.
pub fn escaped(name: &str) -> String {
    name.chars()
        .map(|c| {
            if is_invisible(c) || c.is_control() {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alikes_of_reuters_share_a_key_or_a_skeleton() {
        let cases = [
            ("Reuters\u{200B}", true),
            ("\u{FEFF}Reuters", true),
            ("Ｒｅｕｔｅｒｓ", true),
            ("REUTERS", true),
            ("R\u{0435}uters", false),
            ("Reute\u{0301}rs", false),
            ("Reuters\u{0301}", false),
            ("Reuter\u{200D}s", true),
        ];
        for (name, same_key) in cases {
            assert_eq!(key(name) == key("Reuters"), same_key, "{name:?}");
            assert_eq!(skeleton(name), skeleton("Reuters"), "{name:?}");
        }
        for other in [
            "Bloomberg",
            "Reuter",
            "The Information",
            "纽约时报",
            "Axios",
        ] {
            assert_ne!(skeleton(other), skeleton("Reuters"), "{other}");
        }
        assert_eq!(key("  The   Information "), "the information");
        for odd in ["\u{FFA0}x", "Ⅻ Corp", "ǅ", "ＡＢＣ\u{200B} d"] {
            assert_eq!(key(&key(odd)), key(odd), "{odd:?}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn any_name_has_a_stable_key_and_a_skeleton(name in "\\PC{0,12}|[\\u{0}-\\u{3000}]{0,8}") {
            let k = key(&name);
            proptest::prop_assert_eq!(key(&k), k.clone());
            proptest::prop_assert!(!k.chars().any(is_invisible));
            let _ = skeleton(&name);
            proptest::prop_assert!(!escaped(&name).chars().any(is_invisible));
        }
    }

    #[test]
    fn invisible_characters_are_escaped() {
        assert_eq!(escaped("Reuters\u{200B}"), "Reuters\\u{200b}");
        assert_eq!(escaped("\u{202E}sretueR"), "\\u{202e}sretueR");
        assert_eq!(escaped("纽约时报"), "纽约时报");
        assert!(differing("R\u{0435}uters", "Reuters")[0].starts_with("U+0435"));
    }
}
