//! `coursepack help [format | <command>]`: the format reference is built into the binary, so an installed
//! coursepack documents its source format without this repository.

use std::io::{self, Write};

use clap::CommandFactory;

use super::{Cli, EXIT_FAILURE, EXIT_OK};

/// The course format reference (course-src/README.md), as it was when this binary was built.
pub const FORMAT_REFERENCE: &str = include_str!("../../course-src/README.md");

#[derive(clap::Args, Debug)]
pub struct HelpArgs {
    /// `format` for the course format reference, or a command name
    pub topic: Option<String>,
}

pub fn run(args: &HelpArgs) -> u8 {
    let mut cli = Cli::command();
    let printed = match args.topic.as_deref() {
        None => cli.print_long_help(),
        Some("format") => io::stdout().write_all(FORMAT_REFERENCE.as_bytes()),
        Some(name) => match cli.find_subcommand_mut(name) {
            Some(command) => command.print_long_help(),
            None => {
                let commands: Vec<_> = Cli::command()
                    .get_subcommands()
                    .map(|c| c.get_name().to_owned())
                    .collect();
                eprintln!("error: no help topic `{name}`; topics: format, {}", commands.join(", "));
                return EXIT_FAILURE;
            }
        },
    };
    match printed {
        Ok(()) => EXIT_OK,
        // `coursepack help format | head`
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => EXIT_OK,
        Err(e) => {
            eprintln!("error: cannot print the help: {e}");
            EXIT_FAILURE
        }
    }
}
