//! Loading the team's actioncards from `actioncards/` beside the database. The first time,
//! the shipped Danish set is written there for the team to edit; a file is never overwritten.
//! A card that cannot be read is reported by name and line, and the others still load.

use std::io::Write as _;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::Path;

use crate::domain::actioncard::{CARD_LIMIT, Card, CardProblem, parse};

/// The folder beside the database that holds the cards.
pub const CARDS_DIR: &str = "actioncards";

/// The shipped set: (file stem, text).
pub const DEFAULT_CARDS: &[(&str, &str)] = &[
    (
        "overhaengende-fare",
        include_str!("actioncards/overhaengende-fare.txt"),
    ),
    (
        "aeresrelateret-konflikt",
        include_str!("actioncards/aeresrelateret-konflikt.txt"),
    ),
    ("ekstremisme", include_str!("actioncards/ekstremisme.txt")),
    ("under-18", include_str!("actioncards/under-18.txt")),
    ("over-18", include_str!("actioncards/over-18.txt")),
];

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LoadProblem {
    /// A card file that does not read as a card.
    Card { file: String, problem: CardProblem },
    /// The folder or a file could not be read or written.
    Io { file: String, message: String },
}

#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CardSet {
    /// Sorted by title.
    pub cards: Vec<Card>,
    pub problems: Vec<LoadProblem>,
    /// The `stamp` of the files these cards were read from: a console holding them asks for
    /// them again when the server reports another.
    #[serde(default)]
    pub version: u64,
}

/// What identifies the cards as they are on disk, without reading them: the folder, and the
/// name, identity, size and times of every card file in it. An edit (in place or by
/// replacing the file), a new card, a removed or renamed one: each gives another stamp.
/// 0 when there is no folder.
pub fn stamp(dir: &Path) -> u64 {
    use std::hash::{DefaultHasher, Hash, Hasher};
    use std::os::unix::fs::MetadataExt;
    let mark = |m: &std::fs::Metadata, h: &mut DefaultHasher| {
        (m.dev(), m.ino(), m.len(), m.mtime(), m.mtime_nsec()).hash(h);
        (m.ctime(), m.ctime_nsec()).hash(h);
    };
    let Ok(meta) = std::fs::metadata(dir) else {
        return 0;
    };
    let mut h = DefaultHasher::new();
    mark(&meta, &mut h);
    let mut files: Vec<(std::ffi::OsString, Option<std::fs::Metadata>)> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "txt"))
                .map(|e| (e.file_name(), std::fs::metadata(e.path()).ok()))
                .collect()
        })
        .unwrap_or_default();
    files.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, meta) in &files {
        name.hash(&mut h);
        if let Some(m) = meta {
            mark(m, &mut h);
        }
    }
    // Never 0, which means "no folder".
    h.finish().max(1)
}

/// The cards as last read from `dir`, read again whenever their files have changed.
#[derive(Debug, Default)]
pub struct Current {
    last: Option<CardSet>,
}

impl Current {
    /// The cards as the files say now.
    pub fn get(&mut self, dir: &Path) -> CardSet {
        let now = stamp(dir);
        match &self.last {
            Some(set) if set.version == now && now != 0 => set.clone(),
            _ => {
                // Stamped before reading: an edit while they are read makes the next look
                // read them again.
                let mut set = load(dir);
                set.version = now;
                self.last = Some(set.clone());
                set
            }
        }
    }
}

/// Reads every `*.txt` card in `dir`, writing the defaults first if `dir` does not exist. If
/// the folder cannot be made, the shipped cards are used as they are, and that is reported.
pub fn load(dir: &Path) -> CardSet {
    let mut set = CardSet::default();
    if !dir.exists()
        && let Err(e) = write_defaults(dir)
    {
        set.problems.push(LoadProblem::Io {
            file: dir.display().to_string(),
            message: e.to_string(),
        });
        set.cards = DEFAULT_CARDS
            .iter()
            .filter_map(|(id, text)| parse(id, text.as_bytes()).ok())
            .collect();
        set.cards.sort_by(|a, b| a.title.cmp(&b.title));
        return set;
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) => {
            set.problems.push(LoadProblem::Io {
                file: dir.display().to_string(),
                message: e.to_string(),
            });
            return set;
        }
    };
    let mut paths: Vec<_> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let file = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let id = path
            .file_stem()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Read one byte past the limit, so a huge file is refused without reading it all.
        let bytes = match read_limited(&path) {
            Ok(b) => b,
            Err(e) => {
                set.problems.push(LoadProblem::Io {
                    file,
                    message: e.to_string(),
                });
                continue;
            }
        };
        match parse(&id, &bytes) {
            Ok(card) => set.cards.push(card),
            Err(problem) => set.problems.push(LoadProblem::Card { file, problem }),
        }
    }
    set.cards.sort_by(|a, b| a.title.cmp(&b.title));
    set
}

fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(CARD_LIMIT as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Writes the shipped cards into `dir` (made private if it does not exist), leaving any card
/// already there as it is.
pub fn write_defaults(dir: &Path) -> std::io::Result<()> {
    match std::fs::DirBuilder::new().mode(0o700).create(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        r => r?,
    }
    for (id, text) in DEFAULT_CARDS {
        let path = dir.join(format!("{id}.txt"));
        // create_new: an existing file is the team's own and is never overwritten.
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())?;
                f.sync_all()?;
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::os::unix::fs::PermissionsExt;

    use super::*;
    use crate::domain::actioncard::CardError;

    #[test]
    fn the_shipped_cards_are_written_once_private_and_all_read() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(CARDS_DIR);
        let set = load(&dir);
        assert!(set.problems.is_empty(), "{:?}", set.problems);
        assert_eq!(set.cards.len(), DEFAULT_CARDS.len());
        let mode = std::fs::metadata(dir.join("ekstremisme.txt"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        assert_eq!(
            std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777,
            0o700
        );
    }

    #[test]
    fn an_edited_card_is_kept_and_a_broken_one_is_named_with_its_line() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join(CARDS_DIR);
        load(&dir);
        std::fs::write(
            dir.join("ekstremisme.txt"),
            "# Vores egen\n## Situation\nRettet af teamet.\n",
        )
        .unwrap();
        std::fs::write(dir.join("ny.txt"), "# Ny\n## Telefon\nbare tekst\n").unwrap();
        let set = load(&dir);
        assert!(set.cards.iter().any(|c| c.title == "Vores egen"));
        assert_eq!(set.cards.len(), DEFAULT_CARDS.len());
        assert_eq!(
            set.problems,
            vec![LoadProblem::Card {
                file: "ny.txt".into(),
                problem: CardProblem {
                    line: 3,
                    error: CardError::BadPhone
                }
            }]
        );
    }

    #[test]
    fn a_folder_that_cannot_be_made_falls_back_to_the_shipped_cards() {
        let tmp = tempfile::tempdir().unwrap();
        let file = tmp.path().join("plain-file");
        std::fs::write(&file, "x").unwrap();
        let set = load(&file.join(CARDS_DIR));
        assert_eq!(set.cards.len(), DEFAULT_CARDS.len());
        assert_eq!(set.problems.len(), 1);
    }
}
