//! The rule registry: every finding's stable code, its level and the paragraph `--explain` prints.
//! Codes follow `../shared/docs/conformance.md`; ZIP-08.., XML-* and S04-CP-06.. are our additions.

/// How serious a rule is, before `--strict` is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// Breaks an import, a launch or tracking: always an error.
    Error,
    /// A spec or schema violation that LMSs tolerate: a warning, an error under `--strict`.
    Spec,
    /// Portability advice (risky names, junk, size): always a warning.
    Advice,
}

/// One rule: code, level and explanation.
#[derive(Debug)]
pub struct Rule {
    pub code: &'static str,
    pub level: Level,
    pub title: &'static str,
    pub explanation: &'static str,
}

const fn rule(code: &'static str, level: Level, title: &'static str, explanation: &'static str) -> Rule {
    Rule {
        code,
        level,
        title,
        explanation,
    }
}

use Level::{Advice, Error, Spec};

/// Every rule the validator knows, in code order.
pub const RULES: &[Rule] = &[
    rule(
        "ZIP-01",
        Error,
        "manifest at the package root",
        "An LMS looks for exactly one file at the root of the zip: `imsmanifest.xml` (SCORM), `tincan.xml` (Tin Can) or `cmi5.xml` (cmi5), spelled in lower case. Zipping the folder instead of its contents puts the manifest in a sub-folder and is the most common upload error; a zip with `.au`/`.crs`/`.cst` files is an AICC course, which this tool does not check.",
    ),
    rule(
        "ZIP-02",
        Error,
        "safe, relative entry paths",
        "Every path in the package (zip entries and the `href`s that point at them) must be relative and `/`-separated: no `..` segment, no leading `/`, no drive letter, no backslash. Entry names must be UTF-8 (or ASCII): names in a legacy code page cannot match the UTF-8 `href`s of a manifest. LMSs unpack unsafe paths outside the course folder (zip slip) or flatten them, and the files then 404.",
    ),
    rule(
        "ZIP-03",
        Advice,
        "portable file names",
        "File names should use only ASCII letters, digits, `.`, `_` and `-`. Spaces, `&`, `#`, `%`, `?`, quotes and non-ASCII letters are renamed or mangled by some LMSs and web servers, names that differ only in case collide on Windows and macOS file systems, and Windows cannot create reserved device names (`CON`, `PRN`, `AUX`, `NUL`, `COM1`–`COM9`, `LPT1`–`LPT9`, whatever the extension) or names ending in a dot or a space.",
    ),
    rule(
        "ZIP-04",
        Advice,
        "no operating-system junk",
        "`__MACOSX/`, `.DS_Store`, `Thumbs.db` and `desktop.ini` are left behind by the operating system's zip tool. They are never used by the course, make the package larger and are reported as unlisted files by strict LMSs; zip the course with a tool that leaves them out.",
    ),
    rule(
        "ZIP-05",
        Advice,
        "package size within the LMS's limit",
        "LMSs limit uploads: Cornerstone takes SCORM packages up to 250 MB, Latitude 500 MB, Rise Up 1 GB. The size is the sum of the uncompressed entries; choose the limit with `--profile`.",
    ),
    rule(
        "ZIP-08",
        Error,
        "readable archive",
        "The file could not be read as a zip archive: it is truncated, corrupt, or not a zip at all, or an entry's data fails its CRC-32 or cannot be inflated (every entry is read to its end, as an LMS unpacking it would). Re-export the package from the authoring tool.",
    ),
    rule(
        "ZIP-09",
        Error,
        "no zip bomb",
        "The archive declares more uncompressed data than the validator accepts (64 GiB in total, 16 GiB per entry) or an entry of 1 MiB or more compresses better than 500:1, or a package over 1 GiB better than 100:1 overall. Such archives exhaust memory or disk in LMSs that unpack them; nothing from them was unpacked.",
    ),
    rule(
        "ZIP-10",
        Error,
        "entry count within limits",
        "The archive declares more than 50,000 entries, a central directory over 16 MiB or an entry name over 4,096 bytes (read from the end-of-central-directory record and the headers before any entry is listed). No real course needs that; LMSs time out or run out of memory unpacking it. Nothing in such an archive is checked: \"too many entries\" is the only finding.",
    ),
    rule(
        "ZIP-11",
        Error,
        "no symbolic links",
        "A symbolic link in a package points somewhere outside the course once unpacked (or nowhere). LMSs either refuse it or follow it to files they must not serve; replace links with the real files.",
    ),
    rule(
        "ZIP-12",
        Error,
        "no encrypted entries",
        "An encrypted (password-protected) zip entry cannot be unpacked by an LMS. Export the package without a password.",
    ),
    rule(
        "ZIP-13",
        Error,
        "no duplicate entries",
        "Two zip entries with the same name: which one an LMS unpacks depends on its zip library, so the package behaves differently per LMS.",
    ),
    rule(
        "XML-01",
        Error,
        "well-formed UTF-8 XML",
        "The manifest must be well-formed XML in UTF-8: every tag closed in order, `&` and `<` in text escaped as `&amp;` and `&lt;`, one root element. LMS importers stop at the first such error.",
    ),
    rule(
        "XML-02",
        Error,
        "no DTD or entities",
        "Manifests need no DTD. A `<!DOCTYPE>` can declare entities that expand without limit (billion laughs) or read files and URLs from the machine that parses it (external entities), so the validator refuses it and reads nothing further.",
    ),
    rule(
        "XML-03",
        Error,
        "XML size and depth within limits",
        "The manifest is larger than 16 MiB, has more than 400,000 nodes (elements, texts, comments) or 300,000 attributes, nests elements deeper than 256 levels, has an element with more than 256 attributes, more than 64 namespace declarations in scope at one element or more than 10,000 in all. Real manifests are far smaller (a handful of attributes and namespaces); the validator stops to keep memory and time bounded.",
    ),
    rule(
        "S12-CP-01",
        Error,
        "SCORM 1.2 manifest root",
        "A SCORM 1.2 manifest's root element is `manifest` in namespace `http://www.imsproject.org/xsd/imscp_rootv1p1p2`, with an `identifier`.",
    ),
    rule(
        "S12-CP-02",
        Error,
        "SCORM 1.2 namespaces",
        "SCORM 1.2 uses the default namespace `http://www.imsproject.org/xsd/imscp_rootv1p1p2` and `adlcp` = `http://www.adlnet.org/xsd/adlcp_rootv1p2`. Attributes or elements in another namespace are not the SCORM ones and are ignored by LMSs (for example `adlcp:scormtype` bound to a wrong namespace makes every resource an asset).",
    ),
    rule(
        "S12-CP-03",
        Spec,
        "identifiers are xs:ID",
        "`identifier` attributes of manifest, organization, item and resource are of type xs:ID: an NCName that starts with a letter or `_` and has no spaces, `:` or `&`. Identifiers must be unique in the manifest; duplicates are an error because `identifierref` and `default` become ambiguous. A leading digit (as Storyline writes) is tolerated by LMSs and is a warning unless `--strict`.",
    ),
    rule(
        "S12-CP-04",
        Spec,
        "schema and schemaversion",
        "SCORM 1.2 manifests declare `<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>`; LMSs use it to choose the run-time.",
    ),
    rule(
        "S12-CP-05",
        Error,
        "default organization resolves",
        "`organizations/@default` must name an `organization` of this manifest. When it names none, LMSs refuse the package or show no table of contents; a manifest without any organization is imported by some LMSs as a single resource (warning). This holds for SCORM 1.2 as for 2004 (both schemas type `default` as an IDREF), even with a single organization.",
    ),
    rule(
        "S12-CP-06",
        Error,
        "identifierref resolves",
        "Every `item/@identifierref` must name a `resource` of the manifest (\"item references a resource that does not exist\"). Items without `identifierref` are folders and must have child items.",
    ),
    rule(
        "S12-CP-07",
        Error,
        "structure the schemas and CAM require",
        "Elements appear in the order and number the IMS CP 1.1.2 and ADL schemas require (`item` = title, item*, metadata?, adlcp extensions; `resources` = resource*), required attributes are present, organizations and items have a `title` (SCORM CAM), and no unknown element appears in the IMS or ADL namespaces.",
    ),
    rule(
        "S12-CP-08",
        Error,
        "resource type and scormtype",
        "`resource/@type` is `webcontent`; `adlcp:scormtype` (lower-case `t` in SCORM 1.2) is `sco` or `asset`; a resource that an item launches needs an `href` of at most 2000 characters.",
    ),
    rule(
        "S12-CP-09",
        Error,
        "referenced files exist",
        "The launch `href` of every resource an item uses must exist in the package (an error: the LMS shows a 404). Every `file/@href` and `adlcp:location` should exist too (a warning unless `--strict`, as LMSs import such packages). Skipped when only a bare manifest is validated.",
    ),
    rule(
        "S12-CP-10",
        Advice,
        "every file is listed",
        "Every file of the package should appear as a `<file href>` of some resource, so LMSs that copy only listed files (and tools that re-package) keep it. The manifest, schema files at the root and metadata files referenced by `adlcp:location` are exempt.",
    ),
    rule(
        "S12-CP-11",
        Error,
        "adlcp values",
        "`adlcp:masteryscore` is a decimal from 0 to 100; `adlcp:maxtimeallowed` a CMITimespan `HHHH:MM:SS.SS`; `adlcp:timelimitaction` one of `exit,message`, `exit,no message`, `continue,message`, `continue,no message`; `adlcp:datafromlms` at most 4096 characters; `adlcp:prerequisites/@type` = `aicc_script`. LMSs reject or misapply other values.",
    ),
    rule(
        "S12-CP-12",
        Spec,
        "values within the schema's lengths",
        "The SCORM 1.2 schemas bound some values, in characters: `title` 200, `schema` 100, `schemaversion` 20, `file/@href` and `identifierref` 2000, `item/@parameters` and `resource/@type` 1000, `organization/@structure` 200, `manifest/@version` 20; `adlcp:location` 2000, `adlcp:maxtimeallowed` 13, `adlcp:datafromlms` 255, `adlcp:masteryscore` and `adlcp:prerequisites` 200. A schema-validating LMS rejects a longer value; others truncate it (a warning unless `--strict`). Identifiers (xs:ID) have no length limit.",
    ),
    rule(
        "S04-CP-01",
        Error,
        "SCORM 2004 namespaces and schemaversion",
        "SCORM 2004 uses the default namespace `http://www.imsglobal.org/xsd/imscp_v1p1`, `adlcp` = `http://www.adlnet.org/xsd/adlcp_v1p3`, plus `imsss`, `adlseq`, `adlnav`; `metadata/schemaversion` is `2004 4th Edition`, `2004 3rd Edition` or `CAM 1.3` (2nd edition). A missing schemaversion or an unknown `adlcp` namespace is tolerated by LMSs (warning unless `--strict`).",
    ),
    rule(
        "S04-CP-02",
        Error,
        "scormType",
        "`adlcp:scormType` (capital `T` in SCORM 2004) is `sco` or `asset`. The SCORM 1.2 spelling `scormtype` is ignored by 2004 LMSs, which then launch the SCO as an asset without tracking.",
    ),
    rule(
        "S04-CP-03",
        Error,
        "structure the schemas require",
        "Elements appear in the order and number the IMS CP 1.1.4 and ADL schemas require, required attributes are present, organizations and items have a `title`. Using a construct of a later edition than `schemaversion` declares (like 4th-edition `completionThreshold` attributes in a 3rd-edition manifest) is a warning unless `--strict`.",
    ),
    rule(
        "S04-CP-06",
        Spec,
        "identifiers are xs:ID",
        "As S12-CP-03, for SCORM 2004: identifiers are NCNames (warning for a leading digit unless `--strict`) and unique (error).",
    ),
    rule(
        "S04-CP-07",
        Error,
        "default organization resolves",
        "As S12-CP-05, for SCORM 2004: `organizations/@default` must name an organization of the manifest.",
    ),
    rule(
        "S04-CP-08",
        Error,
        "identifierref resolves",
        "As S12-CP-06, for SCORM 2004: every `item/@identifierref` must name a resource of the manifest.",
    ),
    rule(
        "S04-CP-09",
        Error,
        "referenced files exist",
        "As S12-CP-09, for SCORM 2004: the launch `href` of every launched resource must exist (error); `file/@href` and `adlcp:location` should exist (warning unless `--strict`).",
    ),
    rule(
        "S04-CP-10",
        Advice,
        "every file is listed",
        "As S12-CP-10, for SCORM 2004.",
    ),
    rule(
        "S04-CP-11",
        Error,
        "adlcp and imsss values",
        "`adlcp:timeLimitAction` is one of `exit,message`, `exit,no message`, `continue,message`, `continue,no message`; `adlcp:completionThreshold` (and its `minProgressMeasure`) is a decimal from 0 to 1; `adlcp:dataFromLMS` at most 4000 characters; `imsss:minNormalizedMeasure` from -1 to 1.",
    ),
    rule(
        "TC-01",
        Error,
        "tincan.xml root",
        "`tincan.xml` sits at the package root with root element `tincan` in namespace `http://projecttincan.com/tincan.xsd`, holding `activities/activity` elements.",
    ),
    rule(
        "TC-02",
        Error,
        "exactly one launchable activity",
        "Exactly one activity has a `<launch>` (the one the LMS starts); its value is a relative path to a file in the package. Each activity has a `name`.",
    ),
    rule(
        "TC-03",
        Error,
        "activity ids and types are IRIs",
        "`activity/@id` must be an absolute IRI with a scheme (`https://example.com/course/1`): the LRS stores statements under it and LMS plugins fail on other ids. `type` should be an IRI too, such as `http://adlnet.gov/expapi/activities/course`.",
    ),
    rule(
        "TC-04",
        Error,
        "interaction component ids are unique",
        "Within one interaction's `choices`, `scale`, `source`, `target` or `steps`, every `component` has its own `id`. Responses and correct-response patterns name components by id, so two alike make the LRS (and any report) unable to tell them apart, and a wrong answer can be graded as right.",
    ),
    rule(
        "C5-CS-01",
        Error,
        "cmi5.xml root",
        "`cmi5.xml` sits at the package root; its root element is `courseStructure` in namespace `https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd`, with one `course` followed by `au` and `block` elements in the order the schema requires.",
    ),
    rule(
        "C5-CS-02",
        Error,
        "ids are unique absolute IRIs",
        "`course`, `block`, `au` and `objective` ids must be absolute IRIs with a scheme and unique within the course structure (cmi5 requirements 3.0.0.0-1, 13.1.4.0-1). LMSs must reject the package otherwise.",
    ),
    rule(
        "C5-CS-03",
        Error,
        "titles and descriptions",
        "`course`, `block`, `au` and `objective` have a `title` and a `description`, each with one or more `langstring` elements carrying a `lang` attribute, in the schema's order.",
    ),
    rule(
        "C5-CS-04",
        Error,
        "AU url",
        "Every `au` has one `url`: relative to the package for AUs inside it (the file must exist), absolute for external AUs, with no spaces (RFC 1738). Its query string must not use the launch parameters the LMS adds: `endpoint`, `fetch`, `actor`, `registration`, `activityId`.",
    ),
    rule(
        "C5-CS-05",
        Error,
        "AU attributes",
        "`launchMethod` is `AnyWindow` or `OwnWindow`; `moveOn` one of `Passed`, `Completed`, `CompletedAndPassed`, `CompletedOrPassed`, `NotApplicable`; `masteryScore` a decimal from 0 to 1 with at most 4 decimals; `activityType` an IRI.",
    ),
    rule(
        "C5-CS-06",
        Error,
        "interaction component ids are unique",
        "As TC-04, for interaction definitions carried in `cmi5.xml` (in extension elements): component ids are unique within each list.",
    ),
];

/// The rule with this code, if any (case-insensitive).
pub fn find(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code.eq_ignore_ascii_case(code))
}

/// The default level of a known code; unknown codes are errors.
pub fn level(code: &str) -> Level {
    find(code).map_or(Level::Error, |r| r.level)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_sorted_within_families() {
        let mut seen = std::collections::BTreeSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "duplicate {}", r.code);
            assert!(!r.explanation.is_empty());
        }
    }
}
