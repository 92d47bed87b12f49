//! coursepack turns a course folder into upload-ready e-learning packages:
//! `source` (load) → `check` (lint) → `render` (HTML) → `package` (plan per target) → zip.
//! Nothing downstream reaches back upstream; only `source` reads course files and only the
//! zip writer and `cli` write.

pub mod answers;
pub mod build;
pub mod check;
pub mod cli;
pub mod diag;
pub mod i18n;
pub mod markdown;
pub mod model;
pub mod package;
pub mod preview;
pub mod render;
pub mod scaffold;
pub mod source;
pub mod synth;
pub mod validate;
pub mod wrap;
