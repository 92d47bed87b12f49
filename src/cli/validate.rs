//! `coursepack validate`: check packages (zip, folder or bare manifest) and report findings;
//! `--explain CODE` prints what a rule means.

use std::path::PathBuf;

use clap::ValueEnum;

use crate::validate::report::{self, Failure};
use crate::validate::{Options, rules, validate};

use super::{EXIT_CONTENT, EXIT_FAILURE, EXIT_OK};

#[derive(clap::Args, Debug)]
pub struct ValidateArgs {
    /// Packages to check: .zip files, unpacked folders or bare manifest files (regular files: a pipe or device is
    /// refused with exit code 2, as a zip is read from its end)
    #[arg(required_unless_present = "explain")]
    pub paths: Vec<PathBuf>,
    /// Make every spec or schema violation an error (default: only what breaks import or tracking)
    #[arg(long)]
    pub strict: bool,
    /// How to print findings
    #[arg(long, value_enum, default_value_t = ValidateFormat::Human)]
    pub format: ValidateFormat,
    /// LMS whose upload size limit applies (ZIP-05)
    #[arg(long, value_enum, default_value_t = Profile::Generic)]
    pub profile: Profile,
    /// Print the explanation of a rule code (e.g. S12-CP-06) and exit
    #[arg(long, value_name = "CODE", conflicts_with = "paths")]
    pub explain: Option<String>,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ValidateFormat {
    Human,
    Json,
    Junit,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    /// No size limit
    Generic,
    /// 250 MB
    Cornerstone,
    /// 500 MB
    Latitude,
    /// 1 GB
    Riseup,
}

impl Profile {
    fn size_limit(self) -> Option<(&'static str, u64)> {
        match self {
            Profile::Generic => None,
            Profile::Cornerstone => Some(("cornerstone", 250_000_000)),
            Profile::Latitude => Some(("latitude", 500_000_000)),
            Profile::Riseup => Some(("riseup", 1_000_000_000)),
        }
    }
}

pub fn run(args: &ValidateArgs) -> u8 {
    if let Some(code) = &args.explain {
        return explain(code);
    }
    let options = Options {
        strict: args.strict,
        size_limit: args.profile.size_limit(),
    };
    let mut outcomes = Vec::new();
    let mut failures = Vec::new();
    for path in &args.paths {
        match validate(path, &options) {
            Ok(outcome) => outcomes.push(outcome),
            Err(e) => failures.push(Failure {
                path: path.display().to_string(),
                error: chain(&e),
            }),
        }
    }
    print(args.format, &outcomes, &failures);
    if !failures.is_empty() {
        EXIT_FAILURE
    } else if outcomes.iter().any(|o| o.findings.error_count() > 0) {
        EXIT_CONTENT
    } else {
        EXIT_OK
    }
}

fn print(format: ValidateFormat, outcomes: &[crate::validate::Outcome], failures: &[Failure]) {
    use std::io::IsTerminal;
    match format {
        ValidateFormat::Human => print!("{}", report::human(outcomes, failures, std::io::stdout().is_terminal())),
        ValidateFormat::Json => println!("{}", report::json(outcomes, failures)),
        ValidateFormat::Junit => print!("{}", report::junit(outcomes, failures)),
    }
    for failure in failures {
        let (path, error) = (
            crate::printable::escape(&failure.path),
            crate::printable::escape(&failure.error),
        );
        eprintln!("error: {path}: {error}");
    }
}

fn explain(code: &str) -> u8 {
    match rules::find(code) {
        Some(rule) => {
            let level = match rule.level {
                rules::Level::Error => "error",
                rules::Level::Spec => "warning (error with --strict)",
                rules::Level::Advice => "warning",
            };
            println!("{}: {}\nlevel: {level}\n\n{}", rule.code, rule.title, rule.explanation);
            EXIT_OK
        }
        None => {
            let codes: Vec<&str> = rules::RULES.iter().map(|r| r.code).collect();
            eprintln!("error: unknown rule code `{code}`; known codes: {}", codes.join(", "));
            EXIT_FAILURE
        }
    }
}

fn chain(error: &dyn std::error::Error) -> String {
    let mut line = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        line.push_str(&format!(": {s}"));
        source = s.source();
    }
    line
}
