//! The fixed runtime files every package carries (player, adapters, styles), embedded in the binary.

pub const ADAPTER_SCORM12: &str = "adapter-scorm12.js";
pub const ADAPTER_XAPI: &str = "adapter-xapi.js";

/// (path inside `assets/`, bytes) of the files every package needs besides its adapter.
pub const COMMON: &[(&str, &[u8])] = &[
    ("answers.js", include_bytes!("../../packaging/assets/answers.js")),
    ("bank.js", include_bytes!("../../packaging/assets/bank.js")),
    (
        "coursepack.css",
        include_bytes!("../../packaging/assets/coursepack.css"),
    ),
    ("player.js", include_bytes!("../../packaging/assets/player.js")),
    ("review.js", include_bytes!("../../packaging/assets/review.js")),
    ("content.js", include_bytes!("../../packaging/assets/content.js")),
    ("blocks.js", include_bytes!("../../packaging/assets/blocks.js")),
];

/// The adapter file for a target.
pub fn adapter(name: &str) -> Option<&'static [u8]> {
    match name {
        ADAPTER_SCORM12 => Some(include_bytes!("../../packaging/assets/adapter-scorm12.js")),
        ADAPTER_XAPI => Some(include_bytes!("../../packaging/assets/adapter-xapi.js")),
        _ => None,
    }
}
