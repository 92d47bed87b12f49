//! Fuzzes the zip reader: any bytes as a package, then every output format.
#![no_main]

use coursepack::validate::{Options, report, validate_zip_bytes};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let outcome = validate_zip_bytes("fuzz.zip", data.to_vec(), &Options::default());
    let outcomes = std::slice::from_ref(&outcome);
    let _ = report::human(outcomes, &[], false);
    let _ = report::json(outcomes, &[]);
    let _ = report::junit(outcomes, &[]);
});
