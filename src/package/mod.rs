//! Package plans (which bytes go where in the zip) per target, and the deterministic zip writer.
//! Targets are small modules over the same rendered SCOs; only the zip writer writes to disk.

pub mod assets;
pub mod budget;
pub mod ids;
pub mod out_folder;
pub mod scorm12;
pub mod xapi;
pub mod zip_writer;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::model::Course;
use crate::render::RenderedSco;

/// Where an entry's bytes come from: built in memory, or streamed from a course file.
#[derive(Debug, Clone)]
pub enum Content {
    Bytes(Vec<u8>),
    File(PathBuf),
}

#[derive(Debug, Clone)]
pub struct PlanEntry {
    /// Path inside the zip (`/`-separated, relative).
    pub path: String,
    pub content: Content,
}

/// Everything one package holds; the zip writer sorts entries by path.
#[derive(Debug, Clone, Default)]
pub struct PackagePlan {
    pub entries: Vec<PlanEntry>,
}

impl PackagePlan {
    pub fn add_bytes(&mut self, path: impl Into<String>, bytes: impl Into<Vec<u8>>) {
        self.entries.push(PlanEntry {
            path: path.into(),
            content: Content::Bytes(bytes.into()),
        });
    }

    pub fn add_file(&mut self, path: impl Into<String>, source: PathBuf) {
        self.entries.push(PlanEntry {
            path: path.into(),
            content: Content::File(source),
        });
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.entries.iter().map(|e| e.path.as_str())
    }

    /// What every target ships: the launch files, the media they use, the shared runtime and one adapter.
    /// The launch pages (their HTML moved out of `scos`, not copied), media and assets.
    pub fn content(course: &Course, scos: &mut [RenderedSco], adapter: &str, adapter_bytes: Vec<u8>) -> Self {
        let mut plan = Self::default();
        let mut media = BTreeMap::new();
        for sco in scos {
            plan.add_bytes(sco.launch_file.clone(), std::mem::take(&mut sco.html).into_bytes());
            for (path, script) in std::mem::take(&mut sco.fragments) {
                plan.add_bytes(path, script.into_bytes());
            }
            for m in &sco.media {
                media.insert(m.clone(), course.root.join(m));
            }
        }
        for (path, source) in media {
            plan.add_file(path, source);
        }
        for (name, bytes) in assets::COMMON {
            plan.add_bytes(format!("assets/{name}"), *bytes);
        }
        plan.add_bytes(format!("assets/{adapter}"), adapter_bytes);
        for name in course.theme.assets() {
            let path = format!("assets/{name}");
            if name == crate::theme::THEME_ASSET {
                plan.add_bytes(path, crate::theme::css(&course.theme));
            } else {
                plan.add_file(path, course.root.join(crate::theme::COURSE_CSS));
            }
        }
        plan
    }
}

/// The package formats coursepack writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Target {
    Scorm12,
    /// Tin Can / xAPI 1.0.3: `tincan.xml` and statements sent to the LRS from the launch link.
    Xapi,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Self::Scorm12 => "scorm12",
            Self::Xapi => "xapi",
        }
    }

    pub fn adapter_script(self) -> &'static str {
        match self {
            Self::Scorm12 => assets::ADAPTER_SCORM12,
            Self::Xapi => assets::ADAPTER_XAPI,
        }
    }
}
