//! One integration-test binary: the real `coursepack` executable against fixture folders and Module 6.

mod answers;
mod banks;
mod blocks;
mod build;
mod content;
mod course_paths;
mod defaults;
mod errors;
mod figures;
mod help;
mod module6;
mod new;
mod out_folder;
mod perf;
mod preview;
mod quiz_settings;
mod strings;
mod support;
mod theme;
mod validate;
mod wrap;
mod wrap_inputs;
mod xapi;
