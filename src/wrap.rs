//! `coursepack wrap`: package an existing web folder (HTML already made elsewhere) as SCORM 1.2 (a manifest that
//! lists every file) or xAPI (a `tincan.xml` with one course activity), with identifiers that stay the same from
//! build to build. Files are streamed by the same zip writer as `build`; nothing is copied or rewritten on disk.

use std::io;
use std::path::{Path, PathBuf};

use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};
use serde::Serialize;

use crate::package::scorm12::{self, text};
use crate::package::xapi::{self, Activity, Definition};
use crate::package::zip_writer::{self, Written, ZipError};
use crate::package::{PackagePlan, Target, ids};
use crate::printable::escape;
use crate::validate::findings::Findings;
use crate::validate::{detect, iri, names};

mod existing;
mod inject;

pub use existing::check_destination;

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

/// The script `--completion --target xapi` adds: sends `initialized`, `completed` and `terminated` to the LRS
/// named in the Tin Can launch link.
pub const COMPLETION_SCRIPT_XAPI: &str = "coursepack-completion-xapi.js";
const COMPLETION_XAPI_JS: &str = include_str!("../packaging/wrap/completion-xapi.js");
/// Where the xAPI script receives the course activity (a JSON object).
const ACTIVITY_SLOT: &str = "/*COURSEPACK_ACTIVITY*/null";

/// The language of `tincan.xml` and statements when none is given: "undetermined" (BCP 47).
pub const DEFAULT_LANG: &str = "und";
/// Longest title, in characters: the SCORM 1.2 schema's `<title>` maxLength (held for both targets, so a
/// folder wraps for either).
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest zip name slug, in characters (the target and `.zip` come after it).
pub const MAX_SLUG_CHARS: usize = 80;

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
    /// BCP 47 language tag of the title in `tincan.xml` and in statements (xAPI only).
    pub lang: String,
    /// A folder left out of the package: the output folder, when it lies inside `dir` (so that a
    /// second run does not pack the first run's zip).
    pub exclude: Option<PathBuf>,
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

/// File name of the zip: a slug of the id's last segment (or of the title), and the target. Letters of any
/// script are transliterated (`Курс первый` → `kurs-pervyi`), so different titles give different names, and
/// the slug is at most [`MAX_SLUG_CHARS`] long.
pub fn zip_name(opts: &WrapOptions) -> String {
    let source = match &opts.id {
        Some(id) => id.trim_end_matches('/').rsplit(['/', ':']).next().unwrap_or(id),
        None => opts.title.as_str(),
    };
    format!("{}-{}.zip", file_slug(source), opts.target.name())
}

