// A learner reads half the course, answers a knowledge check, leaves, and comes back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerQuiz, assertCleanLog, assertNoProblems, courseData, launchBrowser, leaveCourse, openInLms,
  setsOf, startServer, visiblePage, walkCourse,
} from './helpers.mjs';

let server;
let browser;
let data;
let kc;
let stopAt;
let first;
let second;
let resumed;       // what the relaunched player shows
const plans = {};  // the answers given, per quiz and question
const KC_CORRECT = (q, i) => i % 2 === 0; // a mix of right and wrong answers, so restoring is not just "the key"

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  let frame = await openInLms(browser.page, server.url);
  data = await courseData(frame);
  const ids = data.pages.map((p) => p.id);
  kc = data.quizzes.find((q) => q.kind === 'knowledge-check');
  assert.ok(kc, 'the course has a knowledge check');
  const kcIndex = ids.indexOf(kc.id);
  // leave on a content page after the knowledge check, about halfway through the course
  let i = Math.max(kcIndex + 1, Math.floor(ids.length / 2));
  while (i < ids.length - 1 && data.pages[i].quiz) i++;
  assert.ok(i < ids.length - 1, 'there is a content page after the knowledge check before the end');
  stopAt = ids[i];
  const order = new Map(kc.questions.map((q, n) => [q.id, n]));
  await walkCourse(frame, data, {
    stopAfter: stopAt,
    plans,
    answerFor: (quiz) => (quiz.id === kc.id ? (q) => KC_CORRECT(q, order.get(q.id)) : null),
  });
  first = await leaveCourse(browser.page);

  // relaunch like an LMS does after exit=suspend
  const core = first.final?.cmi?.core ?? first.current.cmi.core;
  const cmi = {
    core: {
      student_id: 'learner-1', student_name: 'Learner, Test',
      lesson_location: core.lesson_location, lesson_status: core.lesson_status,
      entry: core.exit === 'suspend' ? 'resume' : '', credit: 'credit', lesson_mode: 'normal',
      total_time: core.total_time || '00:00:00',
      score: { raw: core.score?.raw ?? '', min: core.score?.min ?? '', max: core.score?.max ?? '' },
    },
    suspend_data: first.final?.cmi?.suspend_data ?? '',
  };
  frame = await openInLms(browser.page, server.url, { cmi });
  resumed = await frame.evaluate((quizId) => {
    const form = document.querySelector(`form.cp-quiz[data-quiz="${quizId}"]`);
    const answers = {};
    for (const fs of form.querySelectorAll('fieldset.cp-question')) {
      answers[fs.dataset.question] = {
        checked: [...fs.querySelectorAll('input:checked')].map((i) => i.value),
        text: fs.querySelector('input[type="text"]')?.value ?? null,
        selects: Object.fromEntries([...fs.querySelectorAll('.cp-match')].map((m) => [m.dataset.source, m.querySelector('select').value])),
        steps: [...fs.querySelectorAll('li[data-step]')].map((li) => li.dataset.step),
      };
    }
    const notice = document.getElementById('cp-resume');
    return { answers, notice: { visible: !!notice && notice.checkVisibility(), text: notice?.textContent.trim() ?? '' },
      entry: window.parent.API.cmi.core.entry };
  }, kc.id);
  resumed.page = await visiblePage(frame);
  second = await leaveCourse(browser.page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('leaving mid-course: exit=suspend, bookmark and suspend_data set, status incomplete', () => {
  assert.ok(first.final, 'LMSFinish was called when the frame was left');
  const { core, suspend_data: sd } = first.final.cmi;
  assert.equal(core.exit, 'suspend');
  assert.equal(core.lesson_location, stopAt, 'lesson_location = id of the page the learner left');
  assert.match(sd, new RegExp(`^1\\|${data.fingerprint.replace(/-/g, '\\-')}\\|[A-Za-z0-9_-]+\\|[012]+\\|`),
    `suspend_data ${JSON.stringify(sd)} in state encoding v1`);
  assert.equal(sd.split('|')[4].split('~').length,
    data.quizzes.reduce((n, q) => n + q.questions.length, 0), 'one answer field per question');
  assert.equal(core.lesson_status, 'incomplete');
  assert.equal(setsOf(first.log, 'cmi.core.score.raw').length, 0, 'no score before the assessment was submitted');
  assertCleanLog(first);
});

test('relaunch with entry=resume shows the bookmarked page', () => {
  assert.equal(resumed.entry, 'resume', 'the test LMS passed entry=resume');
  assert.equal(resumed.page, stopAt);
});

test('relaunch shows the resume notice', () => {
  assert.ok(resumed.notice.visible, '#cp-resume is visible');
  const title = data.pages.find((p) => p.id === stopAt).title;
  const expected = data.strings?.resume_notice?.replace('{title}', title);
  // the notice may hold more than the sentence (e.g. a restart button), so look for the sentence in it
  const want = expected ?? title;
  assert.ok(resumed.notice.text.includes(want), `#cp-resume ${JSON.stringify(resumed.notice.text)} contains ${JSON.stringify(want)}`);
});

test("relaunch restores the knowledge check's answers", () => {
  kc.questions.forEach((q) => {
    const plan = plans[kc.id]?.[q.id];
    assert.ok(plan, `${kc.id}/${q.id} was answered in the first session`);
    const got = resumed.answers[q.id];
    assert.ok(got, `question ${q.id} in the DOM`);
    switch (q.type) {
      case 'single-choice': case 'multiple-choice': case 'true-false':
        assert.deepEqual([...got.checked].sort(), [...plan.values].sort(), `${kc.id}/${q.id} checked inputs`);
        break;
      case 'fill-in':
      case 'numeric':
        assert.equal(got.text, plan.values[0], `${kc.id}/${q.id} text`);
        break;
      case 'matching':
        assert.deepEqual(got.selects, Object.fromEntries(q.correct.map((s, i) => [s, plan.values[i]])), `${kc.id}/${q.id} selects`);
        break;
      case 'sequencing':
        assert.deepEqual(got.steps, plan.values, `${kc.id}/${q.id} order`);
        break;
      default: assert.fail(`unknown type ${q.type}`);
    }
  });
});

test('second session: one LMSInitialize and one LMSFinish, clean log and browser', () => {
  const fns = second.log.map((c) => c.fn);
  assert.equal(fns.filter((f) => f === 'LMSInitialize').length, 1);
  assert.equal(fns.filter((f) => f === 'LMSFinish').length, 1);
  assert.equal(fns[fns.length - 1], 'LMSFinish');
  assert.equal(second.final.cmi.core.lesson_location, stopAt, 'bookmark kept');
  assert.ok(!setsOf(second.log, 'cmi.core.lesson_status').some((s) => s.value === 'not attempted'));
  assertCleanLog(second);
  assertNoProblems(browser.problems);
});
