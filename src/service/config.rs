//! The team's settings: `infohus.toml` in the data directory (the directory that holds the
//! database). Every setting has a default, so a missing file is a valid configuration; a file
//! that is present but wrong is refused with the line it is wrong on, never silently ignored —
//! a mistyped retention period must not delete cases on a default.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::domain::holidays::{Calendar, ClosingDay};
use crate::domain::legal::LegalRules;

pub const CONFIG_FILE: &str = "infohus.toml";

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    pub lock: LockConfig,
    pub retention: RetentionConfig,
    pub meeting: MeetingConfig,
    pub holidays: HolidaysConfig,
    pub legal: LegalConfig,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LockConfig {
    /// Minutes without a key press before the console hides case data; 0 turns the lock off.
    pub idle_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct RetentionConfig {
    /// Months from closure to the deletion date. No statute fixes it: the municipality does.
    pub months_after_closure: u32,
    /// Intake drafts older than this many days are deleted by `infohus purge`.
    pub draft_days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct MeetingConfig {
    /// Meeting mode starts redacted (initials and case numbers only), for projectors.
    pub redacted_by_default: bool,
    /// How many cases a proposed agenda holds; the agenda says how many more are due and a
    /// key pulls them in.
    pub agenda_length: usize,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HolidaysConfig {
    /// Days besides the official holidays that do not count as working days in legal
    /// deadlines: any of "grundlovsdag", "juleaftensdag", "nytårsaftensdag" (see
    /// `domain::holidays`). Default: all three.
    pub closed_days: Vec<ClosingDay>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LegalConfig {
    /// Days after an underretning until the team chases the §137 feedback (no statute fixes
    /// it; see `domain::legal`).
    pub feedback_days: u32,
    /// How many days before a person turns 18 an open case is flagged for hand-over.
    pub adult_warning_days: u32,
}

impl Default for HolidaysConfig {
    fn default() -> Self {
        HolidaysConfig {
            closed_days: ClosingDay::ALL.to_vec(),
        }
    }
}

impl Default for LegalConfig {
    fn default() -> Self {
        let r = LegalRules::default();
        LegalConfig {
            feedback_days: r.feedback_days,
            adult_warning_days: r.adult_warning_days,
        }
    }
}

impl Config {
    /// The deadline rules these settings give.
    pub fn legal_rules(&self) -> LegalRules {
        LegalRules {
            calendar: Calendar::new(&self.holidays.closed_days),
            feedback_days: self.legal.feedback_days,
            adult_warning_days: self.legal.adult_warning_days,
        }
    }
}

impl Default for LockConfig {
    fn default() -> Self {
        LockConfig { idle_minutes: 15 }
    }
}

impl Default for RetentionConfig {
    fn default() -> Self {
        RetentionConfig {
            months_after_closure: 24,
            draft_days: 30,
        }
    }
}

impl Default for MeetingConfig {
    fn default() -> Self {
        MeetingConfig {
            redacted_by_default: true,
            agenda_length: crate::domain::meeting::CASE_ITEM_LIMIT,
        }
    }
}

#[derive(Debug, Error)]
pub enum ConfigError {
    #[error("{path} cannot be read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The data directory of a database path: where the team's files live beside it.
pub fn data_dir(db: &Path) -> PathBuf {
    match db.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

impl Config {
    /// Reads `infohus.toml` beside the database; defaults when it does not exist.
    pub fn load(db: &Path) -> Result<Config, ConfigError> {
        let path = data_dir(db).join(CONFIG_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(source) => return Err(ConfigError::Read { path, source }),
        };
        Config::parse(&text).map_err(|message| ConfigError::Invalid { path, message })
    }

    pub fn parse(text: &str) -> Result<Config, String> {
        toml::from_str(text).map_err(|e| one_line(&e.to_string()))
    }
}

/// toml's messages span several lines with a source excerpt; the user gets one sentence.
fn one_line(message: &str) -> String {
    let mut lines = message.lines().filter(|l| !l.trim().is_empty());
    let first = lines.next().unwrap_or("").trim().trim_end_matches(':');
    let last = message
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('|'))
        .unwrap_or("")
        .trim();
    if last.is_empty() || last == first {
        first.to_string()
    } else {
        format!("{first}: {last}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_missing_file_gives_the_defaults() {
        let dir = tempfile::tempdir().expect("tempdir");
        let config = Config::load(&dir.path().join("infohus.db")).expect("defaults");
        assert_eq!(config, Config::default());
        assert_eq!(config.retention.months_after_closure, 24);
    }

    #[test]
    fn a_partial_file_keeps_defaults_for_the_rest() {
        let config = Config::parse("[retention]\nmonths_after_closure = 36\n").expect("valid");
        assert_eq!(config.retention.months_after_closure, 36);
        assert_eq!(config.retention.draft_days, 30);
        assert_eq!(config.lock.idle_minutes, 15);
    }

    #[test]
    fn the_closing_days_and_legal_deadlines_can_be_set() {
        let config = Config::parse(
            "[holidays]\nclosed_days = [\"juleaftensdag\", \"nytaarsaftensdag\"]\n\
             [legal]\nfeedback_days = 60\n",
        )
        .expect("valid");
        let rules = config.legal_rules();
        assert_eq!(rules.feedback_days, 60);
        assert_eq!(
            rules.adult_warning_days,
            LegalRules::default().adult_warning_days
        );
        let grundlovsdag = chrono::NaiveDate::from_ymd_opt(2026, 6, 5).expect("date");
        assert!(rules.calendar.is_working_day(grundlovsdag));
        assert_eq!(Config::default().legal_rules(), LegalRules::default());
        let err =
            Config::parse("[holidays]\nclosed_days = [\"1. maj\"]\n").expect_err("unknown day");
        assert!(err.contains("1. maj"), "{err}");
    }

    #[test]
    fn a_mistyped_setting_is_refused_not_ignored() {
        let err = Config::parse("[retention]\nmonths_after_closur = 6\n").expect_err("unknown");
        assert!(err.contains("months_after_closur"), "{err}");
        assert!(!err.contains('\n'), "one line: {err}");
        let err = Config::parse("[retention]\nmonths_after_closure = \"two\"\n").expect_err("type");
        assert!(!err.is_empty());
    }
}
