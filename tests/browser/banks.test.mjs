// Question banks and time limits in a real package: tests/fixtures/bank (8 questions in two groups of 4, each
// attempt draws 2 + 2, question and choice order shuffled per attempt, max_attempts = 3, reveal =
// "after-last-attempt", score_policy = "best", time_limit = "10m") is built with the coursepack binary (env
// COURSEPACK_BIN, else target/debug/coursepack). The attempt seeds come from crypto.getRandomValues, which each test
// replaces by a fixed sequence, so "two learners" are two known seeds.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildFixturePackages, assertCleanLog, cmiFrom, assertNoProblems, interactionsOf, launchBrowser, leaveCourse, next, openInLms, startServer,
} from './helpers.mjs';
import { startLrs } from './lrs.mjs';
import { AUTH, assertStatementRules, leave, launchUrl, newRegistration, openXapi, xapiProblems } from './xapi-helpers.mjs';

const COURSE_ID = 'https://example.org/courses/bank';
const ATTEMPT = `${COURSE_ID}/extensions/attempt`;
const ACTOR = { objectType: 'Agent', name: 'Trekkende Leerder', mbox: 'mailto:bank@example.org' };
const GROUPS = { kleuren: ['lucht', 'gras', 'bloed', 'sneeuw'], getallen: ['twee-twee', 'drie-drie', 'vijf-twee', 'tien-half'] };
const RIGHT = { lucht: 'blauw', gras: 'groen', bloed: 'rood', sneeuw: 'wit', 'twee-twee': 'vier', 'drie-drie': 'zes',
  'vijf-twee': 'drie', 'tien-half': 'vijf' };
const WRONG = { lucht: 'groen', gras: 'blauw', bloed: 'blauw', sneeuw: 'zwart', 'twee-twee': 'drie', 'drie-drie': 'vijf',
  'vijf-twee': 'twee', 'tien-half': 'vier' };

let built, scormDir, xapiDir;

before(() => { built = buildFixturePackages('bank'); ({ scormDir, xapiDir } = built); });

after(() => built?.remove());

/** Every frame of the context draws its attempt seeds (one Uint32) from `values`, in turn (then the last one);
 *  other random values (statement ids) stay random. */
async function fixRandom(context, values) {
  await context.addInitScript((vals) => {
    let i = 0;
    const real = window.crypto.getRandomValues.bind(window.crypto);
    window.crypto.getRandomValues = (a) => {
      if (!(a instanceof Uint32Array && a.length === 1)) return real(a);
      a[0] = vals[Math.min(i++, vals.length - 1)];
      return a;
    };
  }, values);
}

const form = (frame) => frame.locator('form.cp-quiz[data-quiz="eindtoets"]');

/** What the learner sees: the visible questions (id, number, choice order) and the hidden ones. */
const shown = (frame) => frame.evaluate(() => {
  const fss = [...document.querySelectorAll('form.cp-quiz[data-quiz="eindtoets"] fieldset.cp-question')];
  const vis = fss.filter((f) => f.checkVisibility());
  return {
    ids: vis.map((f) => f.dataset.question),
    numbers: vis.map((f) => f.querySelector('.cp-q-number').textContent),
    choices: Object.fromEntries(vis.map((f) => [f.dataset.question, [...f.querySelectorAll('.cp-choice input')].map((i) => i.value)])),
    hidden: fss.filter((f) => !f.checkVisibility()).map((f) => f.dataset.question).sort(),
    state: window.CoursepackPlayer.state().quizzes[0],
  };
});

/** Answers the visible questions from `answers` ({question: choice}); `only` limits it to the first n. */
async function answer(frame, answers, only = Infinity) {
  const { ids } = await shown(frame);
  for (const q of ids.slice(0, only)) await form(frame).locator(`fieldset[data-question="${q}"] input[value="${answers[q]}"]`).check();
  return ids;
}
async function submit(frame) {
  await form(frame).locator('.cp-check').click();
  await form(frame).locator('.cp-quiz-result').waitFor({ state: 'visible', timeout: 5000 });
  return frame.evaluate(() => {
    const box = document.querySelector('form.cp-quiz[data-quiz="eindtoets"] .cp-quiz-result');
    const t = (sel) => box.querySelector(sel)?.textContent.trim() ?? null;
    return { count: t('.cp-results-count'), percent: t('.cp-results-percent'), attempts: t('.cp-results-attempts'),
      retry: !!box.querySelector('.cp-retry'), revealed: box.querySelectorAll('.cp-review-correct').length,
      reviewed: box.querySelectorAll('.cp-review > li').length, timeUp: t('.cp-results-time-up'),
      told: [...document.querySelectorAll('form.cp-quiz[data-quiz="eindtoets"] .cp-feedback')]
        .filter((f) => /Het juiste antwoord is/.test(f.textContent) && f.checkVisibility()).length };
  });
}

