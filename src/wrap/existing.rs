//! A zip already at the destination is replaced only when it holds the same package (a re-wrap): two titles
//! with the same file name, or any other file there, are never overwritten silently.

use std::io::Read;
use std::path::Path;

use crate::package::{Target, ids};
use crate::printable::escape;

use super::{WrapError, WrapOptions, package_id};

/// The manifest's identity that `wrap` writes for these options: the `imsmanifest.xml` root identifier
/// (SCORM 1.2) or the `tincan.xml` activity id (xAPI).
fn identity(opts: &WrapOptions) -> String {
    match opts.target {
        Target::Xapi => package_id(opts),
        _ => format!("MANIFEST-{}", ids::course_hash(&package_id(opts))),
    }
}

/// The identity of the package in the zip at `path`, if it is one that `wrap` could have written.
fn identity_in(path: &Path, target: Target) -> Option<String> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).ok()?).ok()?;
    let manifest = if target == Target::Xapi {
        "tincan.xml"
    } else {
        "imsmanifest.xml"
    };
    let mut text = String::new();
    archive
        .by_name(manifest)
        .ok()?
        .take(16 << 20)
        .read_to_string(&mut text)
        .ok()?;
    let doc = roxmltree::Document::parse(&text).ok()?;
    let node = match target {
        Target::Xapi => doc.descendants().find(|n| n.has_tag_name("activity"))?,
        _ => doc.root_element(),
    };
    let attribute = if target == Target::Xapi { "id" } else { "identifier" };
    node.attribute(attribute).map(str::to_owned)
}

/// Refuses to replace `dest` unless it is absent or holds the same package.
pub fn check_destination(opts: &WrapOptions, dest: &Path) -> Result<(), WrapError> {
    if std::fs::symlink_metadata(dest).is_err() {
        return Ok(());
    }
    let wanted = identity(opts);
    match identity_in(dest, opts.target) {
        Some(found) if found == wanted => Ok(()),
        found => Err(WrapError::Input(format!(
            "{} already exists and holds {}; it was not replaced\nhint: another title or --id gives the same \
             file name: write to another --out, or delete the old zip if it is no longer needed",
            escape(&dest.display().to_string()),
            match found {
                Some(id) => format!("another package (`{}`, not `{wanted}`)", escape(&id)),
                None => "something that is no package of this kind".to_owned(),
            }
        ))),
    }
}
