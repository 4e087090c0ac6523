use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = crosscheck::cli::Cli::parse();
    match crosscheck::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is_broken_pipe() => ExitCode::SUCCESS,
        Err(e) => {
            // A check that found something has written its report; say so briefly.
            if matches!(e, crosscheck::Error::CheckFailed(_)) {
                eprintln!("{e}");
            } else {
                eprintln!("error: {e}");
            }
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// A faster allocator: bulk imports allocate and free a great many small strings.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
