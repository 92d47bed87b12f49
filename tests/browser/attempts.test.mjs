// Limited attempts in a real package: tests/fixtures/attempts (max_attempts = 3, reveal = "after-last-attempt",
// score_policy = "best", pass mark 100) is built with the coursepack binary (env COURSEPACK_BIN, else
// target/debug/coursepack). Under scorm-again a learner scores 50, then 0, leaves and resumes (the attempt count
// survives), then fails a third time: the quiz locks, no retry is offered, the correct answers are revealed, the
// best score (50) is reported and every attempt's interactions are recorded. At the loopback LRS every attempt
// gets `failed` and `answered` statements naming the attempt number, and every statement passes the validator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildFixturePackages, assertCleanLog, cmiFrom, assertNoProblems, interactionsOf, launchBrowser, leaveCourse, next, openInLms, startServer,
} from './helpers.mjs';
import { startLrs } from './lrs.mjs';
import { AUTH, assertStatementRules, leave, launchUrl, newRegistration, openXapi, xapiProblems } from './xapi-helpers.mjs';

const COURSE_ID = 'https://example.org/courses/attempts';
const ATTEMPT = `${COURSE_ID}/extensions/attempt`;
const ACTOR = { objectType: 'Agent', name: 'Herkansende Leerder', mbox: 'mailto:retry@example.org' };
const HALF = { kleur: 'blauw', getal: 'vijf' }, NONE = { kleur: 'groen', getal: 'vijf' };

let built, scormDir, xapiDir;

before(() => { built = buildFixturePackages('attempts'); ({ scormDir, xapiDir } = built); });

after(() => built?.remove());

const form = (frame) => frame.locator('form.cp-quiz[data-quiz="eindtoets"]');

/** Chooses the answers ({question: choice id}) and submits; returns what the results screen says. */
async function attempt(frame, answers) {
  for (const [q, c] of Object.entries(answers)) {
    await form(frame).locator(`fieldset[data-question="${q}"] input[value="${c}"]`).check();
  }
  await form(frame).locator('.cp-check').click();
  await form(frame).locator('.cp-quiz-result').waitFor({ state: 'visible', timeout: 5000 });
  return results(frame);
}
const results = (frame) => frame.evaluate(() => {
  const box = document.querySelector('form.cp-quiz[data-quiz="eindtoets"] .cp-quiz-result');
  const t = (sel) => box.querySelector(sel)?.textContent.trim() ?? null;
  return { title: t('.cp-results-title'), percent: t('.cp-results-percent'), attempts: t('.cp-results-attempts'),
    retry: !!box.querySelector('.cp-retry'), revealed: box.querySelectorAll('.cp-review-correct').length,
    answerMarks: document.querySelectorAll('form.cp-quiz[data-quiz="eindtoets"] .cp-mark.is-answer').length };
});
const retry = (frame) => form(frame).locator('.cp-retry').click();

test('SCORM 1.2 (scorm-again): three failed attempts lock the quiz, reveal the answers and report the best score', async () => {
  const server = await startServer(scormDir);
  const browser = await launchBrowser();
  try {
    let frame = await openInLms(browser.page, server.url);
    assert.equal(await next(frame), 'eindtoets');
    assert.deepEqual(await attempt(frame, HALF), { title: 'Nog niet geslaagd', percent: '50%',
      attempts: 'Je hebt nog 2 pogingen.', retry: true, revealed: 0, answerMarks: 0 }, 'first attempt: nothing revealed');
    await retry(frame);
    assert.deepEqual(await attempt(frame, NONE), { title: 'Nog niet geslaagd', percent: '0%',
      attempts: 'Je hebt nog 1 poging.', retry: true, revealed: 0, answerMarks: 0 }, 'second attempt');
    const first = await leaveCourse(browser.page);
    assertCleanLog(first);
    assert.equal(String(first.final.cmi.core.score.raw), '50', 'the best score so far, not the last (0)');

    // resume: the two attempts used are remembered
    const cmi = cmiFrom(first.final);
    frame = await openInLms(browser.page, server.url, { cmi });
    assert.equal((await results(frame)).attempts, 'Je hebt nog 1 poging.', 'attempts survive a resume');
    await retry(frame);
    assert.deepEqual(await attempt(frame, NONE), { title: 'Niet geslaagd', percent: '0%',
      attempts: 'Geen pogingen meer: dit resultaat blijft staan.', retry: false, revealed: 2, answerMarks: 2 },
    'the last attempt locks the quiz and reveals the correct answers');
    const st = await frame.evaluate(() => window.CoursepackPlayer.state().quizzes[0]);
    assert.deepEqual([st.attempts, st.attemptsLeft, st.locked, st.score], [3, 0, true, 0]);
    const second = await leaveCourse(browser.page);
    assertCleanLog(second);
    assertNoProblems(browser.problems);
    assert.equal(second.final.cmi.core.lesson_status, 'failed');
    assert.equal(String(second.final.cmi.core.score.raw), '50', 'score_policy "best"');
    const ids = interactionsOf(second.final).map((r) => [r.id, r.result]);
    assert.deepEqual(ids, [['eindtoets_kleur', 'wrong'], ['eindtoets_getal', 'wrong']], 'this session: the third attempt');
    const earlier = interactionsOf(first.final).map((r) => r.id);
    assert.equal(earlier.length, 4, `both earlier attempts recorded: ${earlier}`);

    // a relaunch after the last attempt: still locked, the answers still shown
    frame = await openInLms(browser.page, server.url, { cmi: { ...cmi, suspend_data: second.final.cmi.suspend_data } });
    const locked = await results(frame);
    assert.deepEqual([locked.retry, locked.revealed, locked.attempts], [false, 2, 'Geen pogingen meer: dit resultaat blijft staan.']);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('xAPI (loopback LRS): failed per attempt and answered per question name the attempt; all statements valid', async () => {
  const server = await startServer(xapiDir);
  const lrs = await startLrs({ auth: AUTH });
  const browser = await launchBrowser();
  try {
    const reg = newRegistration();
    const frame = await openXapi(browser.page, launchUrl(server.url, lrs, { actor: ACTOR, registration: reg }));
    await next(frame);
    await attempt(frame, HALF);
    await retry(frame);
    await attempt(frame, NONE);
    await retry(frame);
    assert.equal((await attempt(frame, HALF)).retry, false);
    await leave(browser.page, lrs, reg);
    assertStatementRules(lrs, reg, { actor: ACTOR, courseId: COURSE_ID, lang: 'nl' });
    const failed = lrs.withVerb('failed', reg).map((s) => [s.context.extensions?.[ATTEMPT], s.result.score.raw]);
    assert.deepEqual(failed, [[1, 50], [2, 0], [3, 50]], 'one failed statement per attempt, with its own score');
    const answered = lrs.withVerb('answered', reg).map((s) => s.context.extensions?.[ATTEMPT]);
    assert.deepEqual(answered, [1, 1, 2, 2, 3, 3]);
    assert.deepEqual(xapiProblems(browser.problems), { pageErrors: [], consoleErrors: [], externalRequests: [], failedRequests: [] });
  } finally {
    await browser.close();
    await lrs.close();
    await server.close();
  }
});
