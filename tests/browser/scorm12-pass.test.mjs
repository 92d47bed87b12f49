// A learner reads every page and answers every quiz correctly in a SCORM 1.2 LMS frame (scorm-again).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertCleanLog, assertScoreBeforeStatus, assertNoProblems, correctPattern, courseData, expectedStatus, interactionsOf, launchBrowser,
  askedData, leaveCourse, openInLms, scormType, setsOf, startServer, walkCourse,
} from './helpers.mjs';

let server;
let browser;
let data;
let state;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const frame = await openInLms(browser.page, server.url);
  data = await courseData(frame);
  const plans = {};
  await walkCourse(frame, data, { answerFor: () => true, plans });
  data = askedData(data, plans); // the questions of this attempt (the assessment draws from a bank)
  state = await leaveCourse(browser.page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('LMSInitialize once first, LMSFinish once and last, with string results', () => {
  const fns = state.log.map((c) => c.fn);
  assert.equal(fns.filter((f) => f === 'LMSInitialize').length, 1, 'LMSInitialize calls');
  assert.equal(fns[0], 'LMSInitialize', 'the first API call');
  assert.equal(fns.filter((f) => f === 'LMSFinish').length, 1, 'LMSFinish calls (navigating the frame away must finish)');
  assert.equal(fns[fns.length - 1], 'LMSFinish', `the last API call (calls after it: ${fns.slice(fns.indexOf('LMSFinish') + 1)})`);
  assert.equal(state.log[0].result, 'true');
  assert.equal(state.log[state.log.length - 1].result, 'true');
  assert.ok(state.final, 'the CMI after LMSFinish was recorded');
});

test('no SCORM error after any call, no console errors, nothing outside 127.0.0.1', () => {
  assertCleanLog(state);
  assertNoProblems(browser.problems);
});

test('course settings are the ones this test assumes', () => {
  assert.ok(data.quizzes.some((q) => q.kind === 'assessment'), 'the course has an assessment');
  assert.equal(data.completion.reporting, 'passed-failed', 'module-6 reports passed-failed');
});

test('lesson_status passed, score 100 / 0 / 100', () => {
  const core = state.final.cmi.core;
  assert.equal(core.lesson_status,
    expectedStatus(data.completion.reporting, { complete: true, assessed: true, passed: true }));
  assert.equal(core.lesson_status, 'passed');
  assert.equal(Number(core.score.raw), 100);
  assert.equal(String(core.score.raw), '100');
  assert.equal(String(core.score.min), '0');
  assert.equal(String(core.score.max), '100');
});

test('score (raw, min, max) is set before the final status', () => {
  const status = setsOf(state.log, 'cmi.core.lesson_status').filter((s) => s.value === 'passed');
  assert.ok(status.length >= 1, 'lesson_status was set to passed');
  const firstPassed = status[0].index;
  for (const el of ['cmi.core.score.raw', 'cmi.core.score.min', 'cmi.core.score.max']) {
    const sets = setsOf(state.log, el).filter((s) => s.index < firstPassed);
    assert.ok(sets.length >= 1, `${el} set before lesson_status=passed (call #${firstPassed})`);
  }
  assert.equal(setsOf(state.log, 'cmi.core.score.raw').filter((s) => s.index < firstPassed).pop().value, '100');
  assertScoreBeforeStatus(state.log);
  // never 'not attempted'; incomplete first, before the learner could finish
  const values = setsOf(state.log, 'cmi.core.lesson_status').map((s) => s.value);
  assert.ok(!values.includes('not attempted'), `statuses set: ${values}`);
  assert.equal(values[0], 'incomplete', `first status set on a first launch: ${values}`);
});

test('one correct interaction per question, with the contract ids, types and patterns', () => {
  const questions = data.quizzes.flatMap((qz) => qz.questions.map((q) => ({ qz, q })));
  const expected = questions.length;
  assert.ok(expected > 0);
  const recs = interactionsOf(state.final);
  assert.equal(recs.length, expected,
    `interactions (one per question of every quiz, ${data.quizzes.map((q) => `${q.id}:${q.questions.length}`)}): ${
      JSON.stringify(recs.map((r) => r.id))}`);
  const byId = new Map(recs.map((r) => [r.id, r]));
  assert.equal(byId.size, expected, 'interaction ids are unique');
  for (const { qz, q } of questions) {
    const r = byId.get(q.interactionId);
    assert.ok(r, `interaction ${q.interactionId} (${qz.id}/${q.id})`);
    assert.match(q.interactionId, /^[A-Za-z0-9_.:-]{1,255}$/, 'CMIIdentifier');
    assert.equal(r.type, scormType(q.type), `${q.interactionId} type`);
    assert.equal(r.result, 'correct', `${q.interactionId} result`);
    const pattern = correctPattern(q);
    assert.equal(r.correct_responses?.childArray?.[0]?.pattern ?? r.correct_responses?.[0]?.pattern, pattern,
      `${q.interactionId} correct_responses.0.pattern`);
    assert.equal(r.student_response, pattern, `${q.interactionId} student_response (answered correctly)`);
    assert.equal(String(r.weighting), String(q.weight), `${q.interactionId} weighting`);
    assert.match(r.time, /^\d{2}:\d{2}:\d{2}(\.\d{1,2})?$/, `${q.interactionId} time`);
  }
});

test('session_time is a SCORM 1.2 CMITimespan and was set before LMSFinish', () => {
  const sets = setsOf(state.log, 'cmi.core.session_time');
  assert.equal(sets.length >= 1, true, 'cmi.core.session_time was set');
  assert.match(sets[sets.length - 1].value, /^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$/);
});

test('bookmark and suspend_data are kept at the end', () => {
  const core = state.final.cmi.core;
  assert.ok(['', 'suspend', 'logout'].includes(core.exit), `cmi.core.exit ${JSON.stringify(core.exit)}`);
  assert.equal(core.lesson_location, data.pages[data.pages.length - 1].id, 'bookmark = last page id');
  assert.match(state.final.cmi.suspend_data, new RegExp(`^1\\|${data.fingerprint.replace(/[-]/g, '\\-')}\\|`),
    'suspend_data in state encoding v1');
  assert.ok(state.final.cmi.suspend_data.length <= 4096);
});
