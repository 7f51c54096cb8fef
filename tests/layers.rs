//! Layers point one way (DESIGN §10, ARCHITECTURE.md § Layers): every `crate::…` (and `super::…`
//! that leaves its module) path in every module under `src/` names its own layer or one below
//! it. An import from a lower layer to a higher one fails here, naming the file and the path.

use std::path::{Path, PathBuf};

include!("../build/source.rs");

/// The layers, top to bottom, and the top-level modules of `src/` in each. A module may use
/// its own layer and every layer below it, never one above. A new top-level module must be
/// placed here.
const LAYERS: &[(&str, &[&str])] = &[
    // one file per subcommand; runs the console
    ("cli", &["cli"]),
    // app state, screens, the form engine, the keymap
    ("tui", &["tui"]),
    // the one facade cli and tui call: the in-process service or the socket client
    ("api", &["api"]),
    // the list of calls, the wire format, client, server, socket
    ("rpc", &["rpc"]),
    // every visible text; translates typed errors
    ("i18n", &["i18n"]),
    // fictional demo data (DESIGN §10: above the service it fills)
    ("demo", &["demo"]),
    // shared core + per-connection session
    ("service", &["service"]),
    // sled, the stored format, the journal
    ("store", &["store"]),
    // the operating-system account and process hardening (no crate imports)
    ("user", &["user"]),
    // the case model and rules: pure, no I/O
    ("domain", &["domain"]),
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS
        .iter()
        .position(|(_, modules)| modules.contains(&module))
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The module a file under `src/` is: `src/service/api.rs` is `["service", "api"]`,
/// `src/i18n.rs` and `src/i18n/mod.rs` are `["i18n"]`.
fn module_of(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs").to_string();
        if stem != "mod" {
            parts.push(stem);
        }
    }
    parts
}

/// Every top-level module a file's code names through `crate::`, `$crate::` or a `super::`
/// that climbs to the crate root, with the path as written (for the message).
fn named_modules(file_module: &[String], toks: &[Token]) -> Vec<(String, String)> {
    let ident = |i: usize| match toks.get(i) {
        Some(Token::Ident(s)) => Some(s.as_str()),
        _ => None,
    };
    let punct = |i: usize, c: char| toks.get(i) == Some(&Token::Punct(c));
    let path_sep = |i: usize| punct(i, ':') && punct(i + 1, ':');
    let mut out = Vec::new();
    // Inline `mod name { … }` blocks, with the brace depth each opened at.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < toks.len() {
        match &toks[i] {
            Token::Punct('{') => depth += 1,
            Token::Punct('}') => {
                depth = depth.saturating_sub(1);
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
            }
            Token::Ident(w) if w == "mod" => {
                if let (Some(name), true) = (ident(i + 1), punct(i + 2, '{')) {
                    inline.push((name.to_string(), depth));
                }
            }
            _ => {}
        }
        // The base a path starts from, and where its first segment after the prefix is.
        let mut base: Option<Vec<String>> = None;
        let mut j = i;
        if ident(i) == Some("crate") && path_sep(i + 1) {
            base = Some(Vec::new());
            j = i + 3;
        } else if ident(i) == Some("super")
            && path_sep(i + 1)
            && !(i > 1 && path_sep(i - 2) && ident(i - 3) == Some("super"))
        {
            let mut here: Vec<String> = file_module.to_vec();
            here.extend(inline.iter().map(|(n, _)| n.clone()));
            j = i;
            while ident(j) == Some("super") && path_sep(j + 1) {
                here.pop();
                j += 3;
            }
            base = Some(here);
        }
        if let Some(base) = base {
            let written: String = toks[i..(j + 1).min(toks.len())]
                .iter()
                .map(|t| match t {
                    Token::Ident(s) | Token::Literal(s) => s.clone(),
                    Token::Punct(c) => c.to_string(),
                })
                .collect();
            if let Some(top) = base.first() {
                out.push((top.clone(), written));
            } else if let Some(name) = ident(j) {
                out.push((name.to_string(), written));
            } else if punct(j, '{') {
                // crate::{a::X, b} names a and b.
                let mut k = j + 1;
                let mut level = 1;
                let mut first = true;
                while k < toks.len() && level > 0 {
                    match &toks[k] {
                        Token::Punct('{') => level += 1,
                        Token::Punct('}') => level -= 1,
                        Token::Punct(',') if level == 1 => first = true,
                        Token::Ident(s) if level == 1 && first => {
                            out.push((s.clone(), format!("{written}{{{s}…}}")));
                            first = false;
                        }
                        _ => {}
                    }
                    k += 1;
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// Every import that climbs: (file, the path as written, from layer, to layer).
fn climbing_imports(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut problems = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).expect("under src");
        let module = module_of(rel);
        // The crate roots and the other binaries sit above every layer.
        let Some(top) = module.first() else { continue };
        if top == "main" || top == "lib" || top == "bin" {
            continue;
        }
        let Some(from) = layer_of(top) else {
            problems.push(format!(
                "src/{}: the module `{top}` has no layer; place it in tests/layers.rs",
                rel.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("a source file");
        for (named, written) in named_modules(&module, &tokens(&text)) {
            if matches!(named.as_str(), "self" | "super" | "crate") {
                continue;
            }
            match layer_of(&named) {
                Some(to) if to < from => problems.push(format!(
                    "src/{}: `{written}` — {} ({}) is above {} ({})",
                    rel.display(),
                    named,
                    LAYERS[to].0,
                    top,
                    LAYERS[from].0
                )),
                Some(_) => {}
                None => problems.push(format!(
                    "src/{}: `{written}` names `{named}`, which has no layer",
                    rel.display()
                )),
            }
        }
    }
    problems
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let problems = climbing_imports(&src);
    assert!(
        problems.is_empty(),
        "imports that climb the layers (DESIGN §10):\n{}",
        problems.join("\n")
    );
}

#[test]
fn the_reader_finds_paths_in_code_and_not_in_comments_or_strings() {
    let module = vec!["service".to_string(), "meetings".to_string()];
    let code = r##"
        // use crate::tui::App;
        /* crate::cli */ const S: &str = "crate::rpc::X"; const R: &str = r#"crate::api"#;
        use crate::{domain::CaseNo, store::Store};
        use super::Service;
        fn f() -> crate::i18n::Lang { let c = 'a'; todo!() }
        mod tests { use super::*; use super::super::super::api::Api; }
    "##;
    let named: Vec<String> = named_modules(&module, &tokens(code))
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    assert_eq!(
        named,
        ["domain", "store", "service", "i18n", "service", "api"]
    );
}

/// A merge left `<<<<<<<` … `>>>>>>>` in README.md and CHANGELOG.md once and nothing noticed:
/// no source, test or document may hold a conflict marker.
#[test]
fn no_file_holds_a_merge_conflict_marker() {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || name == "target" {
                continue;
            }
            if p.is_dir() {
                walk(&p, out);
            } else if ["rs", "md", "toml", "txt", "tsv", "sh"]
                .iter()
                .any(|x| name.ends_with(&format!(".{x}")))
            {
                out.push(p);
            }
        }
    }
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    walk(root, &mut files);
    let marked: Vec<String> = files
        .iter()
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            let hit = text
                .lines()
                .any(|l| l.starts_with("<<<<<<< ") || l.starts_with(">>>>>>> ") || l == "=======");
            hit.then(|| p.strip_prefix(root).unwrap_or(p).display().to_string())
        })
        .collect();
    assert!(marked.is_empty(), "conflict markers in {marked:?}");
}
