// A learner fails the assessment with a mix of right and wrong answers and leaves on the assessment page; on
// relaunch every answer (all question types: choice, true-false, fill-in, matching, sequencing) is restored.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertCleanLog, assertNoProblems, courseData, launchBrowser, leaveCourse, openInLms, startServer, visiblePage,
  walkCourse,
} from './helpers.mjs';

let server;
let browser;
let data;
let quiz;
let first;
let resumed;
const plans = {};

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  let frame = await openInLms(browser.page, server.url);
  data = await courseData(frame);
  quiz = data.quizzes.find((q) => q.kind === 'assessment');
  assert.ok(quiz, 'the course has an assessment');
  // every third question right: well below any sensible mastery score
  const rightOnes = new Set(quiz.questions.filter((_, i) => i % 3 === 0).map((q) => q.id));
  await walkCourse(frame, data, {
    stopAfter: quiz.id,
    plans,
    answerFor: (qz) => (qz.id === quiz.id ? (q) => rightOnes.has(q.id) : null),
  });
  first = await leaveCourse(browser.page);
  const core = first.final?.cmi?.core ?? first.current.cmi.core;
  const cmi = {
    core: {
      student_id: 'learner-2', student_name: 'Learner, Other', lesson_location: core.lesson_location,
      lesson_status: core.lesson_status, entry: core.exit === 'suspend' ? 'resume' : '', credit: 'credit',
      lesson_mode: 'normal', score: { raw: core.score?.raw ?? '', min: core.score?.min ?? '', max: core.score?.max ?? '' },
    },
    suspend_data: first.final?.cmi?.suspend_data ?? '',
  };
  frame = await openInLms(browser.page, server.url, { cmi });
  resumed = await frame.evaluate((quizId) => {
    const form = document.querySelector(`form.cp-quiz[data-quiz="${quizId}"]`);
    return Object.fromEntries([...form.querySelectorAll('fieldset.cp-question')].map((fs) => [fs.dataset.question, {
      checked: [...fs.querySelectorAll('input:checked')].map((i) => i.value),
      text: fs.querySelector('input[type="text"]')?.value ?? null,
      selects: [...fs.querySelectorAll('.cp-match')].map((m) => m.querySelector('select').value),
      steps: [...fs.querySelectorAll('li[data-step]')].map((li) => li.dataset.step),
    }]));
  }, quiz.id);
  resumed.page = await visiblePage(frame);
  await leaveCourse(browser.page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a failed attempt reports failed with its score and asks to be resumed', () => {
  const core = first.final?.cmi?.core;
  assert.ok(core, 'LMSFinish was called');
  assert.equal(core.lesson_status, 'failed');
  assert.ok(Number(core.score.raw) < (quiz.passScore ?? data.completion.masteryScore), `score ${core.score.raw}`);
  assert.equal(core.exit, 'suspend', 'not passed yet: the attempt must stay open so progress survives');
  assert.equal(core.lesson_location, quiz.id);
  assertCleanLog(first);
});

test('relaunch shows the assessment page', () => {
  assert.equal(resumed.page, quiz.id);
});

test('relaunch restores every assessment answer, of every question type', () => {
  const drawn = quiz.questions.filter((q) => plans[quiz.id][q.id]); // the questions of this attempt
  assert.ok(drawn.length > 0);
  for (const q of drawn) {
    const plan = plans[quiz.id][q.id];
    const got = resumed[q.id];
    switch (q.type) {
      case 'single-choice': case 'multiple-choice': case 'true-false':
        assert.deepEqual([...got.checked].sort(), [...plan.values].sort(), `${q.id} (${q.type}) checked inputs`);
        break;
      case 'fill-in':
      case 'numeric':
        assert.equal(got.text, plan.values[0], `${q.id} (${q.type}) text as typed`);
        break;
      case 'matching':
        assert.deepEqual(got.selects, plan.values, `${q.id} (matching) selects in source order`);
        break;
      case 'sequencing':
        assert.deepEqual(got.steps, plan.values, `${q.id} (sequencing) order`);
        break;
      default: assert.fail(`unknown type ${q.type}`);
    }
  }
});

test('no console errors, nothing outside 127.0.0.1', () => {
  assertNoProblems(browser.problems);
});
