//! One integration-test binary: the real `coursepack` executable against fixture folders and Module 6.

mod blocks;
mod build;
mod content;
mod defaults;
mod errors;
mod help;
mod module6;
mod new;
mod perf;
mod preview;
mod support;
mod validate;
mod wrap;
mod xapi;
