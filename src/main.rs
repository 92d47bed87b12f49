//! Thin binary: parse the command line and hand it to the library.

use clap::Parser;

fn main() -> std::process::ExitCode {
    coursepack::cli::run(coursepack::cli::Cli::parse())
}
