//! `coursepack preview`: the course as the SCORM 1.2 package would serve it, rebuilt in memory whenever a
//! source file changes, or a page listing the course's problems while it has errors.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
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

/// A course folder and the site last built from it.
pub struct Preview {
    dir: PathBuf,
    stamp: Option<Stamp>,
    site: Option<Site>,
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
    pub fn new(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
            stamp: None,
            site: None,
        }
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Rebuilds the site when anything under the course folder changed since the last build.
    pub fn refresh(&mut self) -> Result<Refreshed, BuildError> {
        let stamp = stamp(&self.dir);
        if self.site.is_some() && self.stamp.as_ref() == Some(&stamp) {
            return Ok(Refreshed::Unchanged);
        }
        self.site = Some(build_site(&self.dir)?);
        self.stamp = Some(stamp);
        Ok(Refreshed::Rebuilt)
    }
}

fn build_site(dir: &Path) -> Result<Site, BuildError> {
    let (course, loaded, mut report) = load_checked(dir)?;
    let Some(course) = course.filter(|_| report.error_count() == 0) else {
        return Ok(Site::Broken {
            report,
            sources: loaded.sources,
        });
    };
    let plan = plan_target(&course, &loaded.files, Target::Scorm12, &mut report)?;
    if report.error_count() > 0 {
        return Ok(Site::Broken {
            report,
            sources: loaded.sources,
        });
    }
    Ok(Site::Ready(
        plan.entries.into_iter().map(|e| (e.path, e.content)).collect(),
    ))
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

/// The page shown while the course has errors: the same diagnostics `coursepack check` prints.
pub fn error_page(report: &Report, sources: &SourceMap) -> String {
    let text = report.render_human(sources, false);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Course has errors — coursepack preview</title>\
         <style>body{{font-family:system-ui,sans-serif;margin:2rem;color:#1a1a1a}}\
         pre{{background:#f6f6f6;padding:1rem;overflow:auto;white-space:pre-wrap}}</style></head>\
         <body><main><h1>The course has {} error(s)</h1>\
         <p>Fix them and reload this page; the preview rebuilds by itself.</p><pre>{}</pre></main></body></html>\n",
        report.error_count(),
        escape_html(&text)
    )
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
}
