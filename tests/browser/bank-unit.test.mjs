// Question banks and the timing part of the state without a browser (packaging/assets/bank.js and player.js,
// packaging/CONTRACT.md): an attempt's draw and choice order follow from its seed alone (the same seed gives the
// same questions, other seeds other ones, every group gives its `draw`); the seed and the time used round-trip
// through the seventh state part, which is left out when no quiz has either; malformed timing is refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { ROOT } from './helpers.mjs';

const window = {};
const document = { readyState: 'complete', getElementById: () => null };
const context = vm.createContext({ window, document });
for (const file of ['bank.js', 'player.js']) vm.runInContext(readFileSync(join(ROOT, 'packaging/assets', file), 'utf8'), context);
const P = window.CoursepackPlayer, B = window.CoursepackBank;
const plain = (v) => JSON.parse(JSON.stringify(v));

const sc = (id) => ({ id, type: 'single-choice', choices: ['a', 'b', 'c', 'd'], correct: ['a'] });
const bank = {
  id: 'final', kind: 'assessment', maxAttempts: 3, shuffleQuestions: true, shuffleChoices: true, timeLimit: 1200,
  groups: [{ draw: 2, questions: [0, 1, 2, 3] }, { draw: 1, questions: [4, 5, 6] }],
  questions: ['g1a', 'g1b', 'g1c', 'g1d', 'g2a', 'g2b', 'g2c'].map(sc),
};
const data = { fingerprint: 'Zz9-', pages: [{ id: 'p' }, { id: 'final' }], quizzes: [bank] };

test('a draw follows from its seed: the same seed the same questions, each group its draw', () => {
  const draws = new Set();
  for (let seed = 1; seed <= 200; seed++) {
    const d = B.drawQuestions(bank, seed);
    assert.deepEqual(d, B.drawQuestions(bank, seed), `seed ${seed} is reproducible`);
    assert.equal(d.filter((k) => k <= 3).length, 2, `two of group 1 (seed ${seed}): ${d}`);
    assert.equal(d.filter((k) => k >= 4).length, 1, `one of group 2 (seed ${seed}): ${d}`);
    assert.equal(new Set(d).size, 3);
    draws.add(d.join());
  }
  // 6 pairs x 3 singles x 3! orders = 108 possible attempts
  assert.ok(draws.size > 60, `200 seeds gave only ${draws.size} different attempts`);
});

test('without groups every question is drawn; without shuffle in source order', () => {
  const all = { ...bank, groups: undefined, shuffleQuestions: false };
  assert.deepEqual(plain(B.drawQuestions(all, 77)), [0, 1, 2, 3, 4, 5, 6]);
  const picked = { ...bank, shuffleQuestions: false };
  const d = B.drawQuestions(picked, 77);
  assert.deepEqual(plain(d), plain([...d].sort((a, b) => a - b)), 'source order');
});

test('choice order follows the seed and the question; without shuffle_choices it is the written order', () => {
  const q = bank.questions[0];
  assert.deepEqual(plain(B.choiceOrder(bank, q, 5)), plain(B.choiceOrder(bank, q, 5)));
  const orders = new Set(Array.from({ length: 50 }, (_, s) => B.choiceOrder(bank, q, s + 1).join()));
  assert.ok(orders.size > 10, `50 seeds gave ${orders.size} choice orders`);
  assert.deepEqual(plain(B.choiceOrder({ ...bank, shuffleChoices: false }, q, 5)), ['a', 'b', 'c', 'd']);
});

test('the seed and the time used round-trip as the seventh part', () => {
  const st = { visited: [true, false], quizzes: [0], answers: [null, null, 'b', null, null, null, null],
    attempts: [{ count: 0, list: [] }], timing: [{ seed: 123456, used: 75.8 }] };
  const s = P.encodeState(st, data);
  assert.equal(s, '1|Zz9-|B|0|~~1~~~~||02n9c:23', 'seed 123456 = "02n9c", 75 s = "23"; an empty attempts part');
  const back = P.decodeState(s, data);
  assert.deepEqual(plain(back.timing), [{ seed: 123456, used: 75 }]);
  assert.deepEqual(plain(back.answers), st.answers);
});

test('no seed and no time: the part is left out, and a six-part state still decodes', () => {
  const st = { visited: [true, false], quizzes: [0], answers: Array(7).fill(null), attempts: [{ count: 0, list: [] }],
    timing: [{ seed: 0, used: 0 }] };
  const s = P.encodeState(st, data);
  assert.equal(s, '1|Zz9-|B|0|~~~~~~');
  assert.deepEqual(plain(P.decodeState(s, data).timing), [{ seed: 0, used: 0 }]);
});

test('malformed timing is refused', () => {
  const head = '1|Zz9-|B|0|~~1~~~~|';
  for (const bad of ['|02n9', '|02n9c:', '|02n9c:xd', '|00000', '|02n9c.00001', '|:zzzzzz', '|02N9C']) {
    assert.equal(P.decodeState(head + bad, data), null, bad);
  }
  // time used without a time limit, a seed for a quiz that does not shuffle or draw
  const fixed = { ...data, quizzes: [{ ...bank, groups: undefined, shuffleQuestions: false, shuffleChoices: false, timeLimit: undefined }] };
  assert.equal(P.decodeState(head + '|:10', fixed), null);
  assert.equal(P.decodeState(head + '|02n9c', fixed), null);
  assert.ok(P.decodeState(head + '|02n9c:10', data));
});
