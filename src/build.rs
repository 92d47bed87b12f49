//! The build pipeline as one library call: load, check, render, plan and write every target.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::{Report, SourceMap};
use crate::model::{Course, ScoLayout};
use crate::package::out_folder::{self, Sums};
use crate::package::zip_writer::{self, Written, ZipError};
use crate::package::{PackagePlan, Target, ids, scorm12, xapi};
use crate::source::{self, LoadError};
use crate::{check, render};

/// Failures of the tool itself (exit code 2), as opposed to problems in the course (exit code 1).
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error(transparent)]
    Load(#[from] LoadError),
    #[error(transparent)]
    Render(#[from] render::RenderError),
    #[error(transparent)]
    Zip(#[from] ZipError),
    #[error("cannot create output folder {path}: {source}")]
    OutDir { path: PathBuf, source: io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// What a build produced: diagnostics (always) and packages (only when there were no errors).
pub struct BuildOutcome {
    pub report: Report,
    pub sources: SourceMap,
    pub summary: Option<CourseSummary>,
    pub packages: Vec<(Target, Written)>,
    /// The worst-case `cmi.suspend_data` per SCO of the SCORM 1.2 target (empty without it).
    pub state: Vec<scorm12::StateBudget>,
}

/// Counts shown after a build.
pub struct CourseSummary {
    pub slug: String,
    pub version: String,
    pub sections: usize,
    pub pages: usize,
    pub questions: usize,
}

/// Loads and checks a course folder without writing anything. The course is moved out of
/// `Loaded` (its `course` is `None`), not cloned: one copy of a large course is enough.
pub fn load_checked(dir: &Path) -> Result<(Option<Course>, source::Loaded, Report), BuildError> {
    let mut report = Report::default();
    let mut loaded = source::load(dir, &mut report)?;
    if let Some(course) = &loaded.course {
        check::check(course, &loaded.files, &loaded.incomplete, &loaded.broken, &mut report);
    }
    report.sort();
    let course = loaded.course.take();
    Ok((course, loaded, report))
}

pub fn build(dir: &Path, targets: &[Target], out: &Path) -> Result<BuildOutcome, BuildError> {
    build_with_progress(dir, targets, out, &|_, _| {})
}

/// [`build`], telling `progress(done, total)` how many bytes of package contents are written.
pub fn build_with_progress(
    dir: &Path,
    targets: &[Target],
    out: &Path,
    progress: &(dyn Fn(u64, u64) + Sync),
) -> Result<BuildOutcome, BuildError> {
    let (course, mut loaded, mut report) = load_checked(dir)?;
    // Moved, not cloned: peak memory holds one copy of the sources (issue 5: < 100 MB).
    let mut outcome = BuildOutcome {
        report: Report::default(),
        sources: std::mem::take(&mut loaded.sources),
        summary: None,
        packages: Vec::new(),
        state: Vec::new(),
    };
    let Some(course) = course.filter(|_| report.error_count() == 0) else {
        outcome.report = report;
        return Ok(outcome);
    };
    let mut planned = Vec::new();
    for target in targets {
        let (plan, state) = plan_target(&course, &loaded.files, *target, &mut report)?;
        outcome.state.extend(state);
        planned.push((*target, plan));
    }
    outcome.summary = Some(summary(&course));
    if report.error_count() > 0 {
        outcome.report = report;
        return Ok(outcome);
    }
    fs::create_dir_all(out).map_err(|source| BuildError::OutDir {
        path: out.to_path_buf(),
        source,
    })?;
    let slug = ids::slug(&course.id);
    let total: u64 = planned.iter().map(|(_, plan)| zip_writer::input_size(plan)).sum();
    let mut dests: Vec<PathBuf> = Vec::with_capacity(planned.len());
    for (target, _) in &planned {
        let name = format!("{slug}-{}-{}.zip", course.version, target.name());
        // The course checks keep slug and version plain; this is the last line of defence.
        if !out_folder::is_plain_name(&name) {
            return Err(BuildError::Write {
                path: out.join(&name),
                source: io::Error::other("the package file name is not one plain name"),
            });
        }
        dests.push(out.join(name));
    }
    // The diagnostics are final: keep only the sources they quote, and let the course go, so
    // the Markdown is not held while the zips are written.
    let quoted: BTreeSet<String> = report
        .diagnostics
        .iter()
        .filter_map(|d| d.span.as_ref().map(|s| s.file.clone()))
        .collect();
    outcome.sources.retain(|f| quoted.contains(f));
    drop(course);
    let jobs: Vec<(&PackagePlan, &Path)> = planned
        .iter()
        .zip(&dests)
        .map(|((_, plan), d)| (plan, d.as_path()))
        .collect();
    // All targets in one pass: each media file is read once for all of them.
    let written = zip_writer::write_all(&jobs, Sums::Update, &|n| progress(n, total))?;
    outcome.packages = planned.iter().map(|(t, _)| *t).zip(written).collect();
    outcome.report = report;
    Ok(outcome)
}

/// Renders a checked course for one target and plans its package; budget problems go to `report`,
/// the SCORM 1.2 worst-case state per SCO is returned with the plan.
pub fn plan_target(
    course: &Course,
    files: &BTreeSet<String>,
    target: Target,
    report: &mut Report,
) -> Result<(PackagePlan, Vec<scorm12::StateBudget>), BuildError> {
    // tincan.xml has exactly one launchable activity, so the xAPI package is always one launch file
    let layout = match target {
        Target::Xapi => ScoLayout::Single,
        Target::Scorm12 => course.sco_layout,
    };
    let scos = render::render(course, layout, files, target.adapter_script())?;
    let (plan, manifest, state) = match target {
        Target::Scorm12 => {
            report.extend(scorm12::check_budget(&scos));
            let state = scorm12::state_budgets(&scos);
            (scorm12::plan(course, scos), "imsmanifest.xml", state)
        }
        Target::Xapi => (xapi::plan(course, scos), "tincan.xml", Vec::new()),
    };
    let plan = plan.map_err(|source| BuildError::Write {
        path: PathBuf::from(manifest),
        source,
    })?;
    Ok((plan, state))
}

fn summary(course: &Course) -> CourseSummary {
    CourseSummary {
        slug: ids::slug(&course.id),
        version: course.version.clone(),
        sections: course.sections.len(),
        pages: course.pages().count(),
        questions: course
            .pages()
            .filter_map(|(_, p)| p.quiz())
            .map(|q| q.questions.len())
            .sum(),
    }
}
