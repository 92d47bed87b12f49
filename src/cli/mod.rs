//! The command line: argument parsing (clap derive) and one module per subcommand.
//! Exit codes are interface: 0 success, 1 problems in the input, 2 the tool failed, 130 interrupted.

mod build;
mod check;
mod help;
mod new;
mod preview;
mod progress;
mod validate;
mod wrap;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

use crate::package::Target;

/// Exit code: everything went well.
pub const EXIT_OK: u8 = 0;
/// Exit code: the course (or package) has errors; nothing was written.
pub const EXIT_CONTENT: u8 = 1;
/// Exit code: the tool failed (unreadable folder, disk full, bad arguments).
pub const EXIT_FAILURE: u8 = 2;
/// Interrupted by a signal (Ctrl-C, SIGTERM, SIGHUP); partial zips were deleted, placed ones named.
pub const EXIT_INTERRUPTED: u8 = 130;

#[derive(Parser, Debug)]
#[command(name = "coursepack", version, about = "Turn a course folder into upload-ready SCORM packages", long_about = None)]
#[command(
    disable_help_subcommand = true,
    after_help = "Exit codes: 0 success, 1 the course has errors (nothing written), 2 the tool failed, 130 interrupted
(partial zips deleted). SHA256SUMS in --out lists only zips that match it, even after a failure.
Format reference (course.toml, pages, callouts, quizzes): coursepack help format"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Build packages from a course folder
    Build(BuildArgs),
    /// Check a course folder and report every problem, without writing anything
    Check(CheckArgs),
    /// Create a small example course to start from
    New(NewArgs),
    /// Serve the course on this machine; a save rebuilds it and reloads the open page
    Preview(PreviewArgs),
    /// Validate SCORM 1.2 / 2004, Tin Can and cmi5 packages (zip, folder or bare manifest)
    Validate(validate::ValidateArgs),
    /// Package an existing web folder (HTML made elsewhere) as SCORM 1.2 or xAPI
    Wrap(wrap::WrapArgs),
    /// Print the help of a command, or `help format`: the course format reference
    Help(help::HelpArgs),
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    /// The course folder (the one that holds course.toml)
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Package formats to build, comma-separated
    #[arg(long, short, value_delimiter = ',', default_value = "scorm12")]
    pub target: Vec<Target>,
    /// Where to write the zips and SHA256SUMS (safe for parallel builds; links in it are replaced, not followed)
    #[arg(long, short, default_value = "dist")]
    pub out: PathBuf,
    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Print only problems, no summary
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// The course folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// How to print problems
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// Folder to create (must not exist or be empty; `..` and links in the path are resolved first)
    pub dir: PathBuf,
    /// Course title (default: from the folder name); must not be empty
    #[arg(long, value_parser = non_blank)]
    pub title: Option<String>,
}

/// A text argument that must hold more than spaces.
fn non_blank(text: &str) -> Result<String, String> {
    if text.trim().is_empty() {
        Err("must not be empty: the title is shown in the LMS".to_owned())
    } else {
        Ok(text.to_owned())
    }
}

#[derive(clap::Args, Debug)]
pub struct PreviewArgs {
    /// The course folder
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Port on 127.0.0.1 (0 picks a free one)
    #[arg(long, short, default_value_t = 8000)]
    pub port: u16,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Human,
    Json,
}

/// Runs a parsed command line and returns the process exit code.
pub fn run(cli: Cli) -> ExitCode {
    // Ctrl-C, SIGTERM (a cancelled CI job) or SIGHUP: delete the zips being written, say which new
    // zips are already in place, then stop. Without the handler the process would die with them
    // half-written under a `.partial` name (the next build into the folder deletes those).
    let _ = ctrlc::set_handler(|| {
        eprintln!("\n{}", crate::package::zip_writer::partial::remove_all().message());
        std::process::exit(i32::from(EXIT_INTERRUPTED));
    });
    let code = match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::New(args) => new::run(&args),
        Command::Preview(args) => preview::run(&args),
        Command::Validate(args) => validate::run(&args),
        Command::Wrap(args) => wrap::run(&args),
        Command::Help(args) => help::run(&args),
    };
    ExitCode::from(code)
}

/// Prints a tool failure as one chained line, each cause once (most messages already quote
/// theirs), and returns exit code 2.
fn fail(error: &dyn std::error::Error) -> u8 {
    eprintln!("error: {}", chained(error));
    EXIT_FAILURE
}

/// [`fail`], and with `--format json` also `{"error": "…"}` on stdout, so a script that reads
/// stdout learns why there is no report.
fn fail_as(error: &dyn std::error::Error, format: Format) -> u8 {
    if format == Format::Json {
        println!("{}", serde_json::json!({ "error": chained(error) }));
    }
    fail(error)
}

/// The error and each of its causes once, joined with `: `.
fn chained(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        let cause = s.to_string();
        if !line.contains(&cause) {
            line.push_str(&format!(": {cause}"));
        }
        source = s.source();
    }
    line
}

fn print_report(report: &crate::diag::Report, sources: &crate::diag::SourceMap, format: Format) {
    use std::io::IsTerminal;
    match format {
        Format::Json => println!("{}", report.render_json(sources)),
        Format::Human if !report.diagnostics.is_empty() => {
            eprint!("{}", report.render_human(sources, std::io::stderr().is_terminal()));
        }
        Format::Human => {}
    }
}
