//! `coursepack validate`: checks anyone's SCORM 1.2 / 2004, Tin Can or cmi5 package, safely.
//! Its own entry point: it reads packages only, and knows nothing of course sources or rendering.

pub mod archive;
pub mod cmi5;
pub mod cp;
pub mod detect;
pub mod eocd;
pub mod files;
pub mod findings;
pub mod iri;
pub mod names;
pub mod report;
pub mod rules;
pub mod scorm12;
pub mod scorm2004;
pub mod tincan;
pub mod xml;

use std::path::Path;

use crate::diag::SourceMap;

use archive::{Container, Package, ReadError};
use findings::{Findings, Refine};

/// Why a path could not be validated at all (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("cannot read {path}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("cannot read {path}: it is not a seekable file (a pipe or a device); save it to a file first")]
    NotSeekable { path: String },
    #[error("cannot list {path}")]
    Walk {
        path: String,
        #[source]
        source: walkdir::Error,
    },
}

impl ValidateError {
    fn io(path: &Path, source: std::io::Error) -> Self {
        Self::Io {
            path: path.display().to_string(),
            source,
        }
    }

    fn walk(path: &Path, source: walkdir::Error) -> Self {
        Self::Walk {
            path: path.display().to_string(),
            source,
        }
    }
}

/// How to validate.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Every spec or schema violation is an error.
    pub strict: bool,
    /// LMS upload limit: profile name and bytes.
    pub size_limit: Option<(&'static str, u64)>,
}

/// The result for one path.
#[derive(Debug)]
pub struct Outcome {
    pub path: String,
    pub container: Option<Container>,
    /// What was recognised, e.g. "SCORM 1.2" (empty when nothing was).
    pub standards: Vec<String>,
    pub findings: Findings,
    pub sources: SourceMap,
}

impl Outcome {
    /// Whether the package's files were checked (false for a bare manifest).
    pub fn files_checked(&self) -> bool {
        matches!(self.container, Some(Container::Zip | Container::Folder))
    }
}

/// Validates one `.zip`, unpacked folder or bare manifest file.
pub fn validate(path: &Path, options: &Options) -> Result<Outcome, ValidateError> {
    let mut outcome = Outcome::new(&path.display().to_string(), options);
    let pkg = Package::open(path, &mut outcome.findings)?;
    Ok(finish(outcome, pkg, options))
}

/// Validates a zip held in memory (`label` names it in the output).
pub fn validate_zip_bytes(label: &str, bytes: Vec<u8>, options: &Options) -> Outcome {
    let mut outcome = Outcome::new(label, options);
    let pkg = Package::from_zip_bytes(bytes, &mut outcome.findings);
    finish(outcome, pkg, options)
}

/// Validates a bare manifest held in memory (`name` such as `imsmanifest.xml`).
pub fn validate_manifest_bytes(name: &str, bytes: Vec<u8>, options: &Options) -> Outcome {
    let outcome = Outcome::new(name, options);
    let pkg = Package::from_manifest_bytes(name, bytes);
    finish(outcome, Some(pkg), options)
}

impl Outcome {
    fn new(path: &str, options: &Options) -> Self {
        Self {
            path: path.to_owned(),
            container: None,
            standards: Vec::new(),
            findings: Findings::new(options.strict),
            sources: SourceMap::default(),
        }
    }
}

fn finish(mut outcome: Outcome, pkg: Option<Package>, options: &Options) -> Outcome {
    check_package(&mut outcome, pkg, options);
    outcome.findings.close();
    outcome
}

fn check_package(outcome: &mut Outcome, pkg: Option<Package>, options: &Options) {
    let Some(mut pkg) = pkg else { return };
    outcome.container = Some(pkg.container);
    if pkg.has_files() {
        names::check_entries(&pkg.entries, &mut outcome.findings);
        names::check_size(&pkg.entries, options.size_limit, &mut outcome.findings);
    }
    for name in detect::manifests(&pkg, &mut outcome.findings) {
        check_manifest(&mut pkg, &name, outcome);
    }
}

fn check_manifest(pkg: &mut Package, name: &str, outcome: &mut Outcome) {
    let f = &mut outcome.findings;
    let bytes = match pkg.read(name, xml::MAX_XML_BYTES) {
        Ok(bytes) => bytes,
        Err(ReadError::TooLarge) => {
            f.add(
                "XML-03",
                format!("{name} is larger than {} bytes; it was not read", xml::MAX_XML_BYTES),
            );
            return;
        }
        Err(ReadError::Unreadable(e)) => {
            f.add("ZIP-08", format!("{name} could not be read: {e}"));
            return;
        }
    };
    let Some(text) = xml::decode(bytes, name, f) else {
        return;
    };
    // One copy of the text, shared by the report and the parsed document.
    let text: std::sync::Arc<str> = text.into();
    outcome.sources.insert(name, std::sync::Arc::clone(&text));
    let Some(doc) = xml::parse(&text, name, f) else { return };
    let root = doc.root_element();
    let standard = match (root.tag_name().name(), root.tag_name().namespace()) {
        ("manifest", Some(scorm12::CP_NS)) => {
            scorm12::check(&doc, name, pkg, f);
            "SCORM 1.2".to_owned()
        }
        ("manifest", Some(scorm2004::CP_NS)) => {
            let edition = scorm2004::check(&doc, name, pkg, f);
            format!("SCORM 2004 {}", edition_name(edition))
        }
        ("tincan", _) => {
            tincan::check(&doc, name, pkg, f);
            "Tin Can (tincan.xml)".to_owned()
        }
        ("courseStructure", _) => {
            cmi5::check(&doc, name, pkg, f);
            "cmi5".to_owned()
        }
        ("manifest", ns) => {
            f.add(
                "S12-CP-01",
                format!(
                    "manifest namespace `{}` is neither SCORM 1.2 nor SCORM 2004",
                    ns.unwrap_or("")
                ),
            )
            .place(name, xml::tag(root))
            .hint(format!(
                "SCORM 1.2 uses {}, SCORM 2004 {}",
                scorm12::CP_NS,
                scorm2004::CP_NS
            ));
            return;
        }
        (other, _) => {
            f.add(
                "ZIP-01",
                format!("{name} has root element <{other}>, which is no SCORM, Tin Can or cmi5 manifest"),
            )
            .place(name, xml::tag(root));
            return;
        }
    };
    outcome.standards.push(standard);
}

fn edition_name(edition: u8) -> &'static str {
    match edition {
        2 => "2nd Edition",
        3 => "3rd Edition",
        _ => "4th Edition",
    }
}
