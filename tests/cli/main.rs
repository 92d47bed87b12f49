//! One integration-test binary: the real `coursepack` executable against fixture folders and Module 6.

mod build;
mod course_paths;
mod errors;
mod new;
mod out_folder;
mod perf;
mod preview;
mod support;
mod validate;
mod wrap;
mod xapi;