function assertBalancedDraw(view, what) {
  assert.equal(view.ids.length, 4, `${what}: four questions shown`);
  assert.deepEqual(view.numbers, ['1.', '2.', '3.', '4.'], `${what}: numbered in the order shown`);
  for (const [g, ids] of Object.entries(GROUPS)) {
    assert.equal(view.ids.filter((q) => ids.includes(q)).length, 2, `${what}: two questions of group ${g}: ${view.ids}`);
  }
  assert.deepEqual([...view.ids, ...view.hidden].sort(), Object.keys(RIGHT).sort(), `${what}: the rest is hidden`);
  assert.deepEqual(view.state.drawn, view.ids, `${what}: the player's draw is what is shown`);
}

test('SCORM 1.2 (scorm-again): two learners get different balanced draws; a resumed attempt shows the same questions and answers', async () => {
  const server = await startServer(scormDir);
  const views = [];
  try {
    for (const seed of [12345, 987654321]) {
      const browser = await launchBrowser();
      try {
        await fixRandom(browser.context, [seed]);
        let frame = await openInLms(browser.page, server.url);
        assert.equal(await next(frame), 'eindtoets');
        const view = await shown(frame);
        assertBalancedDraw(view, `seed ${seed}`);
        views.push(view);
        // two answers, then the learner leaves mid-attempt and comes back
        const ids = await answer(frame, RIGHT, 2);
        const first = await leaveCourse(browser.page);
        assertCleanLog(first);
        assert.equal(interactionsOf(first.final).length, 0, 'nothing submitted yet');
        frame = await openInLms(browser.page, server.url, { cmi: cmiFrom(first.final) });
        const again = await shown(frame);
        assert.deepEqual([again.ids, again.choices, again.state.seed], [view.ids, view.choices, view.state.seed],
          'the resumed attempt shows the same questions with the same choice order');
        const checked = await frame.evaluate(() => [...document.querySelectorAll('form.cp-quiz input:checked')]
          .map((i) => i.closest('fieldset').dataset.question + '=' + i.value));
        assert.deepEqual(checked.sort(), ids.slice(0, 2).map((q) => `${q}=${RIGHT[q]}`).sort(), 'the answers given are back');
        await answer(frame, RIGHT);
        const res = await submit(frame);
        assert.deepEqual([res.count, res.percent, res.reviewed], ['4 van 4 juist', '100%', 4]);
        const second = await leaveCourse(browser.page);
        assertCleanLog(second);
        assert.equal(second.final.cmi.core.lesson_status, 'passed');
        assert.deepEqual(interactionsOf(second.final).map((r) => [r.id, r.result]),
          view.ids.map((q) => [`eindtoets_${q}`, 'correct']), 'only the drawn questions are recorded, under their own ids');
        assertNoProblems(browser.problems);
      } finally {
        await browser.close();
      }
    }
    assert.notDeepEqual(views[0].ids, views[1].ids, 'two seeds, two different draws');
    const reordered = Object.entries(views[0].choices).some(([q, order]) => order[0] !== RIGHT[q]);
    assert.ok(reordered, `choices are shuffled per attempt: ${JSON.stringify(views[0].choices)}`);
  } finally {
    await server.close();
  }
});

test('SCORM 1.2 (scorm-again): each retry draws again; the third failed attempt locks the quiz, reveals the answers and the best score stands', async () => {
  const server = await startServer(scormDir);
  const browser = await launchBrowser();
  try {
    await fixRandom(browser.context, [111, 222222, 33333333]);
    const frame = await openInLms(browser.page, server.url);
    await next(frame);
    const draws = [], results = [];
    for (let n = 0; n < 3; n++) {
      const view = await shown(frame);
      assertBalancedDraw(view, `attempt ${n + 1}`);
      draws.push(view.ids.join());
      // attempt 1: two right (50%), attempt 2: one right (25%), attempt 3: none
      const right = 2 - n;
      for (const [k, q] of view.ids.entries()) {
        await form(frame).locator(`fieldset[data-question="${q}"] input[value="${(k < right ? RIGHT : WRONG)[q]}"]`).check();
      }
      results.push(await submit(frame));
      if (n < 2) await form(frame).locator('.cp-retry').click();
    }
    assert.equal(new Set(draws).size, 3, `every attempt is a new draw: ${draws.join(' | ')}`);
    assert.deepEqual(results.map((r) => r.percent), ['50%', '25%', '0%']);
    assert.deepEqual([results[1].revealed, results[2].revealed, results[2].retry, results[2].attempts],
      [0, 4, false, 'Geen pogingen meer: dit resultaat blijft staan.'], 'revealed after the last attempt only');
    assert.deepEqual(results.map((r) => r.told), [0, 0, 4],
      'feedback.incorrect (which names the answer) is held back until the answers may be revealed');
    const st = (await shown(frame)).state;
    assert.deepEqual([st.attempts, st.locked, st.score], [3, true, 0]);
    const done = await leaveCourse(browser.page);
    assertCleanLog(done);
    assertNoProblems(browser.problems);
    assert.equal(String(done.final.cmi.core.score.raw), '50', 'score_policy "best"');
    assert.equal(interactionsOf(done.final).length, 12, 'every attempt\'s four interactions');
  } finally {
    await browser.close();
    await server.close();
  }
});

