//! `coursepack wrap`: package an existing web folder (HTML already made elsewhere) as SCORM 1.2,
//! with a manifest that lists every file and identifiers that stay the same from build to build.
//! Files are streamed by the same zip writer as `build`; nothing is copied or rewritten on disk.

use std::io;
use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::package::zip_writer::{self, Written, ZipError};
use crate::package::{PackagePlan, Target, ids};

/// The script `--completion` adds: finds the SCORM 1.2 API, reports `completed` on load.
pub const COMPLETION_SCRIPT: &str = "coursepack-completion.js";
const COMPLETION_JS: &str = r#"// Added by `coursepack wrap --completion`: tells a SCORM 1.2 LMS the page was viewed.
(function () {
  function find(w) {
    for (var i = 0; w && i < 10; i++) {
      if (w.API) return w.API;
      if (w.parent === w) break;
      w = w.parent;
    }
    return null;
  }
  var api = find(window) || (window.opener && find(window.opener));
  if (!api) return;
  var finished = false;
  api.LMSInitialize("");
  api.LMSSetValue("cmi.core.lesson_status", "completed");
  api.LMSCommit("");
  function finish() {
    if (finished) return;
    finished = true;
    api.LMSFinish("");
  }
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
})();
"#;

/// What to wrap and how.
#[derive(Debug, Clone)]
pub struct WrapOptions {
    /// The folder to package; every file in it (dot-files excepted) goes in.
    pub dir: PathBuf,
    /// The page the LMS opens, relative to `dir` (`/`-separated).
    pub launch: String,
    pub title: String,
    /// An IRI identifying the package; default: derived from the title and launch page.
    pub id: Option<String>,
    pub target: Target,
    /// Add a small script to the launch page that reports completion.
    pub completion: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum WrapError {
    /// A problem with the input folder (exit code 1).
    #[error("{0}")]
    Input(String),
    #[error("cannot read {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Zip(#[from] ZipError),
    #[error("cannot write the manifest: {0}")]
    Manifest(io::Error),
}

/// The package id used for the manifest identifiers.
pub fn package_id(opts: &WrapOptions) -> String {
    opts.id.clone().unwrap_or_else(|| {
        format!(
            "urn:coursepack:wrap:{}:{}",
            utf8_percent_encode(&opts.title, HREF),
            utf8_percent_encode(&opts.launch, HREF)
        )
    })
}

/// File name of the zip: slug of the id (or title), and the target.
pub fn zip_name(opts: &WrapOptions) -> String {
    let base = match &opts.id {
        Some(id) => ids::slug(id),
        None => ids::slug(&opts.title.replace(['/', ':'], "-")),
    };
    format!("{base}-{}.zip", opts.target.name())
}

/// Characters escaped in manifest hrefs (RFC 3986: keep unreserved characters and `/`).
const HREF: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b'\\')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}')
    .add(b':');

/// Every file under `dir` (sorted, `/`-separated relative paths), skipping dot-files and dot-folders.
pub fn list_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, WrapError> {
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| WrapError::Read {
            path: e.path().map_or_else(|| dir.to_path_buf(), Path::to_path_buf),
            source: e.into_io_error().unwrap_or_else(|| io::Error::other("filesystem loop")),
        })?;
        if entry.file_type().is_dir() {
            continue;
        }
        let rel = entry.path().strip_prefix(dir).unwrap_or(entry.path());
        let mut parts = Vec::new();
        for c in rel.components() {
            let part = c
                .as_os_str()
                .to_str()
                .ok_or_else(|| WrapError::Input(format!("`{}` is not a UTF-8 file name", rel.display())))?;
            parts.push(part);
        }
        files.push((parts.join("/"), entry.path().to_path_buf()));
    }
    files.sort();
    Ok(files)
}

/// The package plan: every file of the folder, the manifest and, if asked, the completion script.
pub fn plan(opts: &WrapOptions) -> Result<PackagePlan, WrapError> {
    if !opts.dir.is_dir() {
        return Err(WrapError::Input(format!("{} is not a folder", opts.dir.display())));
    }
    let files = list_files(&opts.dir)?;
    if !files.iter().any(|(p, _)| *p == opts.launch) {
        return Err(WrapError::Input(format!(
            "the launch page `{}` is not in {}",
            opts.launch,
            opts.dir.display()
        )));
    }
    if files.iter().any(|(p, _)| p == "imsmanifest.xml") {
        return Err(WrapError::Input(format!(
            "{} already has an imsmanifest.xml: it is a package already",
            opts.dir.display()
        )));
    }
    #[allow(unreachable_patterns)] // other targets are coming; wrap supports SCORM 1.2 for now
    match opts.target {
        Target::Scorm12 => {}
        other => {
            return Err(WrapError::Input(format!(
                "wrap does not support --target {} yet (only scorm12)",
                other.name()
            )));
        }
    }
    let mut plan = PackagePlan::default();
    let mut hrefs: Vec<String> = Vec::with_capacity(files.len() + 1);
    for (rel, path) in files {
        if opts.completion && rel == opts.launch {
            let html = std::fs::read_to_string(&path).map_err(|source| WrapError::Read {
                path: path.clone(),
                source,
            })?;
            plan.add_bytes(rel.clone(), inject(&html, &opts.launch));
        } else {
            plan.add_file(rel.clone(), path);
        }
        hrefs.push(rel);
    }
    if opts.completion {
        if hrefs.iter().any(|h| h == COMPLETION_SCRIPT) {
            return Err(WrapError::Input(format!(
                "the folder already has a file named {COMPLETION_SCRIPT}"
            )));
        }
        plan.add_bytes(COMPLETION_SCRIPT, COMPLETION_JS);
        hrefs.push(COMPLETION_SCRIPT.to_owned());
        hrefs.sort();
    }
    let manifest = manifest(opts, &hrefs).map_err(WrapError::Manifest)?;
    plan.add_bytes("imsmanifest.xml", manifest);
    Ok(plan)
}

