// A learner fails the assessment, reads on to the last page, goes back to the assessment with .cp-prev, presses "try
// again" and passes: the status moves from failed to passed, and the second attempt's interactions are new records
// with ids that are unique in the SCO (S12-RT-11).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerQuiz, assertCleanLog, assertNoProblems, courseData, interactionsOf, launchBrowser, leaveCourse, openInLms,
  setsOf, startServer, visiblePage, walkCourse,
} from './helpers.mjs';

/** Click .cp-prev until page `id` is shown (the course may have pages after the assessment). */
async function backTo(frame, data, id) {
  for (let guard = 0; guard < data.pages.length; guard++) {
    const shown = await visiblePage(frame);
    if (shown === id) return;
    await frame.locator('.cp-prev').click();
    await frame.waitForFunction((b) => {
      const v = [...document.querySelectorAll('.cp-page')].filter((s) => s.checkVisibility());
      return v.length === 1 && v[0].dataset.page !== b;
    }, shown, { timeout: 5000 });
  }
  assert.fail(`.cp-prev never reached page ${id}`);
}

let server;
let browser;
let data;
let assessment;
let state;
let attempts;
let others;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const frame = await openInLms(browser.page, server.url);
  data = await courseData(frame);
  assessment = data.quizzes.find((q) => q.kind === 'assessment');
  assert.ok(assessment, 'the course has an assessment');
  const plans = {};
  await walkCourse(frame, data, { answerFor: (quiz) => quiz.kind !== 'assessment', plans });
  await backTo(frame, data, assessment.id);
  const form = frame.locator(`form.cp-quiz[data-quiz="${assessment.id}"]`);
  await form.locator('.cp-retry').click();
  // the assessment draws from a bank: each attempt has its own questions
  attempts = [Object.keys(plans[assessment.id]), Object.keys(await answerQuiz(frame, assessment, true))];
  others = data.quizzes.filter((q) => q.kind !== 'assessment').reduce((n, q) => n + q.questions.length, 0);
  state = await leaveCourse(browser.page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('status goes failed, then passed with a full score', () => {
  const statuses = setsOf(state.log, 'cmi.core.lesson_status').map((s) => s.value);
  const failedAt = statuses.indexOf('failed');
  assert.ok(failedAt >= 0, `statuses: ${statuses}`);
  assert.ok(statuses.indexOf('passed') > failedAt, `passed after failed: ${statuses}`);
  const core = state.final?.cmi?.core;
  assert.ok(core, 'LMSFinish was called');
  assert.equal(core.lesson_status, 'passed');
  assert.equal(String(core.score.raw), '100');
  assert.equal(core.exit, '', 'passed and complete: nothing to resume');
});

test('both attempts are recorded, with ids unique in the SCO', () => {
  const recs = interactionsOf(state.final);
  assert.equal(recs.length, others + attempts[0].length + attempts[1].length, 'one record per question per submission');
  const ids = recs.map((r) => r.id);
  assert.equal(new Set(ids).size, ids.length, `duplicate interaction ids: ${ids}`);
  for (const q of assessment.questions) {
    const expected = [attempts[0].includes(q.id) && 'wrong', attempts[1].includes(q.id) && 'correct'].filter(Boolean);
    const mine = recs.filter((r) => r.id === q.interactionId || r.id.startsWith(`${q.interactionId}_`));
    assert.deepEqual(mine.map((r) => r.result), expected, `${q.interactionId}: ${mine.map((r) => r.id)}`);
    if (!mine.length) continue;
    assert.equal(mine[0].id, q.interactionId, 'the first record of a question keeps the plain id');
    if (mine[1]) assert.match(mine[1].id, new RegExp(`^${q.interactionId}_\\d+$`), 'a later record gets a numbered id');
  }
});

test('clean SCORM log and browser', () => {
  assertCleanLog(state);
  assertNoProblems(browser.problems);
});
