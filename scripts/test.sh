#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, Rust tests, then the browser tests
# (scorm-again as the LMS, axe-core) on a freshly built Module 6 package.
# Needs: cargo, node + `npm ci` done, chromium at /usr/bin/chromium, xmllint, unzip.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked

dist=target/test-dist
rm -rf "$dist"
cargo run --locked --quiet -- build course-src/module-6 --out "$dist" --quiet
COURSEPACK_ZIP="$dist/module-6-1.0.0-scorm12.zip" npm run --silent test:browser
