use std::path::Path;
use std::process::ExitCode;

use std::io::IsTerminal;

use super::sentence;
use crate::api::Api;
use crate::i18n::Lang;
use crate::rpc::client::Target;
use crate::tui::App;
use crate::tui::theme::Theme;

/// Demo cases put into a fresh default database, so a first start shows a working console.
const FIRST_START_DEMO_CASES: usize = 300;

pub fn run(db: &Path, explicit_db: bool, lang: Lang, redacted: bool) -> anyhow::Result<ExitCode> {
    if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
        anyhow::bail!(match lang {
            Lang::Da =>
                "konsollen kræver en terminal; brug en underkommando (infohus --help) i scripts",
            Lang::En =>
                "the console needs a terminal; use a subcommand (infohus --help) in scripts",
        });
    }
    let target = super::target(db, true, false, lang);
    let fresh = matches!(target, Target::Auto { .. }) && !db.exists();
    // Not `open`: a first start's notice is shown inside the console, not before it.
    let svc = Api::connect(target).map_err(|e| sentence(lang, &e))?;
    let settings = svc.config().map_err(|e| sentence(lang, &e))?;
    if fresh && !explicit_db {
        svc.fill_demo(FIRST_START_DEMO_CASES, 2026, |_| {})
            .map_err(|e| sentence(lang, &e))?;
    }
    if redacted {
        // Before the first screen is read: nothing unredacted is ever drawn.
        svc.set_redacted(true).map_err(|e| sentence(lang, &e))?;
    }
    let mut app = App::new(svc, lang, Theme::from_env());
    app.set_idle_minutes(settings.lock.idle_minutes);
    crate::tui::run(app)?;
    Ok(ExitCode::SUCCESS)
}
