//! Package plans (which bytes go where in the zip) per target, and the deterministic zip writer.
//! Targets are small modules over the same rendered SCOs; only the zip writer writes to disk.

pub mod assets;
pub mod budget;
pub mod ids;
pub mod scorm12;
pub mod zip_writer;

use std::path::PathBuf;

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
}

/// The package formats coursepack writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, clap::ValueEnum)]
pub enum Target {
    Scorm12,
}

impl Target {
    pub fn name(self) -> &'static str {
        match self {
            Self::Scorm12 => "scorm12",
        }
    }

    pub fn adapter_script(self) -> &'static str {
        match self {
            Self::Scorm12 => assets::ADAPTER_SCORM12,
        }
    }
}
