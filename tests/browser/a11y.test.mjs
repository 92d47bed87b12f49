// axe-core (WCAG 2.0/2.1 A + AA) on every page of the package, opened standalone over http, and after each quiz's
// feedback is shown.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerQuiz, assertNoProblems, courseData, launchBrowser, startServer, visiblePage, waitForPlayer,
} from './helpers.mjs';

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
let server;
let browser;
let frame;
let data;
const results = [];   // {where, violations}

function describe(violations) {
  return violations.map((v) => `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${
    v.nodes.slice(0, 5).map((n) => `      ${n.target.join(' ')}\n        ${n.html.slice(0, 200)}\n        ${
      (n.failureSummary || '').replace(/\n/g, '\n        ')}`).join('\n')}${
    v.nodes.length > 5 ? `\n      … and ${v.nodes.length - 5} more` : ''}`).join('\n');
}

async function runAxe(where) {
  const violations = await frame.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target.map(String), html: n.html, failureSummary: n.failureSummary })) }));
  }, TAGS);
  results.push({ where, violations });
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await browser.page.goto(`${server.url}/pkg/index.html`);
  frame = browser.page.mainFrame();
  await waitForPlayer(frame);
  data = await courseData(frame);
  await browser.page.addScriptTag({ url: `${server.url}/lms/axe.min.js` });
  for (const p of data.pages) {
    await frame.evaluate((id) => window.CoursepackPlayer.goTo(id), p.id);
    assert.equal(await visiblePage(frame), p.id, `CoursepackPlayer.goTo(${p.id}) shows that page`);
    await runAxe(`page ${p.id}`);
    const quiz = data.quizzes.find((q) => q.id === p.id);
    if (quiz) {
      await answerQuiz(frame, quiz, (q) => quiz.questions.indexOf(q) % 2 === 1); // mixed: correct + incorrect feedback
      await runAxe(`page ${p.id} after submitting (feedback shown)`);
    }
  }
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('<html lang> is the course language', async () => {
  const lang = await frame.evaluate(() => document.documentElement.getAttribute('lang'));
  assert.equal(lang, data.lang);
});

test('every page and every quiz feedback state was checked', () => {
  assert.equal(results.length, data.pages.length + data.quizzes.length);
});

test('no WCAG 2.1 A/AA violations (axe-core) on any page', () => {
  const failing = results.filter((r) => r.violations.length);
  assert.equal(failing.length, 0, `axe violations:\n${failing.map((r) => `${r.where}:\n${describe(r.violations)}`).join('\n')}`);
});

test('no request leaves 127.0.0.1, no console errors', () => {
  assertNoProblems(browser.problems);
});
