// Course text that looks like HTML (`<!--` in one quiz prompt, `<script` in a later one) must not break the
// #cp-data script element: the player starts, walks the pages and shows the prompts as text.
// Builds a small course with the real binary (env COURSEPACK_BIN, default target/debug/coursepack).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, assertNoProblems, courseData, launchBrowser, next, pathToFileURL, unpackZip, visiblePage, waitForPlayer,
} from './helpers.mjs';

const BIN = process.env.COURSEPACK_BIN || join(ROOT, 'target', 'debug', 'coursepack');
const PROMPTS = ['What does <!-- start in HTML?', 'And what does <script start?', 'Is </script> & U+2028 (\u2028) text?'];

let work;
let browser;
let frame;

function writeCourse(dir) {
  mkdirSync(join(dir, '01-html'), { recursive: true });
  writeFileSync(join(dir, 'course.toml'),
    'id = "https://example.org/courses/html-words"\ntitle = "HTML words"\nlanguage = "en"\nversion = "1.0.0"\n');
  writeFileSync(join(dir, '01-html', 'section.toml'), 'title = "HTML"\n');
  writeFileSync(join(dir, '01-html', '01-intro.md'), '+++\ntitle = "Intro"\n+++\n\nTwo questions follow.\n');
  const questions = PROMPTS.map((p, i) => `[[questions]]\nid = "q${i}"\ntype = "true-false"\n`
    + `prompt = ${JSON.stringify(p)}\nanswer = true\n`).join('\n');
  writeFileSync(join(dir, '01-html', '02-check.quiz.toml'),
    `title = "Check"\nkind = "knowledge-check"\n\n${questions}`);
}

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} not found: run cargo build first (or set COURSEPACK_BIN)`);
  work = mkdtempSync(join(tmpdir(), 'coursepack-script-data-'));
  const course = join(work, 'course');
  writeCourse(course);
  const out = join(work, 'dist');
  const r = spawnSync(BIN, ['build', course, '--out', out, '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build failed: ${r.stdout}${r.stderr}`);
  const pkg = unpackZip(join(out, 'html-words-1.0.0-scorm12.zip'), 'the built course');
  browser = await launchBrowser();
  await browser.page.goto(pathToFileURL(join(pkg, 'index.html')).href);
  frame = browser.page.mainFrame();
  await waitForPlayer(frame);
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the player starts and reads every prompt from #cp-data', async () => {
  const data = await courseData(frame);
  assert.deepEqual(data.quizzes[0].questions.map((q) => q.prompt), PROMPTS);
});

test('the pages can be walked to the quiz, whose prompts show as text', async () => {
  assert.equal(await visiblePage(frame), 'intro');
  assert.equal(await next(frame), 'check');
  const shown = await frame.evaluate(() => document.querySelector('#p-check').textContent);
  for (const p of PROMPTS) assert.ok(shown.includes(p), `prompt ${JSON.stringify(p)} shown in ${shown}`);
  assertNoProblems(browser.problems);
});
