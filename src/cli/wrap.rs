//! `coursepack wrap`: package an existing web folder as SCORM 1.2 or xAPI (Tin Can).

use std::path::PathBuf;

use crate::package::Target;
use crate::wrap::{self, WrapError, WrapOptions};

use super::{EXIT_CONTENT, EXIT_OK, fail, progress};

#[derive(clap::Args, Debug)]
pub struct WrapArgs {
    /// The web folder to package (every regular file in it goes in, dot-files excepted; pipes, sockets and
    /// devices are left out with a warning)
    pub dir: PathBuf,
    /// The page the LMS opens, relative to the folder
    #[arg(long, default_value = "index.html")]
    pub launch: String,
    /// Title shown in the LMS (at most 200 characters, the SCORM 1.2 limit); the zip is named after it (transliterated
    /// to ASCII, at most 80 characters) unless --id is given
    #[arg(long)]
    pub title: String,
    /// An IRI that identifies the package, and with xapi the course activity id; default: a `urn:` IRI derived
    /// from the title and launch page. Keep it the same across versions so an LMS sees a re-upload as the same
    /// course
    #[arg(long)]
    pub id: Option<String>,
    /// Package format: scorm12 (imsmanifest.xml) or xapi (tincan.xml)
    #[arg(long, short, default_value = "scorm12")]
    pub target: Target,
    /// Add a small script to the launch page that reports `completed` to the LMS (scorm12) or sends
    /// initialized, completed and terminated statements to the LRS of the launch link (xapi)
    #[arg(long)]
    pub completion: bool,
    /// Language of the title in tincan.xml and of the statements (a BCP 47 tag; `und` = undetermined); xapi only
    #[arg(long, default_value = wrap::DEFAULT_LANG)]
    pub lang: String,
    /// Where to write the zip (left out of the package when it is inside the folder); a zip of the same name that
    /// holds another package is never replaced (exit code 1)
    #[arg(long, short, default_value = "dist")]
    pub out: PathBuf,
    /// Print nothing but problems
    #[arg(long, short)]
    pub quiet: bool,
}

pub fn run(args: &WrapArgs) -> u8 {
    let opts = WrapOptions {
        dir: args.dir.clone(),
        launch: args.launch.trim_start_matches("./").replace('\\', "/"),
        title: args.title.clone(),
        id: args.id.clone(),
        target: args.target,
        completion: args.completion,
        lang: args.lang.clone(),
        exclude: Some(args.out.clone()),
    };
    let dest = args.out.join(wrap::zip_name(&opts));
    let planned = wrap::plan(&opts).and_then(|planned| wrap::check_destination(&opts, &dest).map(|()| planned));
    let plan = match planned {
        Ok(planned) => {
            for warning in &planned.warnings {
                eprintln!("{warning}");
            }
            planned.plan
        }
        Err(WrapError::Input(message)) => {
            eprintln!("error: {message}");
            return EXIT_CONTENT;
        }
        Err(e) => return fail(&e),
    };
    if let Err(source) = std::fs::create_dir_all(&args.out) {
        return fail(&crate::build::BuildError::OutDir {
            path: args.out.clone(),
            source,
        });
    }
    let bar = progress::Bar::new(crate::package::zip_writer::input_size(&plan), args.quiet);
    let written = crate::package::zip_writer::write_with_progress(&plan, &dest, &|n| bar.set(n));
    bar.finish();
    match written {
        Err(e) => fail(&e),
        Ok(w) => {
            if !args.quiet {
                println!(
                    "Wrapped {} ({} files, {} bytes) sha256 {}",
                    w.path.display(),
                    w.files,
                    w.bytes,
                    w.sha256
                );
            }
            EXIT_OK
        }
    }
}
