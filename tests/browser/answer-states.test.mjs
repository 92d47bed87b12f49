// Answer states after a submission, true/false labels, unanswered questions and per-question feedback, on two
// fixture courses built with the real binary (tests/browser/fixtures/courses/review-nl and review-en), standalone.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerQuestion, assertCleanLog, assertNoProblems, courseData, interactionsOf, launchBrowser, leaveCourse, lmsState,
  openInLms, startServer, waitForPlayer,
} from './helpers.mjs';
import { axeViolations, buildFixture, contrastOf, inViewport, screenshot } from './review-helpers.mjs';

let nl;
let en;

async function open(name) {
  const server = await startServer(buildFixture(name));
  const browser = await launchBrowser();
  await browser.page.setViewportSize({ width: 390, height: 844 });
  await browser.page.goto(`${server.url}/pkg/index.html`);
  const frame = browser.page.mainFrame();
  await waitForPlayer(frame);
  await browser.page.addScriptTag({ url: `${server.url}/lms/axe.min.js` });
  const data = await courseData(frame);
  const quiz = (id) => data.quizzes.find((q) => q.id === id);
  const goTo = (id) => frame.evaluate((p) => window.CoursepackPlayer.goTo(p), id);
  const fs = (quizId, qid) => frame.locator(`form.cp-quiz[data-quiz="${quizId}"] fieldset[data-question="${qid}"]`);
  const flag = async (quizId) => (await frame.evaluate(() => window.CoursepackPlayer.state().quizzes)).find((q) => q.id === quizId).flag;
  return { server, browser, frame, data, quiz, goTo, fs, flag };
}

before(async () => {
  nl = await open('review-nl');
  en = await open('review-en');
});

after(async () => {
  for (const c of [nl, en]) { await c?.browser.close(); await c?.server.close(); }
});

test('true/false options read Waar/Niet waar (nl) and True/False (en), never the verdict words', async () => {
  const labels = (c, quizId, qid) => c.fs(quizId, qid).locator('.cp-choice label').allTextContents();
  assert.deepEqual(await labels(nl, 'kennischeck', 'tijd'), ['Waar', 'Niet waar']);
  assert.deepEqual(await labels(en, 'check', 'time'), ['True', 'False']);
  for (const c of [nl, en]) {
    const verdicts = [c.data.strings.correct, c.data.strings.incorrect].map((v) => v.replace(/\.$/, ''));
    const tf = [c.data.strings.true, c.data.strings.false];
    assert.ok(tf.every((t) => !verdicts.includes(t)), `${tf} differ from the verdicts ${verdicts}`);
  }
});

test('a submitted answer stays readable (contrast >= 4.5, not disabled) and is marked right or wrong in words', async () => {
  const quiz = nl.quiz('kennischeck');
  await nl.goTo(quiz.id);
  await answerQuestion(nl.frame, quiz.id, quiz.questions[0], false); // "Niet waar": wrong
  await answerQuestion(nl.frame, quiz.id, quiz.questions[1], true);
  await nl.frame.locator(`form[data-quiz="${quiz.id}"] .cp-check`).click();
  const tf = nl.fs(quiz.id, 'tijd');
  const chosen = tf.locator('.cp-choice.is-chosen');
  assert.equal(await chosen.count(), 1);
  assert.equal(await chosen.locator('label').textContent(), 'Niet waar');
  assert.equal(await chosen.locator('input').evaluate((i) => i.disabled), false, 'not the grey disabled control');
  assert.equal(await chosen.locator('input').getAttribute('aria-disabled'), 'true');
  assert.equal(await chosen.locator('input').isChecked(), true);
  const ratio = await contrastOf(chosen.locator('label'));
  assert.ok(ratio >= 4.5, `chosen option text contrast ${ratio.toFixed(2)} >= 4.5`);
  assert.equal(await chosen.locator('.cp-mark').textContent(), 'Jouw keuze: niet juist');
  assert.ok((await contrastOf(chosen.locator('.cp-mark'))) >= 4.5, 'the mark is readable too');
  // knowledge checks reveal by default: the right option is marked as the correct answer
  const answer = tf.locator('.cp-choice.is-answer');
  assert.equal(await answer.locator('label').textContent(), 'Waar');
  assert.equal(await answer.locator('.cp-mark').textContent(), 'Juiste antwoord');
  assert.equal(await nl.fs(quiz.id, 'vorm').locator('.is-chosen .cp-mark').textContent(), 'Jouw keuze: juist');
  // the verdict of a wrong "Niet waar" is "Niet juist.", not "Juist."
  assert.equal(await tf.locator('.cp-verdict').textContent(), 'Niet juist.');
  // a locked answer cannot change, by click or keyboard
  await tf.locator('.cp-choice label', { hasText: /^Waar$/ }).click({ force: true }); // a real click; playwright would wait for aria-enabled
  await chosen.locator('input').press('ArrowUp');
  assert.equal(await tf.locator('input[value="false"]').isChecked(), true, 'the submitted answer is kept');
  assert.deepEqual(await axeViolations(nl.frame), []);
  await screenshot(nl.browser.page, 'answer-states-390');
});

