//! `coursepack check`: report every problem in a course folder without writing anything.

use crate::build::load_checked;

use super::{CheckArgs, EXIT_CONTENT, EXIT_OK, Format, fail_as, print_report};

pub fn run(args: &CheckArgs) -> u8 {
    match load_checked(&args.dir) {
        Err(e) => fail_as(&e, args.format),
        Ok((_, loaded, report)) => {
            print_report(&report, &loaded.sources, args.format);
            if args.format == Format::Human && report.diagnostics.is_empty() {
                println!("{}: no problems found", args.dir.display());
            }
            if report.error_count() > 0 {
                EXIT_CONTENT
            } else {
                EXIT_OK
            }
        }
    }
}
