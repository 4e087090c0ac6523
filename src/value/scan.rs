//! Normalising raw input and a cursor over its characters.
//!
//! The grammar works on a `Vec<char>` rather than on `&str` byte offsets, so no index
//! can ever land inside a multi-byte character: a cursor position is a count of
//! characters, and every look-ahead is bounds-checked. Nothing here knows the value
//! grammar; it only matches phrases from the word lists in `lexicon.rs`.

/// Maps the characters reporters (and input methods) use interchangeably onto one
/// spelling, so the grammar only has to know one.
///
/// Full-width ASCII (`０-９`, `．`, `，`, `％`, `＄`, `～`, letters) becomes ASCII; the
/// ideographic space becomes a space; the typographic minus and hyphens become `-`;
/// `〜` (wave dash) becomes `~`; `￥` becomes `¥`. En and em dashes are kept: they only
/// ever separate the ends of a range, and the grammar lists them as such.
pub(super) fn normalize(input: &str) -> Vec<char> {
    input
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            '\u{2212}' | '\u{2010}' | '\u{2011}' | '\u{FE63}' => '-',
            '\u{301C}' => '~',
            '\u{FFE5}' => '¥',
            _ => c,
        })
        .collect()
}

/// A read position in normalised input.
pub(super) struct Cursor {
    chars: Vec<char>,
    pos: usize,
}

impl Cursor {
    pub(super) fn new(chars: Vec<char>) -> Self {
        Cursor { chars, pos: 0 }
    }

    pub(super) fn pos(&self) -> usize {
        self.pos
    }

    pub(super) fn set_pos(&mut self, pos: usize) {
        self.pos = pos.min(self.chars.len());
    }

    pub(super) fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    /// The character just before the cursor.
    pub(super) fn peek_back(&self) -> Option<char> {
        self.pos
            .checked_sub(1)
            .and_then(|i| self.chars.get(i))
            .copied()
    }

    pub(super) fn peek_at(&self, offset: usize) -> Option<char> {
        self.chars.get(self.pos.saturating_add(offset)).copied()
    }

    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.chars.len()
    }

    pub(super) fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += 1;
        Some(c)
    }

    /// Skips whitespace and says how many characters were skipped.
    pub(super) fn skip_ws(&mut self) -> usize {
        let start = self.pos;
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
        self.pos - start
    }

    /// The text between two positions, for messages and nouns.
    pub(super) fn text(&self, from: usize, to: usize) -> String {
        let to = to.min(self.chars.len());
        let from = from.min(to);
        self.chars[from..to].iter().collect()
    }

    /// The unread rest of the input.
    pub(super) fn rest(&self) -> String {
        self.text(self.pos, self.chars.len())
    }

    /// How many characters `phrase` would take at the cursor, if it matches there.
    ///
    /// ASCII letters match either case; a space in the phrase matches one or more
    /// whitespace characters. A phrase ending in an ASCII letter must not run into
    /// another ASCII letter, so `over` does not match the start of `overall` and the
    /// scale `b` does not match the start of `bytes`; digits may follow (`USD5`).
    pub(super) fn match_len(&self, phrase: &str) -> Option<usize> {
        let mut at = self.pos;
        let mut last = None;
        for p in phrase.chars() {
            if p == ' ' {
                let before = at;
                while self.chars.get(at).is_some_and(|c| c.is_whitespace()) {
                    at += 1;
                }
                if at == before {
                    return None;
                }
            } else {
                let c = *self.chars.get(at)?;
                if !c.eq_ignore_ascii_case(&p) {
                    return None;
                }
                at += 1;
            }
            last = Some(p);
        }
        let last = last?;
        if last.is_ascii_alphabetic() && self.chars.get(at).is_some_and(|c| c.is_ascii_alphabetic())
        {
            return None;
        }
        Some(at - self.pos)
    }

    /// Whether `phrase` matches at the cursor (without consuming it).
    pub(super) fn sees(&self, phrase: &str) -> bool {
        self.match_len(phrase).is_some()
    }

    /// Consumes `phrase` if it matches at the cursor.
    pub(super) fn eat(&mut self, phrase: &str) -> bool {
        match self.match_len(phrase) {
            Some(n) => {
                self.pos += n;
                true
            }
            None => false,
        }
    }

    /// The longest entry of `table` matching at the cursor, with its length, without
    /// consuming it. Longest wins so that `不超过` is not read as `不` + `超过`, nor
    /// `美元` as `元`.
    pub(super) fn longest<T: Copy>(&self, table: &[(&str, T)]) -> Option<(T, usize)> {
        let c = self.peek()?;
        table
            .iter()
            .filter(|(phrase, _)| may_start(phrase, c))
            .filter_map(|&(phrase, value)| self.match_len(phrase).map(|n| (value, n)))
            .max_by_key(|&(_, n)| n)
    }

    /// Consumes the longest entry of `table` matching at the cursor.
    pub(super) fn eat_longest<T: Copy>(&mut self, table: &[(&str, T)]) -> Option<T> {
        let (value, n) = self.longest(table)?;
        self.pos += n;
        Some(value)
    }

    /// Consumes the longest of `phrases` matching at the cursor and returns it as
    /// written in the input.
    pub(super) fn eat_any(&mut self, phrases: &[&str]) -> Option<String> {
        let c = self.peek()?;
        let n = phrases
            .iter()
            .filter(|p| may_start(p, c))
            .filter_map(|p| self.match_len(p))
            .max()?;
        let start = self.pos;
        self.pos += n;
        Some(self.text(start, self.pos))
    }

    /// Drops whitespace from the end of the input.
    pub(super) fn trim_end(&mut self) {
        while self.chars.last().is_some_and(|c| c.is_whitespace()) {
            self.chars.pop();
        }
    }

    /// Drops a full stop (`.` or `。`) that ends the input, and the whitespace before it.
    pub(super) fn strip_full_stop(&mut self) {
        if matches!(self.chars.last(), Some('.' | '。')) {
            self.chars.pop();
            self.trim_end();
        }
    }
}

/// Whether `phrase` may match where the next character is `c`: a quick test of its
/// first character, so that the word lists are not walked in full at every position.
/// A phrase starting with a space (any whitespace) is left to [`Cursor::match_len`].
fn may_start(phrase: &str, c: char) -> bool {
    match phrase.chars().next() {
        Some(' ') => true,
        Some(p) => p.eq_ignore_ascii_case(&c),
        None => false,
    }
}