test('every question type marks each option; fill-in and matching keep full-contrast controls', async () => {
  const quiz = nl.quiz('eindtoets');
  await nl.goTo(quiz.id);
  for (const q of quiz.questions) await answerQuestion(nl.frame, quiz.id, q, q.id === 'vorm');
  await nl.frame.locator(`form[data-quiz="${quiz.id}"] .cp-check`).click();
  const marks = async (qid) => nl.fs(quiz.id, qid).locator('.cp-mark').allTextContents();
  assert.deepEqual(await marks('kenmerken'), ['Jouw keuze: niet juist'], 'failed: no correct answers revealed');
  assert.deepEqual(await marks('begrip'), ['Niet juist']);
  assert.deepEqual(await marks('koppel'), ['Niet juist', 'Niet juist']);
  const steps = await marks('fasen');
  assert.equal(steps.length, 3, 'one mark per step');
  assert.ok(steps.every((m) => ['Juiste plaats', 'Niet op de juiste plaats'].includes(m)), `${steps}`);
  assert.ok(steps.includes('Niet op de juiste plaats'));
  const text = nl.fs(quiz.id, 'begrip').locator('input[type="text"]');
  assert.equal(await text.evaluate((i) => i.disabled), false);
  assert.equal(await text.getAttribute('readonly'), '');
  assert.ok((await contrastOf(text)) >= 4.5);
  const select = nl.fs(quiz.id, 'koppel').locator('select').first();
  assert.equal(await select.evaluate((i) => i.disabled), false);
  assert.ok((await contrastOf(select)) >= 4.5);
});

test('unanswered questions are listed by number, the first scrolled into view and marked; an untouched sequence counts', async () => {
  const quiz = nl.quiz('eindtoets');
  await nl.frame.locator(`form[data-quiz="${quiz.id}"] .cp-retry`).click();
  const byId = Object.fromEntries(quiz.questions.map((q) => [q.id, q]));
  await answerQuestion(nl.frame, quiz.id, byId.vorm, true); // question 1
  await answerQuestion(nl.frame, quiz.id, byId.tijd, true); // question 3; 2, 4, 5 and 6 (the sequence) stay open
  await nl.frame.evaluate(() => window.scrollTo(0, 0));
  await nl.frame.locator(`form[data-quiz="${quiz.id}"] .cp-check`).click();
  const msg = nl.frame.locator(`form[data-quiz="${quiz.id}"] .cp-quiz-open`);
  assert.equal(await msg.textContent(), 'Beantwoord eerst alle vragen: de vragen 2, 4, 5 en 6 zijn nog open.');
  assert.equal(await msg.getAttribute('role'), 'status');
  const open = await nl.frame.locator(`form[data-quiz="${quiz.id}"] fieldset.is-open`).evaluateAll((f) => f.map((x) => x.dataset.question));
  assert.deepEqual(open, ['kenmerken', 'begrip', 'koppel', 'fasen']);
  assert.ok(await inViewport(nl.frame, `#q-${quiz.id}-kenmerken legend`), 'the first open question is scrolled into view');
  const first = nl.fs(quiz.id, 'kenmerken');
  assert.equal(await first.locator('.cp-open-mark').textContent(), 'Nog niet beantwoord');
  assert.ok(await first.locator('.cp-open-mark').isVisible());
  assert.equal(await first.locator('input').first().getAttribute('aria-invalid'), 'true');
  assert.equal(await first.evaluate((f) => f.contains(document.activeElement)), true, 'focus is in the first open question');
  assert.match(await nl.fs(quiz.id, 'fasen').locator('.cp-open-mark').textContent(), /volgorde/);
  assert.equal(await nl.frame.locator(`form[data-quiz="${quiz.id}"] .cp-quiz-result`).isVisible(), false, 'nothing was submitted');
  assert.equal(await nl.frame.evaluate(() => window.CoursepackPlayer.state().quizzes.find((q) => q.kind === 'assessment').locked), false);
  assert.deepEqual(await axeViolations(nl.frame), []);
  await screenshot(nl.browser.page, 'unanswered-390');
  // answering an open question removes its mark
  await answerQuestion(nl.frame, quiz.id, byId.kenmerken, true);
  assert.equal(await first.locator('.cp-open-mark').count(), 0);
  assert.equal(await first.locator('[aria-invalid]').count(), 0);
});

