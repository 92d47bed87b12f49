// Typed answers in a real package: tests/fixtures/answer-matching is built with the coursepack binary (env
// COURSEPACK_BIN, else target/debug/coursepack, which `cargo test` builds) for SCORM 1.2 and xAPI. A learner types
// "40 procent" in a numeric question and "Kritische Vrienden." in a fill-in: both are graded correct, in
// scorm-again with numeric / fill-in interactions and their patterns, and at the loopback LRS with numeric
// interactions (`40[:]40`) in statements that pass Learning Locker's validator. A near miss gets its own feedback.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildFixturePackages, assertCleanLog, assertNoProblems, interactionsOf, launchBrowser, leaveCourse, next, openInLms, startServer,
  visiblePage,
} from './helpers.mjs';
import { startLrs } from './lrs.mjs';
import { AUTH, assertStatementRules, leave, launchUrl, newRegistration, openXapi, xapiProblems } from './xapi-helpers.mjs';

const ACTOR = { objectType: 'Agent', name: 'Typende Leerder', mbox: 'mailto:typist@example.org' };
const NEAR_MISS = "Bijna: het woord staat voor 'vrienden' en krijgt dus een -e.";
const GENERIC = 'Het gaat om een kring van kritische vrienden.';

let built, scormDir, xapiDir;

before(() => { built = buildFixturePackages('answer-matching'); ({ scormDir, xapiDir } = built); });

after(() => built?.remove());

const field = (frame, quiz, q) => frame.locator(`form.cp-quiz[data-quiz="${quiz}"] fieldset.cp-question[data-question="${q}"]`);

async function submit(frame, quiz) {
  const form = frame.locator(`form.cp-quiz[data-quiz="${quiz}"]`);
  await form.locator('.cp-check').click();
  await form.locator('.cp-quiz-result').waitFor({ state: 'visible', timeout: 5000 });
}

/** Types the answers ({question: text}) into the final assessment and submits it. */
async function takeAssessment(frame, typed) {
  for (const [q, text] of Object.entries(typed)) await field(frame, 'eindtoets', q).locator('input[type="text"]').fill(text);
  await submit(frame, 'eindtoets');
}

const verdicts = (frame) => frame.evaluate(() => Object.fromEntries([...document.querySelectorAll('form[data-quiz="eindtoets"] fieldset')]
  .map((fs) => [fs.dataset.question, fs.classList.contains('is-correct')])));

