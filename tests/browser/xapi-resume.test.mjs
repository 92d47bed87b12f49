// xAPI: a learner reads half the course, answers a knowledge check, closes the tab, and comes back later in
// another browser (nothing in localStorage): the State API alone brings back the page and the answers. Then the
// learner finishes and passes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { courseData, launchBrowser, startServer, visiblePage, walkCourse } from './helpers.mjs';
import { startLrs } from './lrs.mjs';
import {
  AUTH, SKIP, assertStatementRules, countVerbs, leave, launchUrl, newRegistration, openXapi, packagedActivities,
  verbsOf, xapiPackageDir, xapiProblems,
} from './xapi-helpers.mjs';

const ACTOR = { objectType: 'Agent', account: { homePage: 'https://lms.example.org', name: 'learner-42' } };
let server, lrs, data, acts, reg, kc, stopAt, plans = {}, resumed, first, second, answeredLater, problems = [];

before(async () => {
  if (SKIP) return;
  server = await startServer(xapiPackageDir());
  lrs = await startLrs({ auth: AUTH });
  acts = packagedActivities();
  reg = newRegistration();
  const url = launchUrl(server.url, lrs, { actor: ACTOR, registration: reg });

  let browser = await launchBrowser();
  let frame = await openXapi(browser.page, url);
  data = await courseData(frame);
  const ids = data.pages.map((p) => p.id);
  kc = data.quizzes.find((q) => q.kind === 'knowledge-check');
  let i = Math.max(ids.indexOf(kc.id) + 1, Math.floor(ids.length / 2));
  while (i < ids.length - 1 && data.pages[i].quiz) i++;
  stopAt = ids[i];
  const order = new Map(kc.questions.map((q, n) => [q.id, n]));
  await walkCourse(frame, data, {
    stopAfter: stopAt, plans,
    answerFor: (quiz) => (quiz.id === kc.id ? (q) => order.get(q.id) % 2 === 0 : null),
  });
  await leave(browser.page, lrs, reg);
  first = verbsOf(lrs, reg);
  problems.push(xapiProblems(browser.problems));
  await browser.close();

  browser = await launchBrowser(); // a fresh profile: no localStorage from the first session
  frame = await openXapi(browser.page, url);
  resumed = await frame.evaluate((quizId) => {
    const form = document.querySelector(`form.cp-quiz[data-quiz="${quizId}"]`);
    const answers = {};
    for (const fs of form.querySelectorAll('fieldset.cp-question')) {
      answers[fs.dataset.question] = {
        checked: [...fs.querySelectorAll('input:checked')].map((x) => x.value),
        text: fs.querySelector('input[type="text"]')?.value ?? null,
        selects: Object.fromEntries([...fs.querySelectorAll('.cp-match')].map((m) => [m.dataset.source, m.querySelector('select').value])),
        steps: [...fs.querySelectorAll('li[data-step]')].map((li) => li.dataset.step),
      };
    }
    return { answers, notice: document.getElementById('cp-resume')?.checkVisibility() ?? false };
  }, kc.id);
  resumed.page = await visiblePage(frame);
  const later = {};
  await walkCourse(frame, data, { answerFor: (quiz) => (quiz.id === kc.id ? null : true), plans: later });
  answeredLater = Object.values(later).reduce((n, p) => n + Object.keys(p).length, 0); // a bank draws some questions
  await leave(browser.page, lrs, reg);
  second = verbsOf(lrs, reg).slice(first.length);
  problems.push(xapiProblems(browser.problems));
  await browser.close();
  assertStatementRules(lrs, reg, { actor: ACTOR, courseId: acts.course.id, lang: data.lang });
});

after(async () => {
  await server?.close();
  await lrs?.close();
});

test('first session: attempted, then suspended and terminated when the tab closes', { skip: SKIP }, () => {
  assert.deepEqual(first.slice(0, 2), ['initialized', 'attempted']);
  assert.deepEqual(first.slice(-2), ['suspended', 'terminated']);
  const c = countVerbs(first);
  assert.equal(c.experienced, data.pages.findIndex((p) => p.id === stopAt) + 1, 'one experienced per page read');
  assert.equal(c.answered, kc.questions.length);
  assert.equal(c.completed, undefined);
  console.log(`LRS received ${first.length} statements in the first (half-way) session: ${JSON.stringify(c)}`);
});

test('relaunch in a fresh browser resumes on the bookmarked page via the State API', { skip: SKIP }, () => {
  assert.equal(resumed.page, stopAt);
  assert.ok(resumed.notice, 'the resume notice shows');
  assert.deepEqual(second.slice(0, 2), ['initialized', 'resumed']);
});

test("relaunch restores the knowledge check's answers", { skip: SKIP }, () => {
  for (const q of kc.questions) {
    const plan = plans[kc.id][q.id], got = resumed.answers[q.id];
    switch (q.type) {
      case 'single-choice': case 'multiple-choice': case 'true-false':
        assert.deepEqual([...got.checked].sort(), [...plan.values].sort(), q.id); break;
      case 'fill-in': case 'numeric': assert.equal(got.text, plan.values[0], q.id); break;
      case 'matching': assert.deepEqual(got.selects, Object.fromEntries(q.correct.map((s, i) => [s, plan.values[i]])), q.id); break;
      case 'sequencing': assert.deepEqual(got.steps, plan.values, q.id); break;
      default: assert.fail(q.type);
    }
  }
});

test('second session: the rest of the course, completed and passed, terminated; every statement once', { skip: SKIP }, () => {
  const c = countVerbs(second);
  const rest = data.pages.length - data.pages.findIndex((p) => p.id === stopAt); // the bookmarked page again, then the rest
  assert.equal(c.experienced, rest);
  assert.equal(c.completed, 1);
  assert.equal(c.passed, 1);
  assert.equal(c.suspended, undefined);
  assert.equal(second[second.length - 1], 'terminated');
  assert.ok(answeredLater > 0);
  assert.equal(c.answered, answeredLater, 'answered once per question shown in the later quizzes');
  assert.deepEqual(lrs.duplicates, []);
  console.log(`LRS received ${second.length} statements in the resumed session: ${JSON.stringify(c)}`);
});

test('no browser problems in either session', { skip: SKIP }, () => {
  for (const p of problems) assert.deepEqual(p, { pageErrors: [], consoleErrors: [], externalRequests: [], failedRequests: [] });
});
