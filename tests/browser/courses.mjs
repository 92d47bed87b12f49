// Builds the courses the layout tests look at with the real binary (cargo builds it when stale): Module 6, the
// `coursepack new` scaffold and the small synthetic course (examples/gen_course.rs), each as an unpacked SCORM 1.2
// package in a temp dir. Returns the launch files (one per SCO) of each.

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT } from './helpers.mjs';

const work = mkdtempSync(join(tmpdir(), 'coursepack-courses-'));
process.on('exit', () => { try { rmSync(work, { recursive: true, force: true }); } catch { /* best effort */ } });

function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: ROOT, encoding: 'utf8', env: { CARGO_BUILD_JOBS: '1', ...process.env } });
  if (r.error) throw new Error(`could not run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

let built = false;
function binaries() {
  if (!built) run('cargo', ['build', '--quiet', '--locked', '--bin', 'coursepack', '--example', 'gen_course']);
  built = true;
  return { coursepack: join(ROOT, 'target', 'debug', 'coursepack'), gen: join(ROOT, 'target', 'debug', 'examples', 'gen_course') };
}

/** Build the course folder `dir` as SCORM 1.2 and unpack it; returns {dir, launches: [file names]}. */
function buildScorm(dir, name) {
  const { coursepack } = binaries();
  const out = join(work, `${name}-dist`);
  run(coursepack, ['build', dir, '--target', 'scorm12', '--out', out, '--quiet']);
  const zip = readdirSync(out).find((f) => f.endsWith('-scorm12.zip'));
  const pkg = join(work, name);
  run('unzip', ['-q', '-o', join(out, zip), '-d', pkg]);
  const launches = readdirSync(pkg).filter((f) => f === 'index.html' || /^sco-.*\.html$/.test(f)).sort();
  return { name, dir: pkg, launches };
}

/** The three courses: [{name, dir, launches}]. */
export function layoutCourses() {
  const { coursepack, gen } = binaries();
  const scaffold = join(work, 'scaffold');
  run(coursepack, ['new', scaffold, '--title', 'Scaffold']);
  const synth = join(work, 'synth-small');
  run(gen, ['small', synth, '1']);
  return [
    buildScorm(join(ROOT, 'course-src', 'module-6'), 'module-6'),
    buildScorm(scaffold, 'scaffold'),
    buildScorm(synth, 'synth-small'),
  ];
}

/** Module 6 only (for tests that need just its package). */
export function module6() {
  return buildScorm(join(ROOT, 'course-src', 'module-6'), 'module-6');
}

/** A course of `sections` × `perSection` short Markdown pages (no media; the table of contents and lazy sections of
    a course too long to list whole), as an unpacked SCORM 1.2 package: {name, dir, launches}. */
export function longCourse(sections = 3, perSection = 50) {
  const src = join(work, 'long-src');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  writeFileSync(join(src, 'course.toml'),
    'id = "https://example.org/courses/long"\ntitle = "Long course"\nlanguage = "en"\nversion = "1.0.0"\n');
  for (let s = 1; s <= sections; s++) {
    const dir = join(src, `${String(s).padStart(2, '0')}-part-${s}`);
    mkdirSync(dir);
    writeFileSync(join(dir, 'section.toml'), `title = "Part ${s}"\n`);
    for (let p = 1; p <= perSection; p++) {
      writeFileSync(join(dir, `${String(p).padStart(2, '0')}-s${s}-p${p}.md`),
        `+++\ntitle = "Page ${p} of part ${s}"\n+++\n\nThe text of page ${p} of part ${s}.\n`);
    }
  }
  return buildScorm(src, 'long');
}