test('SCORM 1.2 (scorm-again): typed variants are correct, recorded as numeric and fill-in interactions', async () => {
  const server = await startServer(scormDir);
  const browser = await launchBrowser();
  try {
    const frame = await openInLms(browser.page, server.url);
    assert.equal(await next(frame), 'oefenen');
    // a near miss gets its own feedback instead of the general one (which would give the answer away)
    await field(frame, 'oefenen', 'vrienden-oefenen').locator('input[type="text"]').fill('Kritisch!');
    await field(frame, 'oefenen', 'aandeel').locator('input[type="text"]').fill('tien');
    await submit(frame, 'oefenen');
    const feedback = await field(frame, 'oefenen', 'vrienden-oefenen').locator('.cp-feedback').textContent();
    assert.ok(feedback.includes(NEAR_MISS), `near-miss feedback shown: ${feedback}`);
    assert.ok(!feedback.includes(GENERIC), `the general incorrect feedback is not: ${feedback}`);
    assert.equal(await next(frame), 'eindtoets');
    await takeAssessment(frame, { besparing: '40 procent', kring: 'Kritische Vrienden.', temperatuur: '4 °C', jaren: '3 jaar' });
    assert.deepEqual(await verdicts(frame), { besparing: true, kring: true, temperatuur: true, jaren: true });
    assert.equal(await visiblePage(frame), 'eindtoets');
    const state = await leaveCourse(browser.page);
    assertCleanLog(state);
    assertNoProblems(browser.problems);
    assert.equal(state.final.cmi.core.lesson_status, 'passed');
    assert.equal(String(state.final.cmi.core.score.raw), '100');
    const byId = new Map(interactionsOf(state.final).map((r) => [r.id, r]));
    const pattern = (r) => r.correct_responses?.childArray?.[0]?.pattern ?? r.correct_responses?.[0]?.pattern;
    const expected = {
      eindtoets_besparing: { type: 'numeric', response: '40', pattern: '40' },
      eindtoets_kring: { type: 'fill-in', response: 'Kritische Vrienden.', pattern: 'kritische vrienden' },
      eindtoets_temperatuur: { type: 'numeric', response: '4', pattern: undefined }, // a range: no single CMIDecimal
      eindtoets_jaren: { type: 'numeric', response: '3', pattern: '2.5' },
    };
    for (const [id, e] of Object.entries(expected)) {
      const r = byId.get(id);
      assert.ok(r, `interaction ${id} recorded: ${JSON.stringify([...byId.keys()])}`);
      assert.deepEqual({ type: r.type, response: r.student_response, pattern: pattern(r), result: r.result },
        { ...e, result: 'correct' }, id);
    }
    const practice = byId.get('oefenen_vrienden-oefenen');
    assert.deepEqual([practice.type, practice.student_response, practice.result], ['fill-in', 'Kritisch!', 'wrong']);
    const word = byId.get('oefenen_aandeel');
    assert.deepEqual([word.type, word.student_response, pattern(word), word.result], ['numeric', '', '10', 'wrong'],
      'a number word is wrong and recorded as no number');
  } finally {
    await browser.close();
    await server.close();
  }
});

test('xAPI (loopback LRS): numeric interactions with range patterns; every statement passes the validator', async () => {
  const server = await startServer(xapiDir);
  const lrs = await startLrs({ auth: AUTH });
  const browser = await launchBrowser();
  try {
    const reg = newRegistration();
    const frame = await openXapi(browser.page, launchUrl(server.url, lrs, { actor: ACTOR, registration: reg }));
    await next(frame);
    await next(frame);
    // "drie" is a number word: not accepted, and recorded as an empty numeric response
    await takeAssessment(frame, { besparing: '40 procent', kring: 'Kritische Vrienden.', temperatuur: '3,5', jaren: 'drie' });
    assert.deepEqual(await verdicts(frame), { besparing: true, kring: true, temperatuur: true, jaren: false });
    await leave(browser.page, lrs, reg);
    const courseId = 'https://example.org/courses/answer-matching';
    const mine = assertStatementRules(lrs, reg, { actor: ACTOR, courseId, lang: 'nl' });
    assert.ok(mine.length >= 6);
    const answered = Object.fromEntries(lrs.withVerb('answered', reg)
      .map((s) => [s.object.id.split('/').pop(), s]));
    const expected = {
      besparing: { type: 'numeric', patterns: ['40[:]40'], response: '40', success: true },
      kring: { type: 'fill-in', patterns: ['{case_matters=false}kritische vrienden'], response: 'Kritische Vrienden.', success: true },
      temperatuur: { type: 'numeric', patterns: ['3.5[:]5'], response: '3.5', success: true },
      jaren: { type: 'numeric', patterns: ['2[:]3'], response: '', success: false },
    };
    for (const [id, e] of Object.entries(expected)) {
      const s = answered[id];
      assert.ok(s, `answered ${id}: ${JSON.stringify(Object.keys(answered))}`);
      const d = s.object.definition;
      assert.deepEqual({ type: d.interactionType, patterns: d.correctResponsesPattern, response: s.result.response,
        success: s.result.success }, e, id);
    }
    assert.equal(lrs.withVerb('failed', reg).length, 1, 'one wrong answer out of four fails a 100% assessment');
    assert.deepEqual(xapiProblems(browser.problems), { pageErrors: [], consoleErrors: [], externalRequests: [], failedRequests: [] });
  } finally {
    await browser.close();
    await lrs.close();
    await server.close();
  }
});
