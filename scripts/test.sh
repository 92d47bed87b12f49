#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting, lints, Rust tests, then the browser tests on freshly built
# Module 6 packages: SCORM 1.2 (scorm-again as the LMS, axe-core) and xAPI (a loopback LRS that validates every
# statement with Learning Locker's validator), plus a web folder wrapped as xAPI with its completion script, and
# `coursepack preview` of a scaffold course (live reload, page kept in the URL).
# Needs: cargo, node + `npm ci` done, chromium at /usr/bin/chromium, xmllint, unzip.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --all-targets --locked -- -D warnings
cargo test --locked

dist=target/test-dist
rm -rf "$dist"
cargo run --locked --quiet -- build course-src/module-6 --target scorm12,xapi --out "$dist" --quiet
bash ../shared/standards/validate-manifest.sh "$dist/module-6-1.0.0-xapi.zip"
cargo run --locked --quiet -- wrap tests/fixtures/wrap-site --title "Wrapped fixture" --target xapi --completion \
  --id https://example.org/courses/wrapped-fixture --out "$dist" --quiet
bash ../shared/standards/validate-manifest.sh "$dist/wrapped-fixture-xapi.zip"
COURSEPACK_ZIP="$dist/module-6-1.0.0-scorm12.zip" COURSEPACK_XAPI_ZIP="$dist/module-6-1.0.0-xapi.zip" \
  COURSEPACK_WRAP_XAPI_ZIP="$dist/wrapped-fixture-xapi.zip" COURSEPACK_BIN=target/debug/coursepack \
  npm run --silent test:browser
