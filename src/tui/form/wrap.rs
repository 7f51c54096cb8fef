//! Text layout shared by every form: wrapping a paragraph with the cursor's place in it, and
//! the visible part of a horizontally scrolled line.

use unicode_width::UnicodeWidthChar;

/// Text from column `skip` on, at most `width` columns wide.
pub fn skip_columns(s: &str, skip: usize, width: usize) -> String {
    let mut col = 0;
    let mut out = String::new();
    let mut used = 0;
    for ch in s.chars() {
        let w = ch.width().unwrap_or(0);
        if col >= skip {
            if used + w > width {
                break;
            }
            out.push(ch);
            used += w;
        }
        col += w;
    }
    out
}

/// Wraps text at spaces (or mid-word when a word is wider than the line) and finds the
/// (row, column) of the cursor, given as a char index.
pub fn wrap(
    text: &str,
    width: usize,
    cursor: Option<usize>,
) -> (Vec<String>, Option<(usize, usize)>) {
    let width = width.max(1);
    let chars: Vec<char> = text.chars().collect();
    let cols = |from: usize, to: usize| -> usize {
        chars[from..to].iter().map(|c| c.width().unwrap_or(0)).sum()
    };
    let mut starts = vec![0usize];
    let mut col = 0;
    let mut last_space: Option<usize> = None;
    for (i, ch) in chars.iter().enumerate() {
        let w = ch.width().unwrap_or(0);
        let line_start = starts.last().copied().unwrap_or(0);
        if col + w > width && i > line_start {
            let brk = match last_space {
                Some(sp) if sp >= line_start => sp + 1,
                _ => i,
            };
            starts.push(brk);
            col = cols(brk, i);
            last_space = None;
        }
        if *ch == ' ' {
            last_space = Some(i);
        }
        col += w;
    }
    let mut lines: Vec<String> = starts
        .iter()
        .enumerate()
        .map(|(n, &from)| {
            let to = starts.get(n + 1).copied().unwrap_or(chars.len());
            chars[from..to].iter().collect()
        })
        .collect();
    let cur = cursor.map(|c| {
        let c = c.min(chars.len());
        let row = starts.iter().rposition(|&s| s <= c).unwrap_or(0);
        let col = cols(starts[row], c);
        if col >= width {
            (row + 1, 0)
        } else {
            (row, col)
        }
    });
    if let Some((row, _)) = cur
        && row >= lines.len()
    {
        lines.push(String::new());
    }
    (lines, cur)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_places_the_cursor_on_the_right_row() {
        let (lines, cur) = wrap("abcdef", 4, Some(5));
        assert_eq!(lines, vec!["abcd", "ef"]);
        assert_eq!(cur, Some((1, 1)));
        let (_, end) = wrap("abcd", 4, Some(4));
        assert_eq!(end, Some((1, 0)));
    }

    #[test]
    fn wrapping_breaks_at_spaces() {
        let (lines, cur) = wrap("eleven deler videoer", 12, Some(20));
        assert_eq!(lines, vec!["eleven ", "deler ", "videoer"]);
        assert_eq!(cur, Some((2, 7)));
    }

    #[test]
    fn skipping_columns_respects_wide_characters() {
        assert_eq!(skip_columns("abcdef", 2, 3), "cde");
        assert_eq!(skip_columns("日本語", 2, 3), "本");
    }
}
