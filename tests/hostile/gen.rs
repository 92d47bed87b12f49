//! Writes the full-size hostile corpus of `tests/hostile/corpus.rs` into a folder, with `cases.tsv` (file, exit
//! code, finding code) for `scripts/bench-hostile.sh`:
//!
//!     cargo run --release --example gen_hostile -- <folder>

#[allow(dead_code)]
mod corpus;

fn main() -> std::process::ExitCode {
    let Some(dir) = std::env::args_os().nth(1).map(std::path::PathBuf::from) else {
        eprintln!("usage: gen_hostile <folder>");
        return std::process::ExitCode::from(2);
    };
    let mut table = String::new();
    for (label, make) in corpus::full_size() {
        let case = make();
        if let Err(e) = std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(dir.join(case.name), &case.bytes)) {
            eprintln!("cannot write {}: {e}", dir.join(case.name).display());
            return std::process::ExitCode::from(2);
        }
        eprintln!("{label}: {} bytes", case.bytes.len());
        table.push_str(&format!("{}\t{}\t{}\n", case.name, case.exit, case.code));
    }
    match std::fs::write(dir.join("cases.tsv"), table) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("cannot write cases.tsv: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