test('time limit: a role=timer countdown, spoken warnings, and expiry submits the attempt as it stands', async () => {
  const server = await startServer(scormDir);
  const browser = await launchBrowser();
  try {
    await fixRandom(browser.context, [4242]);
    await browser.page.clock.install();
    const frame = await openInLms(browser.page, server.url);
    await next(frame);
    const timer = form(frame).locator('.cp-timer');
    assert.equal(await timer.getAttribute('role'), 'timer');
    assert.equal(await timer.textContent(), 'Resterende tijd: 10:00');
    const ids = await answer(frame, RIGHT, 1);
    await browser.page.clock.runFor(5 * 60 * 1000 + 1000);
    assert.match(await timer.textContent(), /^Resterende tijd: 4:5\d$/);
    const live = () => frame.evaluate(() => [...document.querySelectorAll('.cp-sr[aria-live]')].map((e) => e.textContent).join());
    assert.match(await live(), /Nog 5 minuten voor deze toets\./, 'a spoken warning at five minutes left');
    // leaving and coming back mid-attempt keeps the time used
    const away = await leaveCourse(browser.page);
    assertCleanLog(away);
    const resumed = await openInLms(browser.page, server.url, { cmi: cmiFrom(away.final) });
    const left = await resumed.evaluate(() => window.CoursepackPlayer.state().quizzes[0].timeLeft);
    assert.ok(left > 280 && left <= 300, `about five minutes left after the resume, not ${left}`);
    await browser.page.clock.runFor(5 * 60 * 1000 + 2000);
    const box = form(resumed).locator('.cp-quiz-result');
    await box.waitFor({ state: 'visible', timeout: 5000 });
    assert.equal(await box.locator('.cp-results-time-up').textContent(), 'De tijd was om: vragen zonder antwoord tellen als fout.');
    assert.equal(await box.locator('.cp-results-count').textContent(), '1 van 4 juist');
    assert.equal(await form(resumed).locator('.cp-timer').isVisible(), false, 'the countdown is gone');
    const done = await leaveCourse(browser.page);
    assertCleanLog(done);
    assertNoProblems(browser.problems);
    assert.deepEqual(interactionsOf(done.final).map((r) => r.result),
      ['correct', 'wrong', 'wrong', 'wrong'], `the unanswered questions count as wrong (${ids[0]} was answered)`);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('xAPI (loopback LRS): answered only for the drawn questions, per attempt; the resumed attempt comes from the State API', async () => {
  const server = await startServer(xapiDir);
  const lrs = await startLrs({ auth: AUTH });
  const browser = await launchBrowser();
  try {
    await fixRandom(browser.context, [555, 66666]);
    const reg = newRegistration();
    const url = launchUrl(server.url, lrs, { actor: ACTOR, registration: reg });
    let frame = await openXapi(browser.page, url);
    await next(frame);
    const first = await shown(frame);
    assertBalancedDraw(first, 'xAPI attempt 1');
    await answer(frame, WRONG, 3);
    await leave(browser.page, lrs, reg);
    frame = await openXapi(browser.page, url);
    const resumed = await shown(frame);
    assert.deepEqual([resumed.ids, resumed.choices], [first.ids, first.choices], 'the State API keeps the draw');
    await answer(frame, WRONG);
    await submit(frame);
    await form(frame).locator('.cp-retry').click();
    const second = await shown(frame);
    assertBalancedDraw(second, 'xAPI attempt 2');
    await answer(frame, RIGHT);
    assert.equal((await submit(frame)).percent, '100%');
    await leave(browser.page, lrs, reg);
    assertStatementRules(lrs, reg, { actor: ACTOR, courseId: COURSE_ID, lang: 'nl' });
    const answered = lrs.withVerb('answered', reg).map((s) => [s.context.extensions?.[ATTEMPT], s.object.id.split('/').pop()]);
    assert.deepEqual(answered.map(([a]) => a), [1, 1, 1, 1, 2, 2, 2, 2]);
    assert.deepEqual(answered.slice(0, 4).map(([, id]) => id), first.ids);
    assert.deepEqual(answered.slice(4).map(([, id]) => id), second.ids);
    assert.deepEqual(lrs.withVerb('failed', reg).length + lrs.withVerb('passed', reg).length, 2);
    assert.deepEqual(xapiProblems(browser.problems), { pageErrors: [], consoleErrors: [], externalRequests: [], failedRequests: [] });
  } finally {
    await browser.close();
    await lrs.close();
    await server.close();
  }
});