/// Adds `<script src=…>` (relative to the launch page) before `</head>`, or at the start.
fn inject(html: &str, launch: &str) -> String {
    let depth = launch.matches('/').count();
    let tag = format!("<script src=\"{}{COMPLETION_SCRIPT}\"></script>", "../".repeat(depth));
    match html.to_ascii_lowercase().find("</head>") {
        Some(i) => format!("{}{tag}\n{}", &html[..i], &html[i..]),
        None => format!("{tag}\n{html}"),
    }
}

/// Writes the package to `dest`.
pub fn wrap(opts: &WrapOptions, dest: &Path, progress: zip_writer::Progress<'_>) -> Result<Written, WrapError> {
    let plan = plan(opts)?;
    Ok(zip_writer::write_with_progress(&plan, dest, progress)?)
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))
        .map(|_| ())
}

/// `imsmanifest.xml` (SCORM 1.2): one organization, one item, one SCO resource listing every file.
pub fn manifest(opts: &WrapOptions, hrefs: &[String]) -> io::Result<Vec<u8>> {
    let hash = ids::course_hash(&package_id(opts));
    let org_id = format!("ORG-{hash}");
    let res_id = format!("RES-{hash}");
    let launch = utf8_percent_encode(&opts.launch, HREF).to_string();
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.create_element("manifest")
        .with_attributes([
            ("identifier", format!("MANIFEST-{hash}").as_str()),
            ("version", "1.0"),
            ("xmlns", "http://www.imsproject.org/xsd/imscp_rootv1p1p2"),
            ("xmlns:adlcp", "http://www.adlnet.org/xsd/adlcp_rootv1p2"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            (
                "xsi:schemaLocation",
                "http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd",
            ),
        ])
        .write_inner_content(|w| {
            w.create_element("metadata").write_inner_content(|w| {
                text(w, "schema", "ADL SCORM")?;
                text(w, "schemaversion", "1.2")
            })?;
            w.create_element("organizations")
                .with_attribute(("default", org_id.as_str()))
                .write_inner_content(|w| {
                    w.create_element("organization")
                        .with_attribute(("identifier", org_id.as_str()))
                        .write_inner_content(|w| {
                            text(w, "title", &opts.title)?;
                            w.create_element("item")
                                .with_attributes([
                                    ("identifier", format!("ITEM-{hash}").as_str()),
                                    ("identifierref", res_id.as_str()),
                                    ("isvisible", "true"),
                                ])
                                .write_inner_content(|w| text(w, "title", &opts.title))?;
                            Ok(())
                        })?;
                    Ok(())
                })?;
            w.create_element("resources").write_inner_content(|w| {
                w.create_element("resource")
                    .with_attributes([
                        ("identifier", res_id.as_str()),
                        ("type", "webcontent"),
                        ("adlcp:scormtype", "sco"),
                        ("href", launch.as_str()),
                    ])
                    .write_inner_content(|w| {
                        for href in hrefs {
                            w.create_element("file")
                                .with_attribute(("href", utf8_percent_encode(href, HREF).to_string().as_str()))
                                .write_empty()?;
                        }
                        Ok(())
                    })?;
                Ok(())
            })?;
            Ok(())
        })?;
    let mut out = w.into_inner();
    out.push(b'\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completion_script_goes_before_head_end_with_a_relative_path() {
        assert_eq!(
            inject("<html><HEAD><title>x</title></HEAD></html>", "a/b/index.html"),
            "<html><HEAD><title>x</title><script src=\"../../coursepack-completion.js\"></script>\n</HEAD></html>"
        );
        assert!(inject("<p>bare</p>", "index.html").starts_with("<script src=\"coursepack-completion.js\">"));
    }

    #[test]
    fn hrefs_are_percent_encoded() {
        assert_eq!(
            utf8_percent_encode("a b/ü#1.html", HREF).to_string(),
            "a%20b/%C3%BC%231.html"
        );
    }
}
