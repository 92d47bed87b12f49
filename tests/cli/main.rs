//! One integration-test binary: the real `coursepack` executable against fixture folders and Module 6.

mod build;
mod content;
mod defaults;
mod errors;
mod figures;
mod help;
mod module6;
mod new;
mod perf;
mod preview;
mod quiz_settings;
mod strings;
mod support;
mod theme;
mod validate;
mod wrap;
mod xapi;
