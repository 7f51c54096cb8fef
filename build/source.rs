// Rust source as tokens, for the two places that read the crate's own source: the build script
// (the protocol fingerprint hashes the wire and stored types' source without its comments) and
// `tests/layers.rs` (which reads every module's `crate::` paths). Comments and whitespace are
// dropped; string and character literals are kept whole, so a `crate::` inside one is not a path
// and a changed `#[serde(rename = "…")]` still changes the fingerprint.

/// One token of Rust source.
#[derive(Debug, Clone, PartialEq, Eq)]
#[allow(dead_code)]
pub enum Token {
    Ident(String),
    Punct(char),
    Literal(String),
}

/// The tokens of `src`. Not a full lexer: numbers come out as identifiers and lifetimes as a
/// `'` followed by an identifier, which is all the two readers need.
pub fn tokens(src: &str) -> Vec<Token> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let at = |j: usize| chars.get(j).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if c == '"' {
            let start = i;
            i = end_of_string(&chars, i + 1);
            out.push(Token::Literal(chars[start..i].iter().collect()));
        } else if c == '\'' {
            // A character literal ('a', '\n', '\u{e6}') or a lifetime ('a).
            if at(i + 1) == '\\' {
                let start = i;
                i += 2;
                while i < chars.len() && chars[i] != '\'' {
                    i += 1;
                }
                i += 1;
                out.push(Token::Literal(chars[start..i.min(chars.len())].iter().collect()));
            } else if at(i + 2) == '\'' {
                out.push(Token::Literal(chars[i..i + 3].iter().collect()));
                i += 3;
            } else {
                out.push(Token::Punct('\''));
                i += 1;
            }
        } else if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let prefix = matches!(word.as_str(), "r" | "b" | "br" | "c" | "cr");
            if prefix && (at(i) == '"' || (at(i) == '#' && word.ends_with('r'))) {
                // A raw or byte string: r"…", r#"…"#, b"…", br#"…"#.
                let mut hashes = 0;
                let mut j = i;
                while at(j) == '#' {
                    hashes += 1;
                    j += 1;
                }
                if at(j) == '"' {
                    if word.ends_with('r') {
                        let close: String =
                            std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                        let rest: String = chars[j + 1..].iter().collect();
                        let len = rest.find(&close).map_or(rest.len(), |n| n + close.len());
                        i = j + 1 + rest[..len].chars().count();
                    } else {
                        i = end_of_string(&chars, j + 1);
                    }
                    out.push(Token::Literal(chars[start..i].iter().collect()));
                    continue;
                }
                // r#ident: a raw identifier.
                if hashes == 1 && word == "r" {
                    let s = j;
                    while j < chars.len() && (chars[j].is_alphanumeric() || chars[j] == '_') {
                        j += 1;
                    }
                    out.push(Token::Ident(chars[s..j].iter().collect()));
                    i = j;
                    continue;
                }
            }
            if word == "b" && at(i) == '\'' {
                i += 1;
                while i < chars.len() && chars[i] != '\'' {
                    if chars[i] == '\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                out.push(Token::Literal(chars[start..i.min(chars.len())].iter().collect()));
                continue;
            }
            out.push(Token::Ident(word));
        } else {
            out.push(Token::Punct(c));
            i += 1;
        }
    }
    out
}

/// The index just past the closing quote of a string whose body starts at `i`.
fn end_of_string(chars: &[char], mut i: usize) -> usize {
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '"' => return i + 1,
            _ => i += 1,
        }
    }
    chars.len()
}
