// Answer matching in the player without a browser: packaging/assets/answers.js against the shared vectors in
// tests/fixtures/answer-vectors.json, which the Rust unit tests (src/answers/tests.rs) run too, so the player
// grades exactly as `check` reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { ROOT } from './helpers.mjs';

const window = {};
vm.runInNewContext(readFileSync(join(ROOT, 'packaging/assets/answers.js'), 'utf8'), { window });
const A = window.CoursepackAnswers;
const V = JSON.parse(readFileSync(join(ROOT, 'tests/fixtures/answer-vectors.json'), 'utf8'));
const rules = (name) => { assert.ok(V.rules[name], `rules ${name}`); return V.rules[name]; };

test('normalisation follows the shared vectors', () => {
  assert.ok(V.normalize.length > 20);
  const wrong = V.normalize.map((c) => ({ c, got: A.normalize(c.input, !!c.caseSensitive, !!c.ignoreAccents) }))
    .filter(({ c, got }) => got !== c.expected).map(({ c, got }) => `${JSON.stringify(c.input)} -> ${JSON.stringify(got)}, expected ${JSON.stringify(c.expected)}`);
  assert.deepEqual(wrong, []);
});

test('fill-in grading and near-miss feedback follow the shared vectors', () => {
  for (const c of V.fillIn) {
    const q = { type: 'fill-in', correct: c.answers, caseSensitive: !!c.caseSensitive, ignoreAccents: !!c.ignoreAccents,
      nearMisses: c.nearMisses || [] };
    assert.equal(A.gradeText(q, c.input), c.correct, `${JSON.stringify(c.input)} against ${JSON.stringify(c.answers)}`);
    if (!c.correct) assert.equal(A.nearMiss(q, c.input), c.nearMiss ?? null, `near miss for ${JSON.stringify(c.input)}`);
  }
});

test('numbers parse as the shared vectors say (canonical text, or null)', () => {
  const wrong = V.numeric.map((c) => ({ c, got: A.parseNumber(c.input, rules(c.rules)) }))
    .filter(({ c, got }) => got !== c.expected)
    .map(({ c, got }) => `${JSON.stringify(c.input)} (${c.rules}) -> ${JSON.stringify(got)}, expected ${JSON.stringify(c.expected)}`);
  assert.deepEqual(wrong, []);
});

test('numeric questions grade ranges as the shared vectors say', () => {
  for (const c of V.range) {
    const q = { type: 'numeric', numeric: { ...rules(c.rules), min: c.min, max: c.max } };
    assert.equal(A.gradeText(q, c.input), c.correct, `${JSON.stringify(c.input)} in ${c.min}..${c.max}`);
  }
});

test('a numeric interaction records the canonical number, or nothing for words', () => {
  const q = { type: 'numeric', numeric: { ...rules('nl'), min: 40, max: 40 } };
  assert.equal(A.recorded(q, '40 procent'), '40');
  assert.equal(A.recorded(q, '40,50'), '40.5');
  assert.equal(A.recorded(q, 'veertig'), '');
  assert.equal(A.recorded({ type: 'fill-in' }, ' Kritische Vrienden. '), ' Kritische Vrienden. ', 'fill-in keeps the text');
});