test('per-question feedback: "Check" grades one question; the quiz is recorded once all are checked', async () => {
  const quiz = en.quiz('check');
  await en.goTo(quiz.id);
  const form = en.frame.locator(`form[data-quiz="${quiz.id}"]`);
  assert.equal(await form.locator('.cp-check').isVisible(), false, 'no whole-quiz button');
  assert.equal(await form.locator('.cp-check-question').count(), 3);
  const [time, shape, order] = quiz.questions.map((q) => en.fs(quiz.id, q.id));
  await answerQuestion(en.frame, quiz.id, quiz.questions[0], true);
  await time.locator('.cp-check-question').click();
  assert.equal(await time.locator('.cp-verdict').textContent(), 'Correct.');
  assert.equal(await time.locator('.cp-feedback').textContent(), 'Correct.Yes: it pays off later.');
  assert.equal(await time.locator('.is-chosen .cp-mark').textContent(), 'Your choice: correct');
  assert.equal(await time.locator('.cp-check-question').isVisible(), false);
  assert.equal(await shape.locator('.cp-feedback').isVisible(), false, 'the other questions are not graded yet');
  assert.equal(await en.flag(quiz.id), 0, 'not submitted yet');
  // checking an open question marks it instead
  await shape.locator('.cp-check-question').click();
  assert.equal(await shape.locator('.cp-open-mark').textContent(), 'Not answered yet');
  await answerQuestion(en.frame, quiz.id, quiz.questions[1], false);
  await shape.locator('.cp-check-question').click();
  assert.equal(await shape.locator('.cp-verdict').textContent(), 'Not correct.');
  assert.equal(await shape.locator('.is-answer').count(), 0, 'reveal = "never": the correct option is not shown');
  // an untouched sequence is open; once moved it can be checked
  await order.locator('.cp-check-question').click();
  assert.match(await order.locator('.cp-open-mark').textContent(), /order/);
  await answerQuestion(en.frame, quiz.id, quiz.questions[2], true);
  await order.locator('.cp-check-question').click();
  assert.equal(await order.locator('.cp-verdict').textContent(), 'Correct.');
  const res = form.locator('.cp-quiz-result');
  await res.waitFor({ state: 'visible' });
  assert.equal(await res.locator('.cp-results-count').textContent(), '2 of 3 correct');
  assert.equal(await en.flag(quiz.id), 1, 'submitted once every question was checked');
  assert.deepEqual(await res.locator('.cp-actions button').allTextContents(), ['Try again', 'Continue']);
  assert.deepEqual(await axeViolations(en.frame), []);
});

test('per-question checks under scorm-again: nothing is recorded until the last check, then one record per question', async () => {
  const browser = await launchBrowser();
  try {
    const frame = await openInLms(browser.page, en.server.url);
    const quiz = en.quiz('check');
    await frame.evaluate((id) => window.CoursepackPlayer.goTo(id), quiz.id);
    const check = (qid) => frame.locator(`fieldset[data-question="${qid}"] .cp-check-question`).click();
    await answerQuestion(frame, quiz.id, quiz.questions[0], true);
    await check('time');
    await answerQuestion(frame, quiz.id, quiz.questions[1], false);
    await check('form');
    await frame.evaluate(() => window.CoursepackPlayer.goTo(window.CoursepackPlayer.state().page)); // a save
    assert.equal(interactionsOf((await lmsState(browser.page)).current).length, 0, 'two of three checked: nothing recorded');
    await answerQuestion(frame, quiz.id, quiz.questions[2], true);
    await check('order');
    const state = await leaveCourse(browser.page);
    const recs = interactionsOf(state.final);
    assert.deepEqual(recs.map((r) => [r.id, r.result]),
      [['check_time', 'correct'], ['check_form', 'wrong'], ['check_order', 'correct']]);
    assertCleanLog(state);
    assertNoProblems(browser.problems, 'scorm-again');
  } finally {
    await browser.close();
  }
});

test('the last content page offers "Finish" and an end view that says what is still missing', async () => {
  await en.goTo(en.data.pages[en.data.pages.length - 1].id);
  const nextBtn = en.frame.locator('.cp-next');
  assert.equal(await nextBtn.textContent(), 'Finish');
  assert.equal(await nextBtn.isEnabled(), true);
  await nextBtn.click();
  const end = en.frame.locator('#cp-end');
  assert.equal(await end.locator('h1').textContent(), 'End of the course');
  assert.equal(await end.locator('.cp-end-status').textContent(), 'You have completed “Checking as you go”.');
  assert.deepEqual(await end.locator('dd').allTextContents(), ['completed', '3 of 3']);
  assert.equal(await end.locator('.cp-end-where').textContent(), 'Not connected to a learning platform: nothing has been passed on.');
  await end.locator('.cp-end-restart').click();
  assert.equal(await en.frame.locator(`#p-${en.data.pages[0].id}`).isVisible(), true);
  assert.equal(await end.isVisible(), false);
});

test('no console errors, nothing outside 127.0.0.1', () => {
  assertNoProblems(nl.browser.problems, 'nl');
  assertNoProblems(en.browser.problems, 'en');
});
