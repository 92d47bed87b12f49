//! Which manifests a package has at its root, and a plain explanation when it has none
//! (manifest in a sub-folder, AICC course, no manifest at all).

use super::archive::{Container, Package};
use super::findings::{Findings, Refine};

/// Root manifest names, one per standard.
pub const MANIFESTS: [&str; 3] = ["imsmanifest.xml", "tincan.xml", "cmi5.xml"];
const AICC_EXTENSIONS: [&str; 7] = ["au", "crs", "cst", "des", "ort", "pre", "cmp"];

/// The manifests to read; reports ZIP-01 when there is none at the root.
pub fn manifests(pkg: &Package, f: &mut Findings) -> Vec<String> {
    if pkg.container == Container::Manifest {
        return pkg.entries.iter().map(|e| e.name.clone()).collect();
    }
    let at_root: Vec<String> = pkg
        .entries
        .iter()
        .filter(|e| MANIFESTS.contains(&e.name.as_str()))
        .map(|e| e.name.clone())
        .collect();
    if !at_root.is_empty() {
        return at_root;
    }
    let wrong_case: Vec<String> = pkg
        .entries
        .iter()
        .filter(|e| MANIFESTS.iter().any(|m| m.eq_ignore_ascii_case(&e.name)))
        .map(|e| e.name.clone())
        .collect();
    for name in &wrong_case {
        f.add(
            "ZIP-01",
            format!("the manifest is named `{name}`; LMSs look for it in lower case"),
        )
        .hint(format!("rename it to `{}`", name.to_ascii_lowercase()));
    }
    if !wrong_case.is_empty() {
        return wrong_case;
    }
    explain_missing(pkg, f);
    Vec::new()
}

fn explain_missing(pkg: &Package, f: &mut Findings) {
    let nested = pkg
        .entries
        .iter()
        .filter_map(|e| {
            let (dir, file) = e.name.rsplit_once('/')?;
            MANIFESTS
                .contains(&file.to_ascii_lowercase().as_str())
                .then_some((dir, file))
        })
        .min_by_key(|(dir, _)| dir.matches('/').count());
    if let Some((dir, file)) = nested {
        f.add(
            "ZIP-01",
            format!("{file} is in folder `{dir}/`, not at the package root"),
        )
        .hint("zip the folder's contents, not the folder");
        return;
    }
    let aicc: Vec<&str> = pkg
        .entries
        .iter()
        .filter(|e| {
            let ext = e
                .name
                .rsplit_once('.')
                .map(|(_, x)| x.to_ascii_lowercase())
                .unwrap_or_default();
            AICC_EXTENSIONS.contains(&ext.as_str())
        })
        .map(|e| e.name.as_str())
        .take(5)
        .collect();
    if !aicc.is_empty() {
        f.add(
            "ZIP-01",
            format!("looks like an AICC course ({}); AICC is not supported", aicc.join(", ")),
        )
        .hint("export the course as SCORM 1.2, SCORM 2004, Tin Can or cmi5");
        return;
    }
    f.add(
        "ZIP-01",
        "no imsmanifest.xml, tincan.xml or cmi5.xml: this is not a SCORM, Tin Can or cmi5 package",
    )
    .hint("export the course as a package from the authoring tool, or build one with `coursepack build`");
}
