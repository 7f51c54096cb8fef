//! README's keys table and the one keymap (which also feeds the footer and `?`) agree: every
//! key of the keymap is written in the table where its screen is described, and every key in
//! the table's key column is a key of the keymap for that screen.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use infohus::tui::keymap::{BINDINGS, Ctx};

/// Where in README's table (the first column) a context's keys are described.
fn group(ctx: Ctx) -> &'static str {
    match ctx {
        Ctx::Global => "everywhere",
        Ctx::Queue => "work queue",
        Ctx::List | Ctx::ListSearch => "case list",
        Ctx::Detail => "case detail",
        Ctx::Assessment => "assessment comparison",
        Ctx::Cards => "actioncards",
        Ctx::Clash => "same field changed by two",
        Ctx::Intake | Ctx::IntakeEdit | Ctx::IntakeKeys => "intake form",
        Ctx::Form => "every form",
        Ctx::Text => "text fields",
        Ctx::Help => "help",
        Ctx::Overlay => "messages and questions",
        Ctx::Meetings => "meetings",
        Ctx::Meeting => "meeting mode",
        Ctx::Stats => "statistics",
        Ctx::Trends => "trends",
        Ctx::Viewer => "viewer",
        Ctx::Locked => "idle lock",
    }
}

/// One row of the table: its group (carried down from the row that named it), its key
/// column and the whole row.
struct Row {
    group: String,
    key_column: String,
    line: String,
}

fn table() -> Vec<Row> {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme
        .find("\n## Keys\n")
        .expect("README has a Keys section");
    let section = &readme[start + 1..];
    let end = section[3..].find("\n## ").map_or(section.len(), |e| e + 3);
    let mut rows = Vec::new();
    let mut group = String::new();
    for line in section[..end].lines().filter(|l| l.starts_with('|')) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        // "| where | key | does |" splits into ["", where, key, does, ""].
        if cells.len() < 4 || cells[1] == "where" || cells[1].starts_with("---") {
            continue;
        }
        if !cells[1].is_empty() {
            group = cells[1].to_string();
        }
        rows.push(Row {
            group: group.clone(),
            key_column: cells[2].to_string(),
            line: line.to_string(),
        });
    }
    rows
}

/// The `backticked` tokens of a piece of the table.
fn ticked(s: &str) -> Vec<String> {
    s.split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, t)| t.to_string())
        .collect()
}

fn in_group<'a>(rows: &'a [Row], g: &str) -> impl Iterator<Item = &'a Row> {
    rows.iter().filter(move |r| r.group.starts_with(g))
}

#[test]
fn every_key_of_the_keymap_is_in_the_readme_where_its_screen_is_described() {
    let rows = table();
    let mut missing = BTreeSet::new();
    for b in BINDINGS {
        let mut groups = vec![group(b.ctx), "everywhere"];
        groups.extend(b.ctx.parents().iter().map(|p| group(*p)));
        let found = groups
            .iter()
            .flat_map(|g| in_group(&rows, g))
            .any(|r| ticked(&r.line).iter().any(|t| t == b.keys));
        if !found {
            missing.insert(format!("{:?}: `{}`", b.ctx, b.keys));
        }
    }
    assert!(
        missing.is_empty(),
        "keys of the keymap README's table does not list: {missing:#?}"
    );
}

#[test]
fn every_key_in_the_readme_table_is_a_key_of_the_keymap_for_that_screen() {
    let rows = table();
    let groups: BTreeSet<&str> = BINDINGS.iter().map(|b| group(b.ctx)).collect();
    let mut unknown = BTreeSet::new();
    for r in &rows {
        let Some(g) = groups.iter().find(|g| r.group.starts_with(**g)) else {
            continue;
        };
        for key in ticked(&r.key_column) {
            let known = BINDINGS.iter().any(|b| {
                b.keys == key && (group(b.ctx) == *g || b.ctx == Ctx::Global) || {
                    // A context's help also lists the keys of its parents.
                    b.keys == key
                        && BINDINGS
                            .iter()
                            .filter(|c| group(c.ctx) == *g)
                            .any(|c| c.ctx.parents().contains(&b.ctx))
                }
            });
            if !known {
                unknown.insert(format!("{}: `{key}`", r.group));
            }
        }
    }
    assert!(
        unknown.is_empty(),
        "keys in README's table that the keymap does not have there: {unknown:#?}"
    );
}

#[test]
fn every_screen_of_the_keymap_has_rows_in_the_readme_table() {
    let rows = table();
    for b in BINDINGS {
        let g = group(b.ctx);
        assert!(
            in_group(&rows, g).next().is_some(),
            "README's keys table has no rows for \"{g}\""
        );
    }
}
