//! One integration-test binary: the real `coursepack` executable against fixture folders and Module 6.

mod build;
mod errors;
mod new;
mod perf;
mod preview;
mod support;
mod validate;
mod wrap;
mod wrap_inputs;
mod xapi;
