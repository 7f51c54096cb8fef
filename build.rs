//! The protocol fingerprint: a hash of the source of every module that defines the calls or a
//! type that crosses the socket or is stored (`rpc`, `demo`, `service`, `store`, `domain`),
//! read as tokens so that comments and formatting do not count. A client and a server whose
//! fingerprints differ refuse each other (see `rpc::wire::FINGERPRINT`): a changed domain type
//! changes the fingerprint without anyone remembering to bump a number.

use std::path::{Path, PathBuf};

include!("build/source.rs");

/// The layers whose source makes the fingerprint (ARCHITECTURE.md § The protocol).
const HASHED: &[&str] = &[
    "src/rpc",
    "src/demo",
    "src/service",
    "src/store",
    "src/domain",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// FNV-1a, 64 bits: stable across compilers and platforms, which std's hasher is not promised
/// to be. Enough to tell builds apart; nothing here needs to resist a forger.
struct Fnv(u64);

impl Fnv {
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=build/source.rs");
    let mut files = Vec::new();
    for dir in HASHED {
        println!("cargo:rerun-if-changed={dir}");
        rust_files(Path::new(dir), &mut files);
    }
    files.sort();
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        h.write(f.to_string_lossy().as_bytes());
        h.write(&[0]);
        for t in tokens(&text) {
            let (tag, s) = match t {
                Token::Ident(s) => (b'i', s),
                Token::Literal(s) => (b'l', s),
                Token::Punct(c) => (b'p', c.to_string()),
            };
            h.write(&[tag]);
            h.write(s.as_bytes());
            h.write(&[0]);
        }
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let code = format!(
        "/// Made by build.rs from the source of {}.\npub const FINGERPRINT: &str = \"{:016x}\";\n",
        HASHED.join(", "),
        h.0
    );
    std::fs::write(out.join("fingerprint.rs"), code).expect("OUT_DIR is writable");
}
