//! Generates a synthetic course for benchmarks: `gen_course <small|medium|large> <out-dir> [seed]`.

use std::path::PathBuf;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(name), Some(out)) = (args.first(), args.get(1)) else {
        eprintln!("usage: gen_course <small|medium|large> <out-dir> [seed]");
        return ExitCode::from(2);
    };
    let Some(preset) = coursepack::synth::preset(name) else {
        eprintln!("unknown preset `{name}` (small, medium, large)");
        return ExitCode::from(2);
    };
    let seed = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    match coursepack::synth::generate(preset, &PathBuf::from(out), seed) {
        Ok(g) => {
            println!("{out}: {} files, {} pages, {} bytes", g.files, g.pages, g.bytes);
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}
