//! How long a text may be — one set of limits for every way in: the forms, the server's
//! calls, import and the demo all end in the store, which refuses anything longer before it
//! is written, so nothing that was accepted can later read as damaged.
//!
//! A journal record holds at most 16 MiB and a case's record the events of one save (an
//! import splits a long history); at 4 bytes a character the limits below keep even an
//! assessment with all nine notes full far inside it.

use serde::Serialize;

/// The longest name of a person, reporter or participant, in characters.
pub const NAME_CHARS: usize = 200;
/// The longest text of any other field (a description, a note, a summary), in characters.
pub const TEXT_CHARS: usize = 20_000;

/// A text over its limit: where it is (a path of field names, e.g.
/// `Filed.intake.person.name`), how long it is and how long it may be.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TooLong {
    pub field: String,
    pub chars: usize,
    pub max: usize,
}

impl std::fmt::Display for TooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "the field {} holds {} characters, at most {} are allowed",
            self.field, self.chars, self.max
        )
    }
}

/// The limit of the field a path ends in.
pub fn limit_of(field: &str) -> usize {
    let last = field.rsplit('.').next().unwrap_or(field);
    if last == "name" || last.ends_with("_name") || last == "person_name" {
        NAME_CHARS
    } else {
        TEXT_CHARS
    }
}

/// The first text in `value` over its limit, if any.
pub fn check<T: Serialize>(value: &T) -> Result<(), TooLong> {
    let Ok(json) = serde_json::to_value(value) else {
        return Ok(());
    };
    walk(&json, &mut String::new())
}

fn walk(v: &serde_json::Value, path: &mut String) -> Result<(), TooLong> {
    match v {
        serde_json::Value::String(s) => {
            let max = limit_of(path);
            // Counting characters only when the bytes could be too many.
            if s.len() > max {
                let chars = s.chars().count();
                if chars > max {
                    return Err(TooLong {
                        field: path.clone(),
                        chars,
                        max,
                    });
                }
            }
            Ok(())
        }
        serde_json::Value::Array(items) => items.iter().try_for_each(|i| walk(i, path)),
        serde_json::Value::Object(fields) => {
            for (k, item) in fields {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                walk(item, path)?;
                path.truncate(len);
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Person {
        name: String,
        notes: Vec<String>,
    }

    #[test]
    fn a_name_and_a_text_each_have_their_limit_and_the_field_is_named() {
        let ok = Person {
            name: "Å".repeat(NAME_CHARS),
            notes: vec!["ø".repeat(TEXT_CHARS)],
        };
        assert_eq!(check(&ok), Ok(()));
        let long_name = Person {
            name: "x".repeat(NAME_CHARS + 1),
            notes: vec![],
        };
        assert_eq!(
            check(&long_name),
            Err(TooLong {
                field: "name".into(),
                chars: NAME_CHARS + 1,
                max: NAME_CHARS
            })
        );
        let long_note = Person {
            name: String::new(),
            notes: vec![String::new(), "y".repeat(TEXT_CHARS + 5)],
        };
        assert_eq!(check(&long_note).map_err(|e| e.field), Err("notes".into()));
    }
}
