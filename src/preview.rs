//! `coursepack preview`: the course as the SCORM 1.2 package would serve it, rebuilt in memory whenever a
//! source file changes, or a page listing the course's problems while it has errors. Every page the preview
//! serves loads its live script (never packaged): the open page kept in the URL, a reload after each rebuild.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use walkdir::WalkDir;

use crate::build::{BuildError, load_checked, plan_target};
use crate::diag::{Report, SourceMap};
use crate::package::{Content, Target};

/// What the preview serves right now.
pub enum Site {
    /// Package paths (`index.html`, `assets/player.js`, `media/…`) and their contents.
    Ready(BTreeMap<String, Content>),
    /// The course has errors: the rendered diagnostics, shown instead of the course.
    Broken { report: Report, sources: SourceMap },
}

/// Where the preview serves its live script; outside any package path (those never start with `_`).
pub const LIVE_SCRIPT_PATH: &str = "__coursepack/live.js";
/// The live script: records the open page as `#page-id`, shows it again on load, reloads on `/__events`.
pub const LIVE_SCRIPT: &str = include_str!("../packaging/preview/live.js");
/// The server-sent event stream that announces each rebuild (`event: reload`, `data:` its generation).
pub const EVENTS_PATH: &str = "__events";

/// A course folder and the site last built from it.
pub struct Preview {
    dir: PathBuf,
    stamp: Stamp,
    site: Arc<Site>,
    generation: u64,
}

/// Enough to notice any change under the course folder: file count, newest mtime, total size.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Stamp {
    files: usize,
    newest: SystemTime,
    bytes: u64,
}

/// What `refresh` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refreshed {
    Unchanged,
    Rebuilt,
}

impl Preview {
    /// Builds the site a first time (generation 1); an unreadable folder is an error, a broken course is not.
    pub fn open(dir: &Path) -> Result<Self, BuildError> {
        let stamp = stamp(dir);
        Ok(Self {
            dir: dir.to_path_buf(),
            stamp,
            site: Arc::new(build_site(dir, 1)?),
            generation: 1,
        })
    }

    pub fn site(&self) -> Arc<Site> {
        Arc::clone(&self.site)
    }

    /// Counts the builds: the pages of build `n` carry `n`, so a page can tell that it is out of date.
    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// Rebuilds the site when anything under the course folder changed since the last build.
    pub fn refresh(&mut self) -> Result<Refreshed, BuildError> {
        let stamp = stamp(&self.dir);
        if self.stamp == stamp {
            return Ok(Refreshed::Unchanged);
        }
        let generation = self.generation + 1;
        self.site = Arc::new(build_site(&self.dir, generation)?);
        self.generation = generation;
        self.stamp = stamp;
        Ok(Refreshed::Rebuilt)
    }
}

fn build_site(dir: &Path, generation: u64) -> Result<Site, BuildError> {
    let (course, loaded, mut report) = load_checked(dir)?;
    let Some(course) = course.filter(|_| report.error_count() == 0) else {
        return Ok(Site::Broken {
            report,
            sources: loaded.sources,
        });
    };
    let (plan, _) = plan_target(&course, &loaded.files, Target::Scorm12, &mut report)?;
    if report.error_count() > 0 {
        return Ok(Site::Broken {
            report,
            sources: loaded.sources,
        });
    }
    let entries = plan.entries.into_iter().map(|e| {
        let content = match e.content {
            Content::Bytes(html) if e.path.ends_with(".html") => Content::Bytes(with_live_script(html, generation)),
            other => other,
        };
        (e.path, content)
    });
    Ok(Site::Ready(entries.collect()))
}

/// The page with the live script added at the end of its `<head>` (deferred, so it runs after the player).
fn with_live_script(html: Vec<u8>, generation: u64) -> Vec<u8> {
    let tag = format!("<script src=\"/{LIVE_SCRIPT_PATH}\" data-generation=\"{generation}\" defer></script>");
    let Some(at) = html.windows(7).position(|w| w.eq_ignore_ascii_case(b"</head>")) else {
        let mut html = html;
        html.extend_from_slice(tag.as_bytes());
        return html;
    };
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn stamp(dir: &Path) -> Stamp {
    let mut s = Stamp {
        files: 0,
        newest: SystemTime::UNIX_EPOCH,
        bytes: 0,
    };
    for meta in WalkDir::new(dir)
        .follow_links(true)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
    {
        s.files += 1;
        s.bytes += meta.len();
        if let Ok(m) = meta.modified() {
            s.newest = s.newest.max(m);
        }
    }
    s
}

/// The page shown while the course has errors: the same diagnostics `coursepack check` prints; it reloads by
/// itself once a save fixes them.
pub fn error_page(report: &Report, sources: &SourceMap, generation: u64) -> String {
    let text = report.render_human(sources, false);
    let page = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Course has errors — coursepack preview</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}}\
         pre{{background:#f6f6f6;padding:1rem;overflow:auto;white-space:pre-wrap}}</style></head>\
         <body><main><h1>The course has {} error(s)</h1>\
         <p>Fix them and save: this page reloads by itself.</p><pre>{}</pre></main></body></html>\n",
        report.error_count(),
        escape_html(&text)
    );
    String::from_utf8_lossy(&with_live_script(page.into_bytes(), generation)).into_owned()
}

fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_page_escapes_markup() {
        assert_eq!(escape_html("<a & b>"), "&lt;a &amp; b&gt;");
    }

    #[test]
    fn the_live_script_goes_at_the_end_of_the_head() {
        let html = with_live_script(b"<html><head><title>t</title></HEAD><body></body></html>".to_vec(), 7);
        let html = String::from_utf8_lossy(&html);
        let tag = "<script src=\"/__coursepack/live.js\" data-generation=\"7\" defer></script></HEAD>";
        assert!(html.contains(&format!("<title>t</title>{tag}")), "{html}");
    }
}
