//! The `sahifa` binary: parse flags, run, exit with a code that says what happened.

use clap::Parser;
use sahifa::cli::Cli;
use sahifa::report::exit;

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() {
                exit::USAGE
            } else {
                exit::OK
            });
        }
    };
    std::process::exit(sahifa::run::run(cli));
}
