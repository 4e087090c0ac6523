//! Fitting a table to the terminal without breaking a word: cells wrap at spaces,
//! after `_` and `/` inside identifiers, and between wide (CJK) characters only, columns shrink down to their longest word, and
//! a word longer than any column may be (a URL) is shortened with an ellipsis rather
//! than cut across lines.

use std::borrow::Cow;

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// No column is made narrower than its longest word, up to this width; longer words
/// are ellipsized to fit.
const LONGEST_WORD: usize = 24;

/// The pieces a line may break between: Latin words (with whether a space came
/// before them) and single wide characters.
fn pieces(line: &str) -> Vec<(bool, &str)> {
    let mut out: Vec<(bool, &str)> = Vec::new();
    // Where the word being read starts.
    let mut word: Option<usize> = None;
    let mut space = false;
    for (at, c) in line.char_indices() {
        if c == ' ' {
            if let Some(start) = word.take() {
                out.push((space, &line[start..at]));
            }
            space = true;
        } else if c.width() == Some(2) {
            if let Some(start) = word.take() {
                out.push((space, &line[start..at]));
                space = false;
            }
            out.push((space, &line[at..at + c.len_utf8()]));
            space = false;
        } else {
            let start = *word.get_or_insert(at);
            // After an underscore or a slash inside a word (`sought_valuation`,
            // `USD/GPU/hour`) a line may break, as a reader would expect.
            if matches!(c, '_' | '/') && start < at {
                out.push((space, &line[start..at + c.len_utf8()]));
                word = None;
                space = false;
            }
        }
    }
    if let Some(start) = word {
        out.push((space, &line[start..]));
    }
    out
}

/// The widest piece of `text` (its narrowest possible column).
pub fn longest_piece(text: &str) -> usize {
    text.lines()
        .flat_map(|l| pieces(l).into_iter().map(|(_, p)| p.width()))
        .max()
        .unwrap_or(0)
}

/// The widest line of `text`.
pub fn widest_line(text: &str) -> usize {
    text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0)
}

/// `word` shortened to `width` columns, ending in an ellipsis.
fn ellipsize(word: &str, width: usize) -> String {
    let mut out = String::new();
    let mut used = 0;
    for c in word.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// `text` wrapped to `width` columns, breaking only at spaces and between wide
/// characters.
pub fn wrap(text: &str, width: usize) -> String {
    let width = width.max(1);
    // Text that fits and has no runs of spaces to close up comes out as it went in.
    let tidy = |l: &str| !l.starts_with(' ') && !l.ends_with(' ') && !l.contains("  ");
    if !text.contains('\r') && text.split('\n').all(|l| tidy(l) && l.width() <= width) {
        return text.to_string();
    }
    let mut lines: Vec<String> = Vec::new();
    for line in text.split('\n') {
        let mut current = String::new();
        let mut used = 0;
        for (space, piece) in pieces(line) {
            let piece = if piece.width() > width {
                Cow::Owned(ellipsize(piece, width))
            } else {
                Cow::Borrowed(piece)
            };
            let w = piece.width();
            let gap = usize::from(space && !current.is_empty());
            if !current.is_empty() && used + gap + w > width {
                lines.push(std::mem::take(&mut current));
                used = 0;
            } else if gap == 1 {
                current.push(' ');
                used += 1;
            }
            current.push_str(&piece);
            used += w;
        }
        lines.push(current);
    }
    lines.join("\n")
}

/// Column widths for cells that fit in `total` columns of terminal (borders and
/// padding included: 3 per column and 1): each column starts at its widest line and
/// the widest ones shrink first, never below their longest word (up to
/// [`LONGEST_WORD`]). A table that cannot fit that way is left wider than `total`.
pub fn widths(rows: &[Vec<String>], total: usize) -> Vec<usize> {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut width = vec![1usize; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            width[i] = width[i].max(widest_line(cell));
        }
    }
    let budget = total.saturating_sub(3 * columns + 1);
    if width.iter().sum::<usize>() <= budget {
        return width;
    }
    // Only a table too wide needs its words measured.
    let mut floor = vec![1usize; columns];
    for row in rows {
        for (i, cell) in row.iter().enumerate() {
            floor[i] = floor[i].max(longest_piece(cell).min(LONGEST_WORD));
        }
    }
    for i in 0..columns {
        floor[i] = floor[i].min(width[i]);
    }
    while width.iter().sum::<usize>() > budget {
        let Some(i) = (0..columns)
            .filter(|&i| width[i] > floor[i])
            .max_by_key(|&i| (width[i], std::cmp::Reverse(i)))
        else {
            break;
        };
        width[i] -= 1;
    }
    width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_break_at_spaces_and_between_wide_characters_only() {
        let cases = [
            ("The Information", 11, "The\nInformation"),
            ("The Information", 8, "The\nInforma…"),
            ("sought_valuation", 10, "sought_\nvaluation"),
            (
                "investor_profit_cap_multiple",
                12,
                "investor_\nprofit_cap_\nmultiple",
            ),
            ("3.4–4 USD/hour", 10, "3.4–4 USD/\nhour"),
            ("1.3 USD/GPU/hour", 8, "1.3 USD/\nGPU/hour"),
            ("Informationally", 8, "Informa…"),
            ("a b c", 3, "a b\nc"),
            ("年收入增长", 4, "年收\n入增\n长"),
            ("OpenAI的年收入", 8, "OpenAI的\n年收入"),
            ("OpenAI的年收入", 5, "Open…\n的年\n收入"),
            ("two\nlines", 10, "two\nlines"),
            ("", 5, ""),
            ("  spaced   out  ", 20, "spaced out"),
            ("fits\nas given", 8, "fits\nas given"),
            ("two\n\nparagraphs\n", 10, "two\n\nparagraphs\n"),
        ];
        for (text, width, want) in cases {
            assert_eq!(wrap(text, width), want, "{text:?} in {width}");
        }
    }

    #[test]
    fn columns_shrink_to_their_longest_word_and_no_further() {
        let rows = vec![
            vec!["source".into(), "quote".into()],
            vec![
                "The Information".into(),
                "a long quote with many short words in it".into(),
            ],
        ];
        // Room for everything: natural widths.
        assert_eq!(widths(&rows, 100), vec![15, 40]);
        // The widest column gives way first, down to its longest word.
        assert_eq!(widths(&rows, 40), vec![15, 18]);
        assert_eq!(widths(&rows, 10), vec![11, 5]);
    }
}
