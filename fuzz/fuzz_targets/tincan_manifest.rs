//! Fuzzes the tincan.xml reader: any bytes as a bare manifest, then the human and JSON output.
#![no_main]

use coursepack::validate::{Options, report, validate_manifest_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let options = Options {
        strict: true,
        size_limit: None,
    };
    let outcome = validate_manifest_bytes("tincan.xml", data.to_vec(), &options);
    let outcomes = std::slice::from_ref(&outcome);
    let _ = report::human(outcomes, &[], false);
    let _ = report::json(outcomes, &[]);
});
