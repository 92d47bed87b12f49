// The state encoding's attempt records without a browser (packaging/assets/player.js, packaging/CONTRACT.md): a
// state written before attempts existed (five parts) still decodes, as no attempts; records round-trip; a quiz
// with `maxAttempts` keeps every record, an unlimited one its best and its last; a malformed part (or a record
// count that does not fit the quiz) is refused.
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
const P = window.CoursepackPlayer;

const tf = (id) => ({ id, type: 'true-false', correct: [true] });
const data = (maxAttempts) => ({
  fingerprint: 'Ab1_',
  pages: [{ id: 'a' }, { id: 'b' }],
  quizzes: [{ id: 'check', kind: 'knowledge-check', questions: [tf('k')] },
    { id: 'final', kind: 'assessment', maxAttempts, questions: [tf('q1'), tf('q2')] }],
});
const attempts = (...list) => ({ count: list.length, list: list.map(([score, passed]) => ({ score, passed })) });
const base = { visited: [true, false], quizzes: [1, 1], answers: [true, false, true] };

test('a state from before attempts (five parts) decodes, with no attempts', () => {
  const old = '1|Ab1_|B|11|t~f~t';
  const st = P.decodeState(old, data(3));
  assert.deepEqual(JSON.parse(JSON.stringify(st.answers)), [true, false, true]);
  assert.deepEqual(JSON.parse(JSON.stringify(st.attempts)), [{ count: 0, list: [] }, { count: 0, list: [] }]);
  assert.equal(P.encodeState(st, data(3)), old, 'and encodes back to the same five parts');
});

test('limited attempts keep every record; the string is as documented', () => {
  const st = { ...base, attempts: [{ count: 0, list: [] }, attempts([50, false], [0, false], [100, true])] };
  const s = P.encodeState(st, data(3));
  assert.equal(s, '1|Ab1_|B|11|t~f~t|.031ef00f2sp');
  assert.deepEqual(JSON.parse(JSON.stringify(P.decodeState(s, data(3)).attempts[1])), st.attempts[1]);
});

test('unlimited attempts keep the count with the best and the last record', () => {
  const st = { ...base, attempts: [{ count: 0, list: [] }, attempts([40, false], [90, true], [10, false], [20, false])] };
  const back = P.decodeState(P.encodeState(st, data(undefined)), data(undefined)).attempts[1];
  assert.deepEqual(JSON.parse(JSON.stringify(back)), { count: 4, list: [{ score: 90, passed: true }, { score: 20, passed: false }] });
});

test('a malformed attempts part is refused', () => {
  for (const bad of ['1|Ab1_|B|11|t~f~t|.01', '1|Ab1_|B|11|t~f~t|.0135p', '1|Ab1_|B|11|t~f~t|.00', '1|Ab1_|B|11|t~f~t|01',
    '1|Ab1_|B|11|t~f~t|.012sx', '1|Ab1_|B|11|t~f~t|.021ef', '1|Ab1_|B|11|t~f~t|.041ef1ef1ef1ef']) {
    assert.equal(P.decodeState(bad, data(3)), null, bad);
  }
});