/// `text` transliterated to ASCII, lower-cased, runs of other characters as one `-`, bounded in length.
fn file_slug(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_ascii_lowercase();
    let mut slug = String::new();
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '_' || (c == '.' && !slug.is_empty()) {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
        if slug.len() >= MAX_SLUG_CHARS {
            break;
        }
    }
    let slug = slug.trim_end_matches(['-', '.']);
    if slug.is_empty() {
        "package".to_owned()
    } else {
        slug.to_owned()
    }
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

/// The files of a folder to wrap, and what was left out and why (for warnings).
#[derive(Debug, Default)]
pub struct Listing {
    /// Sorted `/`-separated relative paths and where they are.
    pub files: Vec<(String, PathBuf)>,
    /// Paths that are no regular files (pipes, sockets, devices, links to them): never packaged.
    pub special: Vec<String>,
}

/// Every regular file under `dir` (sorted, `/`-separated relative paths; symbolic links followed), skipping
/// dot-files, dot-folders and the folder `exclude` (compared by canonical path); pipes, sockets and devices
/// (reading one would hang or never end) are listed apart.
pub fn list_files(dir: &Path, exclude: Option<&Path>) -> Result<Listing, WrapError> {
    let mut listing = Listing::default();
    let excluded = exclude.and_then(|x| std::fs::canonicalize(x).ok());
    let is_excluded = |e: &walkdir::DirEntry| {
        e.file_type().is_dir()
            && excluded
                .as_deref()
                .is_some_and(|x| std::fs::canonicalize(e.path()).is_ok_and(|p| p == x))
    };
    let walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !(e.file_name().to_string_lossy().starts_with('.') || is_excluded(e)));
    for entry in walker {
        let entry = entry.map_err(|e| {
            let (path, source) = crate::source::walk_failure(e, dir);
            WrapError::Read { path, source }
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
        if entry.file_type().is_file() {
            listing.files.push((parts.join("/"), entry.path().to_path_buf()));
        } else {
            listing.special.push(parts.join("/"));
        }
    }
    listing.files.sort();
    Ok(listing)
}

/// Writes a target's manifest from the options and the sorted package paths.
type ManifestWriter = fn(&WrapOptions, &[String]) -> io::Result<Vec<u8>>;

/// What a target adds to the folder: its manifest (name and writer) and its completion script.
fn target_files(target: Target) -> Result<(&'static str, ManifestWriter, &'static str), WrapError> {
    #[allow(unreachable_patterns)] // a new target needs its own manifest here before wrap supports it
    match target {
        Target::Scorm12 => Ok(("imsmanifest.xml", manifest, COMPLETION_SCRIPT)),
        Target::Xapi => Ok(("tincan.xml", |opts, _| tincan_xml(opts), COMPLETION_SCRIPT_XAPI)),
        other => Err(WrapError::Input(format!(
            "wrap does not support --target {} (only scorm12 and xapi)",
            other.name()
        ))),
    }
}

/// The standard whose root manifest `name` is, for messages.
fn standard_of(manifest: &str) -> &'static str {
    match manifest {
        "imsmanifest.xml" => "a SCORM package",
        "tincan.xml" => "a Tin Can (xAPI) package",
        _ => "a cmi5 package",
    }
}

/// The folder's files, once the folder, the launch page, the id and the language are known to be usable.
fn checked_files(opts: &WrapOptions) -> Result<Listing, WrapError> {
    if opts.title.trim().is_empty() {
        return Err(WrapError::Input(
            "--title is empty: the LMS shows it to learners".to_owned(),
        ));
    }
    let title_chars = opts.title.chars().count();
    if title_chars > MAX_TITLE_CHARS {
        return Err(WrapError::Input(format!(
            "--title has {title_chars} characters; at most {MAX_TITLE_CHARS} fit (the SCORM 1.2 schema's <title> \
             limit, which schema-validating LMSs enforce): shorten it"
        )));
    }
    if !is_language_tag(&opts.lang) {
        return Err(WrapError::Input(format!(
            "--lang `{}` is not a BCP 47 language tag (such as en, nl-BE, or und for undetermined)",
            opts.lang
        )));
    }
    if opts.target == Target::Xapi
        && let Some(id) = &opts.id
        && !is_activity_iri(id)
    {
        return Err(WrapError::Input(format!(
            "--id `{id}` is not an absolute IRI, which xAPI requires of an activity id \
             (use one such as https://example.org/courses/my-course)"
        )));
    }
    if !opts.dir.is_dir() {
        return Err(WrapError::Input(format!("{} is not a folder", opts.dir.display())));
    }
    let listing = list_files(&opts.dir, opts.exclude.as_deref())?;
    let files = &listing.files;
    if !files.iter().any(|(p, _)| *p == opts.launch) {
        return Err(WrapError::Input(format!(
            "the launch page `{}` is not in {}",
            opts.launch,
            opts.dir.display()
        )));
    }
    if let Some((name, _)) = files.iter().find(|(p, _)| detect::MANIFESTS.contains(&p.as_str())) {
        return Err(WrapError::Input(format!(
            "{} already has {name} at its root: it is {} already; upload it as it is, or remove {name} to wrap \
             the folder",
            opts.dir.display(),
            standard_of(name)
        )));
    }
    Ok(listing)
}

/// A package plan and the warnings about it (one line each, safe to print).
#[derive(Debug)]
pub struct Planned {
    pub plan: PackagePlan,
    pub warnings: Vec<String>,
}

/// The package plan: every file of the folder, the manifest (`imsmanifest.xml` or `tincan.xml`) and, if asked,
/// the completion script. The planned names pass the name rules of `validate` first: what it calls an error is
/// refused (nothing is written), what it warns about is a warning.
pub fn plan(opts: &WrapOptions) -> Result<Planned, WrapError> {
    let (manifest_name, write_manifest, script) = target_files(opts.target)?;
    let Listing { files, special } = checked_files(opts)?;
    let mut warnings: Vec<String> = special
        .iter()
        .map(|p| {
            format!(
                "warning: `{}` is not a regular file (a pipe, socket or device); it was left out",
                escape(p)
            )
        })
        .collect();
    let script = opts.completion.then_some(script);
    if let Some(script) = script
        && files.iter().any(|(p, _)| p == script)
    {
        return Err(WrapError::Input(format!(
            "the folder already has a file named {script}"
        )));
    }
    let mut plan = PackagePlan::default();
    let mut hrefs: Vec<String> = Vec::with_capacity(files.len() + 1);
    for (rel, path) in files {
        match script {
            Some(script) if rel == opts.launch => {
                let html = std::fs::read(&path).map_err(|source| WrapError::Read {
                    path: path.clone(),
                    source,
                })?;
                let page = inject(&html, &opts.launch, script).map_err(|why| {
                    WrapError::Input(format!("cannot add the completion script to `{}`: {why}", escape(&rel)))
                })?;
                plan.add_bytes(rel.clone(), page);
            }
            _ => plan.add_file(rel.clone(), path),
        }
        hrefs.push(rel);
    }
    if let Some(script) = script {
        plan.add_bytes(script, completion_script(opts).map_err(WrapError::Manifest)?);
        hrefs.push(script.to_owned());
        hrefs.sort();
    }
    warnings.extend(check_names(&hrefs, manifest_name)?);
    let manifest = write_manifest(opts, &hrefs).map_err(WrapError::Manifest)?;
    plan.add_bytes(manifest_name, manifest);
    Ok(Planned { plan, warnings })
}

/// `validate`'s name rules (ZIP-02/03/04) on the planned entries: errors refuse the package, warnings are
/// returned as lines.
fn check_names(hrefs: &[String], manifest: &str) -> Result<Vec<String>, WrapError> {
    let mut findings = Findings::new(false);
    names::check_names(hrefs.iter().map(String::as_str).chain([manifest]), &mut findings);
    let line = |d: &crate::diag::Diagnostic| {
        let level = match d.severity {
            crate::diag::Severity::Error => "error",
            crate::diag::Severity::Warning => "warning",
        };
        format!("{level}[{}]: {}", d.code, escape(&d.message))
    };
    if findings.error_count() > 0 {
        let lines: Vec<String> = findings.diagnostics.iter().map(line).collect();
        return Err(WrapError::Input(format!(
            "the package would break `coursepack validate`, so nothing was written:\n{}\n\
             hint: rename these files in the folder",
            lines.join("\n")
        )));
    }
    Ok(findings.diagnostics.iter().map(line).collect())
}

/// Whether `id` can be an xAPI activity id: an absolute IRI without characters an IRI never holds.
fn is_activity_iri(id: &str) -> bool {
    iri::is_absolute(id) && !id.chars().any(|c| c.is_control() || "<>\"{}|\\^`".contains(c))
}

/// Whether `tag` is a well-formed BCP 47 language tag (a 2–3 letter language, then subtags of 1–8 letters or
/// digits), as `xs:language` and xAPI language maps need.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language_ok = parts
        .next()
        .is_some_and(|l| (2..=3).contains(&l.len()) && l.chars().all(|c| c.is_ascii_alphabetic()));
    language_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// The one activity of a wrapped xAPI package: the course, named by the title.
pub fn course_activity(opts: &WrapOptions) -> Activity {
    Activity {
        id: package_id(opts),
        definition: Definition::plain(&opts.lang, &opts.title, &opts.title, xapi::TYPE_COURSE),
    }
}

/// `tincan.xml`: the course activity, launching `--launch`.
pub fn tincan_xml(opts: &WrapOptions) -> io::Result<Vec<u8>> {
    let launch = utf8_percent_encode(&opts.launch, HREF).to_string();
    xapi::tincan_document(std::iter::once(&course_activity(opts)), &opts.lang, &launch)
}

/// What the xAPI completion script knows of the course.
#[derive(Serialize)]
struct ScriptCourse<'a> {
    #[serde(flatten)]
    activity: &'a Activity,
    language: &'a str,
}

