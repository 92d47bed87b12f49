//! `[scorm] time_limit` and `time_limit_action`: the whole course's time limit, for the LMS to enforce
//! (SCORM 1.2 `adlcp:maxtimeallowed` and `adlcp:timelimitaction`).

use toml::Spanned;

use crate::diag::{Diagnostic, Report};
use crate::model::{CourseTimeLimit, ScoLayout};

use super::duration::parse_duration;

const FILE: &str = "course.toml";
/// SCORM 1.2's `timelimitaction` vocabulary.
const ACTIONS: [&str; 4] = [
    "exit,message",
    "exit,no message",
    "continue,message",
    "continue,no message",
];

pub fn read(
    limit: Option<&Spanned<String>>,
    action: Option<&Spanned<String>>,
    layout: ScoLayout,
    report: &mut Report,
) -> Option<CourseTimeLimit> {
    let Some(limit) = limit else {
        if let Some(a) = action {
            report.push(
                Diagnostic::error("E0414", "`time_limit_action` without a `time_limit`")
                    .at(FILE, a.span())
                    .help("add time_limit = \"2h\" to [scorm], or remove `time_limit_action`"),
            );
        }
        return None;
    };
    let seconds = match parse_duration(limit.get_ref()) {
        Some(s) if (60..=100 * 3600).contains(&s) => s,
        _ => {
            report.push(
                Diagnostic::error("E0414", "`scorm.time_limit` must be a duration from 1m to 100h")
                    .at(FILE, limit.span())
                    .help("write hours, minutes and seconds with h, m and s: \"2h\", \"1h30m\""),
            );
            return None;
        }
    };
    if layout == ScoLayout::PerSection {
        report.push(
            Diagnostic::error("E0414", "a time limit for the whole course needs one SCO")
                .at(FILE, limit.span())
                .label("with sco_layout = \"per-section\" every section is timed by the LMS on its own")
                .help(
                    "remove sco_layout = \"per-section\", or time the assessment instead (time_limit in its quiz file)",
                ),
        );
        return None;
    }
    let action = match action {
        None => ACTIONS[2],
        Some(a) => match ACTIONS.iter().find(|x| **x == a.get_ref().as_str()) {
            Some(x) => x,
            None => {
                let quoted: Vec<String> = ACTIONS.iter().map(|x| format!("\"{x}\"")).collect();
                report.push(
                    Diagnostic::error("E0414", format!("unknown `time_limit_action` value `{}`", a.get_ref()))
                        .at(FILE, a.span())
                        .help(format!("use one of {}", quoted.join(", "))),
                );
                return None;
            }
        },
    };
    Some(CourseTimeLimit { seconds, action })
}
