// index.html opened from file:// with no LMS: the player runs on its own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  assertNoProblems, courseData, launchBrowser, next, packageDir, visiblePage, waitForPlayer,
} from './helpers.mjs';

let browser;
let frame;
let data;

before(async () => {
  browser = await launchBrowser();
  await browser.page.goto(pathToFileURL(join(packageDir(), 'index.html')).href);
  frame = browser.page.mainFrame();
  await waitForPlayer(frame);
  data = await courseData(frame);
});

after(async () => {
  await browser?.close();
});

test('starts on the first page', async () => {
  assert.equal(await visiblePage(frame), data.pages[0].id);
});

test('the standalone notice shows', async () => {
  const text = data.strings?.standalone;
  assert.ok(text, '#cp-data strings.standalone');
  const shown = await frame.evaluate((t) => [...document.querySelectorAll('body *')]
    .filter((e) => e.checkVisibility() && [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.includes(t)))
    .map((e) => e.id || e.className || e.tagName), text);
  assert.ok(shown.length >= 1, `a visible element shows ${JSON.stringify(text)}`);
});

test('.cp-next walks every page in order, .cp-prev goes back', async () => {
  const seen = [await visiblePage(frame)];
  for (let i = 1; i < data.pages.length; i++) seen.push(await next(frame));
  assert.deepEqual(seen, data.pages.map((p) => p.id));
  await frame.locator('.cp-prev').click();
  assert.equal(await visiblePage(frame), data.pages[data.pages.length - 2].id);
});

test('the closing words come last: the final page is a content page after the assessment', () => {
  const assessment = data.quizzes.find((q) => q.kind === 'assessment');
  assert.ok(assessment, 'the course has an assessment');
  const last = data.pages[data.pages.length - 1];
  assert.ok(!last.quiz, `the last page (${last.id}) is not a quiz`);
  assert.ok(data.pages.findIndex((p) => p.id === assessment.id) < data.pages.length - 1, 'a page follows the assessment');
});

test('no console errors, no failed requests', () => {
  assertNoProblems(browser.problems);
});
