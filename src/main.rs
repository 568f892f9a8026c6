//! The `evidence` command line: parses arguments, calls the library, prints, and maps the outcome
//! to an exit code. All logic lives in the library (`src/lib.rs`).

use std::process::ExitCode;

use clap::Parser;

mod cli;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(code) => code.into(),
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                // `evidence check | head` is not a failure.
                return ExitCode::SUCCESS;
            }
            if let Some(rendered) = err.downcast_ref::<cli::Rendered>() {
                eprintln!("{rendered}");
                return cli::Exit::CouldNotRun.into();
            }
            match err.downcast_ref::<evidence::Error>() {
                // Already one `error: file:line:column: …` line per malformed file.
                Some(input @ evidence::Error::Input(_)) => eprintln!("{input}"),
                // Its message already names the cause; the alternate form would repeat it.
                Some(other) => eprintln!("error: {other}"),
                _ => eprintln!("error: {err:#}"),
            }
            cli::Exit::CouldNotRun.into()
        }
    }
}
