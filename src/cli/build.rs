//! `coursepack build`: check the course, then write one zip per target and SHA256SUMS.

use crate::build::{BuildOutcome, build_with_progress};
use crate::package::scorm12::SUSPEND_DATA_LIMIT;

use super::{BuildArgs, EXIT_CONTENT, EXIT_OK, Format, fail_as, print_report, progress};

pub fn run(args: &BuildArgs) -> u8 {
    let mut targets = args.target.clone();
    targets.sort_unstable();
    targets.dedup();
    let bar = progress::Bar::new(0, args.quiet || args.format == Format::Json);
    let built = build_with_progress(&args.dir, &targets, &args.out, &|done, total| {
        bar.set_total(done, total)
    });
    bar.finish();
    match built {
        Err(e) => fail_as(&e, args.format),
        Ok(outcome) => {
            if args.format == Format::Json {
                println!("{}", json_result(&outcome));
            } else {
                print_report(&outcome.report, &outcome.sources, args.format);
            }
            if outcome.report.error_count() > 0 {
                eprintln!("build stopped: the course has errors, nothing was written");
                return EXIT_CONTENT;
            }
            if !args.quiet && args.format == Format::Human {
                print_summary(&outcome, args);
            }
            EXIT_OK
        }
    }
}

/// `{"diagnostics": [...], "packages": [{target, path, files, bytes, sha256}], "state": [{target, sco,
/// suspend_data_worst_case, suspend_data_limit}]}` for CI; `state` is there even when the budget fails the build.
fn json_result(outcome: &BuildOutcome) -> String {
    let packages: Vec<_> = outcome
        .packages
        .iter()
        .map(|(target, w)| {
            serde_json::json!({
                "target": target.name(),
                "path": w.path.to_string_lossy(),
                "files": w.files,
                "bytes": w.bytes,
                "sha256": w.sha256,
            })
        })
        .collect();
    let state: Vec<_> = outcome
        .state
        .iter()
        .map(|b| {
            serde_json::json!({
                "target": "scorm12",
                "sco": b.sco,
                "suspend_data_worst_case": b.suspend_data,
                "suspend_data_limit": SUSPEND_DATA_LIMIT,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "diagnostics": outcome.report.json_value(&outcome.sources),
        "packages": packages,
        "state": state,
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn print_summary(outcome: &BuildOutcome, args: &BuildArgs) {
    if let Some(s) = &outcome.summary {
        println!(
            "Built {} {} ({} sections, {} pages, {} questions)",
            s.slug, s.version, s.sections, s.pages, s.questions
        );
    }
    for (target, w) in &outcome.packages {
        println!(
            "  {:<9} {}  {} files  {}  sha256 {}",
            target.name(),
            w.path.display(),
            w.files,
            human_size(w.bytes),
            w.sha256
        );
    }
    println!("Wrote {}", args.out.join("SHA256SUMS").display());
}

fn human_size(bytes: u64) -> String {
    let kb = bytes as f64 / 1024.0;
    if kb < 1024.0 {
        format!("{kb:.1} KiB")
    } else {
        format!("{:.1} MiB", kb / 1024.0)
    }
}