/// The completion script of the target; the xAPI one carries the course activity.
fn completion_script(opts: &WrapOptions) -> io::Result<Vec<u8>> {
    if opts.target != Target::Xapi {
        return Ok(COMPLETION_JS.as_bytes().to_vec());
    }
    let activity = course_activity(opts);
    let course = ScriptCourse {
        activity: &activity,
        language: &opts.lang,
    };
    let json = serde_json::to_string(&course).map_err(io::Error::other)?;
    Ok(COMPLETION_XAPI_JS.replacen(ACTIVITY_SLOT, &json, 1).into_bytes())
}

/// Adds `<script src=…>` (relative to the launch page) into the page's `<head>` (see [`inject::inject`]).
fn inject(html: &[u8], launch: &str, script: &str) -> Result<Vec<u8>, String> {
    let depth = launch.matches('/').count();
    let src = utf8_percent_encode(&format!("{}{script}", "../".repeat(depth)), HREF).to_string();
    inject::inject(html, &format!("<script src=\"{src}\"></script>"))
}

/// Writes the package to `dest`.
pub fn wrap(opts: &WrapOptions, dest: &Path, progress: zip_writer::Progress<'_>) -> Result<Written, WrapError> {
    let planned = plan(opts)?;
    Ok(zip_writer::write_with_progress(&planned.plan, dest, progress)?)
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
            ("xmlns", scorm12::IMSCP_NS),
            ("xmlns:adlcp", scorm12::ADLCP_NS),
            ("xmlns:xsi", scorm12::XSI_NS),
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
                            scorm12::file(w, &utf8_percent_encode(href, HREF).to_string())?;
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
            inject(
                b"<html><HEAD><title>x</title></HEAD></html>",
                "a/b/index.html",
                COMPLETION_SCRIPT
            ),
            Ok(
                b"<html><HEAD><title>x</title><script src=\"../../coursepack-completion.js\"></script>\n</HEAD></html>"
                    .to_vec()
            )
        );
        assert!(
            inject(b"<p>bare</p>", "index.html", COMPLETION_SCRIPT_XAPI)
                .is_ok_and(|page| page.starts_with(b"<script src=\"coursepack-completion-xapi.js\">"))
        );
    }

    #[test]
    fn zip_names_transliterate_and_stay_short() {
        let name = |title: &str| zip_name(&options(title, "index.html"));
        assert_eq!(name("Курс первый"), "kurs-pervyi-xapi.zip");
        assert_ne!(name("Курс первый"), name("Курс второй"));
        assert_eq!(name("Wrapped site"), "wrapped-site-xapi.zip");
        assert_eq!(name("  ...Ünïcode: «quotes» <b>  "), "unicode-quotes-b-xapi.zip");
        assert_eq!(name("???"), "package-xapi.zip");
        let long = name(&"Щ".repeat(200));
        assert!(long.len() <= MAX_SLUG_CHARS + "-xapi.zip".len(), "{long}");
    }

    fn options(title: &str, launch: &str) -> WrapOptions {
        WrapOptions {
            dir: PathBuf::from("site"),
            launch: launch.to_owned(),
            title: title.to_owned(),
            id: None,
            target: Target::Xapi,
            completion: true,
            lang: DEFAULT_LANG.to_owned(),
            exclude: None,
        }
    }

    #[test]
    fn the_derived_id_is_an_activity_iri_whatever_the_title() {
        for (title, launch) in [
            ("Wrapped site", "index.html"),
            ("Ünïcode: «quotes» <b> {x} | 100% #1?", "a b/[c].html"),
            ("\"\\^`\t", "index.html"),
        ] {
            let id = package_id(&options(title, launch));
            assert!(is_activity_iri(&id), "{id}");
        }
        assert!(is_activity_iri("https://example.org/courses/site"));
        assert!(!is_activity_iri("example.org/courses/site"));
        assert!(!is_activity_iri("https://example.org/a b"));
        assert!(!is_activity_iri("https://example.org/<b>"));
    }

    #[test]
    fn language_tags() {
        for ok in ["und", "en", "nl-BE", "zh-Hant-TW", "de-1996"] {
            assert!(is_language_tag(ok), "{ok}");
        }
        for bad in ["", "e", "english", "en_US", "en-", "nl-BE-toolongsubtag", "1n"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn the_xapi_script_carries_the_course_activity() {
        let opts = options("Site", "index.html");
        let script = String::from_utf8(completion_script(&opts).expect("script")).expect("utf-8");
        assert!(COMPLETION_XAPI_JS.contains(ACTIVITY_SLOT));
        assert!(
            script.ends_with(
                "})({\"id\":\"urn:coursepack:wrap:Site:index.html\",\"definition\":{\"name\":{\"und\":\"Site\"},\
                 \"description\":{\"und\":\"Site\"},\"type\":\"http://adlnet.gov/expapi/activities/course\"},\
                 \"language\":\"und\"});\n"
            ),
            "{script}"
        );
    }

    #[test]
    fn hrefs_are_percent_encoded() {
        assert_eq!(
            utf8_percent_encode("a b/ü#1.html", HREF).to_string(),
            "a%20b/%C3%BC%231.html"
        );
    }
}
