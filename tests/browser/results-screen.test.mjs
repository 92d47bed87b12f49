// The results screen after the assessment and the course end view, in a SCORM 1.2 LMS frame (scorm-again), on a
// fixture course built with the real binary (tests/browser/fixtures/courses/review-nl: a knowledge check, then the
// assessment as the last page, six question types, mastery 70%, reveal after a pass by default). Phone width.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerQuiz, assertCleanLog, assertNoProblems, courseData, launchBrowser, leaveCourse, lmsState, openInLms, startServer,
  walkCourse,
} from './helpers.mjs';
import { axeViolations, buildFixture, inViewport, screenshot } from './review-helpers.mjs';

const PHONE = { width: 390, height: 844 };
let server;
const runs = {};

/** One learner: KC right, then the assessment with `right` (set of question ids answered correctly). */
async function attempt(name, right) {
  const browser = await launchBrowser();
  await browser.page.setViewportSize(PHONE);
  const frame = await openInLms(browser.page, server.url);
  const data = await courseData(frame);
  const quiz = data.quizzes.find((q) => q.kind === 'assessment');
  await walkCourse(frame, data, { answerFor: (qz) => (qz.kind === 'assessment' ? (q) => right.has(q.id) : true) });
  await frame.addScriptTag({ url: `${server.url}/lms/axe.min.js` });
  const form = frame.locator(`form.cp-quiz[data-quiz="${quiz.id}"]`);
  const res = form.locator('.cp-quiz-result');
  const sel = `form.cp-quiz[data-quiz="${quiz.id}"] .cp-quiz-result`;
  const run = {
    browser, frame, data, quiz, form, res,
    heading: await res.locator('h2').textContent(),
    focused: await frame.evaluate((s) => document.activeElement?.matches(`${s} h2`) ?? false, sel),
    headingInView: await inViewport(frame, `${sel} h2`),
    count: await res.locator('.cp-results-count').textContent(),
    percent: await res.locator('.cp-results-percent').textContent(),
    passMark: await res.locator('.cp-results-pass').textContent(),
    course: await res.locator('.cp-results-course').textContent().catch(() => null),
    courseInView: await inViewport(frame, `${sel} .cp-results-course`),
    topNotice: await frame.locator('.cp-notice-course-complete').count(),
    buttons: await res.locator('.cp-actions button').evaluateAll((bs) => bs.map((b) => ({ cls: b.className, text: b.textContent }))),
    review: await res.locator('.cp-review > li').evaluateAll((lis) => lis.map((li) => ({
      cls: li.className, text: [...li.querySelectorAll('p')].map((p) => p.textContent) }))),
    axe: await axeViolations(frame),
    lms: (await lmsState(browser.page)).current.cmi.core,
  };
  await screenshot(browser.page, `results-${name}-390`);
  runs[name] = run;
  return run;
}

before(async () => {
  server = await startServer(buildFixture('review-nl'));
  await attempt('pass', new Set(['vorm', 'tijd', 'begrip', 'koppel', 'fasen'])); // 5 of 6: 83%
  await attempt('fail', new Set(['vorm', 'tijd'])); // 2 of 6: 33%
});

after(async () => {
  for (const r of Object.values(runs)) await r.browser.close();
  await server?.close();
});

test('pass: "5 van 6 juist", 83%, the pass mark, passed, focus on the heading in view', () => {
  const r = runs.pass;
  assert.equal(r.heading.trim(), 'Geslaagd');
  assert.equal(r.count, '5 van 6 juist');
  assert.equal(r.percent, '83%');
  assert.equal(r.passMark, 'Nodig om te slagen: 70%');
  assert.ok(r.focused, 'focus moved to the results heading');
  assert.ok(r.headingInView, 'the results heading is scrolled into view');
  assert.equal(r.lms.lesson_status, 'passed', 'tracking: the LMS has passed');
});

test('pass: the completion message is in view on the results screen, not at the top of the page', () => {
  const r = runs.pass;
  assert.equal(r.course, 'Je hebt deze cursus afgerond.');
  assert.ok(r.courseInView, 'the completion message is inside the viewport');
  assert.equal(r.topNotice, 0, 'no completion notice out of view at the top');
});

test('pass: no retry; the next step is a real "Afronden" button (the assessment is the last page)', () => {
  assert.deepEqual(runs.pass.buttons.map((b) => b.text), ['Afronden']);
  assert.match(runs.pass.buttons[0].cls, /cp-continue/);
});

