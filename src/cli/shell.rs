//! `infohus completions bash|zsh|fish` and `infohus man`: the command line's completions for a
//! shell and its manual page (roff), both made from the one clap definition, on standard
//! output, without opening any database.

use std::io::Write as _;
use std::process::ExitCode;

use clap::{CommandFactory, ValueEnum};

use super::Args;

/// The shells completions are made for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
}

pub fn completions(shell: Shell) -> anyhow::Result<ExitCode> {
    let mut cmd = Args::command();
    let shell = match shell {
        Shell::Bash => clap_complete::Shell::Bash,
        Shell::Zsh => clap_complete::Shell::Zsh,
        Shell::Fish => clap_complete::Shell::Fish,
    };
    let mut out = Vec::new();
    clap_complete::generate(shell, &mut cmd, "infohus", &mut out);
    emit(&out)
}

/// The manual page, `infohus(1)`: the program and its global options, then a section for each
/// subcommand (what it does, its synopsis and options).
pub fn man() -> anyhow::Result<ExitCode> {
    let cmd = Args::command();
    let mut out = Vec::new();
    let page = clap_mangen::Man::new(cmd.clone());
    page.render_title(&mut out)?;
    page.render_name_section(&mut out)?;
    page.render_synopsis_section(&mut out)?;
    page.render_description_section(&mut out)?;
    page.render_options_section(&mut out)?;
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let name = format!("infohus {}", sub.get_name());
        writeln!(out, ".SH \"{}\"", name.to_uppercase())?;
        let page = clap_mangen::Man::new(sub.clone().display_name(&name).bin_name(&name));
        page.render_description_section(&mut out)?;
        page.render_synopsis_section(&mut out)?;
        page.render_options_section(&mut out)?;
        if sub.has_subcommands() {
            page.render_subcommands_section(&mut out)?;
        }
    }
    page.render_version_section(&mut out)?;
    emit(&out)
}

/// The coordinators' guide, as shipped with this build.
pub const GUIDE: &str = include_str!("../../docs/vejledning.md");

pub fn guide() -> anyhow::Result<ExitCode> {
    emit(GUIDE.as_bytes())
}

/// Writes to standard output; a reader that stopped early (`| head`) is not an error.
fn emit(bytes: &[u8]) -> anyhow::Result<ExitCode> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}
