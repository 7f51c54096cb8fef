use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    infohus::user::harden_process();
    let args = infohus::cli::Args::parse();
    match infohus::cli::run(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("infohus: {e}");
            ExitCode::FAILURE
        }
    }
}