test('pass: the review lists every question, right or wrong, with the correct answer once passed', () => {
  const { review, quiz } = runs.pass;
  assert.equal(review.length, quiz.questions.length);
  const wrong = review.filter((it) => it.cls === 'is-wrong');
  assert.equal(wrong.length, 1);
  const [prompt, verdict, mine, correct] = wrong[0].text;
  assert.equal(prompt, 'Wat hoort bij goede samenwerking?');
  assert.equal(verdict, 'Niet juist');
  assert.equal(mine, 'Jouw antwoord: Informatie achterhouden');
  assert.equal(correct, 'Juiste antwoord: Vertrouwen en Een gedeeld doel');
  assert.ok(review.filter((it) => it.cls === 'is-right').every((it) => it.text[1] === 'Juist'));
});

test('fail: "2 van 6 juist", 33%, not passed, retry and continue buttons, focus on the heading', () => {
  const r = runs.fail;
  assert.equal(r.heading.trim(), 'Nog niet geslaagd');
  assert.equal(r.count, '2 van 6 juist');
  assert.equal(r.percent, '33%');
  assert.equal(r.passMark, 'Nodig om te slagen: 70%');
  assert.ok(r.focused, 'focus moved to the results heading');
  assert.ok(r.headingInView);
  assert.deepEqual(r.buttons.map((b) => b.text), ['Probeer het opnieuw', 'Afronden']);
  assert.match(r.buttons[0].cls, /cp-retry/);
  assert.equal(r.lms.lesson_status, 'failed', 'tracking: the LMS has failed');
});

test('fail: the review shows each answer but no correct answers (reveal after a pass)', () => {
  const r = runs.fail;
  assert.equal(r.review.filter((it) => it.cls === 'is-wrong').length, 4);
  assert.ok(r.review.every((it) => !it.text.some((t) => t.startsWith('Juiste antwoord'))), JSON.stringify(r.review));
  assert.ok(r.review.some((it) => it.text.includes('Jouw antwoord: “xq-zz-onjuist-antwoord”')), 'the fill-in answer is shown');
});

test('axe: no WCAG 2.1 A/AA violations on the results screen, passed and failed', () => {
  assert.deepEqual(runs.pass.axe, []);
  assert.deepEqual(runs.fail.axe, []);
});

test('fail, then retry: the results go away, answers are editable again and a pass replaces the result', async () => {
  const { frame, form, quiz, browser } = runs.fail;
  await form.locator('.cp-retry').click();
  assert.equal(await form.locator('.cp-quiz-result').isVisible(), false);
  assert.equal(await form.locator('.cp-mark').count(), 0, 'the marks of the last attempt are cleared');
  assert.equal(await form.locator('[aria-disabled="true"]').count(), 0);
  await answerQuiz(frame, quiz, true);
  assert.equal((await form.locator('.cp-quiz-result h2').textContent()).trim(), 'Geslaagd');
  assert.equal(await form.locator('.cp-results-count').textContent(), '6 van 6 juist');
  assert.equal((await lmsState(browser.page)).current.cmi.core.lesson_status, 'passed');
});

test('the course end view says what is complete and what was recorded; Volgende is no dead button', async () => {
  const { frame, form, browser } = runs.pass;
  await form.locator('.cp-continue').click();
  const end = frame.locator('#cp-end');
  await end.waitFor({ state: 'visible' });
  assert.equal(await frame.evaluate(() => document.activeElement?.id), 'h-cp-end');
  assert.equal(await end.locator('h1').textContent(), 'Einde van de cursus');
  assert.equal(await end.locator('.cp-end-status').textContent(), 'Je hebt ‘Resultaten in beeld’ afgerond.');
  const record = await end.locator('dd').allTextContents();
  assert.deepEqual(record, ['geslaagd', '83% (nodig: 70%)', '3 van 3']);
  assert.equal(await end.locator('.cp-end-where').textContent(), 'Dit is doorgegeven aan je leeromgeving.');
  assert.equal(await frame.locator('.cp-page:visible').count(), 0, 'no course page is shown beside the end view');
  assert.equal(await frame.locator('.cp-next').isVisible(), false, 'no next button on the end view');
  assert.equal(await frame.locator('.cp-prev').isEnabled(), true);
  await frame.addScriptTag({ url: `${server.url}/lms/axe.min.js` });
  assert.deepEqual(await axeViolations(frame), []);
  await screenshot(browser.page, 'course-end-390');
  await frame.locator('.cp-prev').click();
  assert.equal(await frame.locator(`#p-${runs.pass.quiz.id}`).isVisible(), true, 'back to the last page');
  assert.equal(await frame.locator('.cp-next').textContent(), 'Afronden');
});

test('tracking stays clean: both learners finish with a clean SCORM log', async () => {
  for (const r of Object.values(runs)) {
    const state = await leaveCourse(r.browser.page);
    assertCleanLog(state);
    assertNoProblems(r.browser.problems);
  }
  assert.equal(runs.pass.lms.score.raw, '83');
});
