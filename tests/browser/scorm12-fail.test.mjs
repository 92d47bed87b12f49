// A learner reads every page, answers the knowledge checks correctly and the assessment wrongly → failed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertCleanLog, assertScoreBeforeStatus, assertNoProblems, courseData, expectedStatus, interactionsOf, launchBrowser, leaveCourse,
  askedData, openInLms, setsOf, startServer, walkCourse,
} from './helpers.mjs';

let server;
let browser;
let data;
let state;
let assessment;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const frame = await openInLms(browser.page, server.url);
  data = await courseData(frame);
  assessment = data.quizzes.find((q) => q.kind === 'assessment');
  assert.ok(assessment, 'the course has an assessment');
  const plans = {};
  await walkCourse(frame, data, { answerFor: (quiz) => quiz.kind !== 'assessment', plans });
  data = askedData(data, plans); // the questions of this attempt (the assessment draws from a bank)
  state = await leaveCourse(browser.page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('the course reports passed-failed', () => {
  assert.equal(data.completion.reporting, 'passed-failed');
});

test('lesson_status failed, score 0 (below mastery), min 0, max 100', () => {
  const core = state.final?.cmi?.core;
  assert.ok(core, 'LMSFinish was called when the frame was left');
  assert.equal(core.lesson_status,
    expectedStatus(data.completion.reporting, { complete: true, assessed: true, passed: false }));
  assert.equal(core.lesson_status, 'failed');
  const pass = assessment.passScore ?? data.completion.masteryScore;
  assert.equal(String(core.score.raw), '0', 'every assessment question answered wrongly');
  assert.ok(Number(core.score.raw) < pass, `score ${core.score.raw} < pass score ${pass}`);
  assert.equal(String(core.score.min), '0');
  assert.equal(String(core.score.max), '100');
});

test('score set before lesson_status=failed; never passed', () => {
  const statuses = setsOf(state.log, 'cmi.core.lesson_status');
  assert.ok(!statuses.some((s) => s.value === 'passed'), `statuses: ${statuses.map((s) => s.value)}`);
  const failed = statuses.find((s) => s.value === 'failed');
  assert.ok(failed, 'lesson_status set to failed');
  const raw = setsOf(state.log, 'cmi.core.score.raw').filter((s) => s.index < failed.index);
  assert.ok(raw.length >= 1, 'score.raw set before failed');
  assertScoreBeforeStatus(state.log);
});

test('assessment interactions are wrong, knowledge-check interactions correct', () => {
  const recs = interactionsOf(state.final);
  const expected = data.quizzes.reduce((n, q) => n + q.questions.length, 0);
  assert.equal(recs.length, expected, 'one interaction per question');
  for (const quiz of data.quizzes) {
    for (const q of quiz.questions) {
      const r = recs.find((x) => x.id === q.interactionId);
      assert.ok(r, `interaction ${q.interactionId}`);
      assert.equal(r.result, quiz.kind === 'assessment' ? 'wrong' : 'correct', `${q.interactionId} result`);
    }
  }
});

test('clean SCORM log and browser', () => {
  const fns = state.log.map((c) => c.fn);
  assert.equal(fns.filter((f) => f === 'LMSFinish').length, 1);
  assert.equal(fns[fns.length - 1], 'LMSFinish');
  assertCleanLog(state);
  assertNoProblems(browser.problems);
});
