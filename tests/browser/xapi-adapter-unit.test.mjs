// The xAPI adapter's pure parts, without a browser: launch parameters (incl. the legacy actor form), response
// patterns, durations and UUIDs. Loads packaging/assets/adapter-xapi.js from the source tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import vm from 'node:vm';
import { ROOT } from './helpers.mjs';

function loadAdapter() {
  const window = {
    crypto: webcrypto, location: { search: '' }, localStorage: null, addEventListener() {},
  };
  vm.runInNewContext(readFileSync(join(ROOT, 'packaging/assets/adapter-xapi.js'), 'utf8'),
    { window, URLSearchParams, console });
  return window.CoursepackAdapter;
}
const A = loadAdapter();
const plain = (v) => JSON.parse(JSON.stringify(v)); // objects from the vm realm, compared as data

test('actor: xAPI 1.0 form, legacy 0.95 arrays, account forms; exactly one identifier', () => {
  assert.deepEqual(plain(A.parseActor('{"name":"Jan","mbox":"mailto:jan@example.org"}')),
    { objectType: 'Agent', name: 'Jan', mbox: 'mailto:jan@example.org' });
  assert.deepEqual(plain(A.parseActor('{"name":["Jan"],"mbox":["jan@example.org"]}')),
    { objectType: 'Agent', name: 'Jan', mbox: 'mailto:jan@example.org' });
  assert.deepEqual(plain(A.parseActor('{"account":[{"accountServiceHomePage":"https://lms.example.org","accountName":"42"}]}')),
    { objectType: 'Agent', account: { homePage: 'https://lms.example.org', name: '42' } });
  assert.deepEqual(plain(A.parseActor('{"mbox":"mailto:a@b.c","account":{"homePage":"https://x","name":"y"}}')),
    { objectType: 'Agent', mbox: 'mailto:a@b.c' }, 'one identifier only');
  assert.equal(A.parseActor('{"name":"no identifier"}'), null);
  assert.equal(A.parseActor('not json'), null);
});

test('launch parameters: endpoint, auth with +, registration, optional parameters', () => {
  const q = new URLSearchParams({ endpoint: 'https://lrs.example.org/xapi', actor: '{"mbox":"mailto:a@b.c"}',
    registration: '760E3480-BA55-4991-94B0-01820DBD23A2', activity_id: 'https://example.org/c', grouping: 'https://example.org/g',
    activity_platform: 'LMS', 'Accept-Language': 'nl-NL' });
  const raw = `?${q}&auth=Basic dXNlcjpzZWNyZXQ+Lw==`; // an LMS that did not encode the token: '+' arrives as ' '
  const l = A.readLaunch(raw);
  assert.equal(l.endpoint, 'https://lrs.example.org/xapi/');
  assert.equal(l.auth, 'Basic dXNlcjpzZWNyZXQ+Lw==');
  assert.equal(l.registration, '760e3480-ba55-4991-94b0-01820dbd23a2');
  assert.equal(l.activityId, 'https://example.org/c');
  assert.equal(l.grouping, 'https://example.org/g');
  assert.equal(l.platform, 'LMS');
  assert.equal(l.acceptLanguage, 'nl-NL');
  assert.equal(A.readLaunch('?endpoint=https%3A%2F%2Flrs&registration=nope&actor=%7B%22mbox%22%3A%22mailto%3Aa%40b.c%22%7D').registration, null);
  assert.equal(A.readLaunch(''), null, 'no endpoint/actor: not connected');
  assert.equal(A.readLaunch('?endpoint=javascript%3Aalert(1)&actor=%7B%22mbox%22%3A%22a%40b.c%22%7D'), null, 'http(s) endpoints only');
});

test('response patterns in xAPI syntax', () => {
  const choice = { type: 'multiple-choice', choices: ['a', 'b', 'c'], correct: ['a', 'c'] };
  assert.equal(A.responseOf(choice, ['c', 'a']), 'a[,]c', 'source order');
  assert.equal(A.responseOf({ type: 'single-choice', choices: ['a', 'b'] }, 'b'), 'b');
  assert.equal(A.responseOf({ type: 'true-false' }, false), 'false');
  assert.equal(A.responseOf({ type: 'fill-in' }, '  Triple helix '), 'Triple helix');
  const matching = { type: 'matching', correct: ['x', 'y', 'z'] };
  assert.equal(A.responseOf(matching, ['y', null, 'z']), 'x[.]target-y[,]z[.]target-z');
  assert.equal(A.responseOf({ type: 'sequencing', correct: ['p', 'q'] }, ['q', 'p']), 'q[,]p');
});

test('durations are ISO 8601 with at most 0.01 s precision; ids are v4 UUIDs', () => {
  assert.equal(A.duration(0), 'PT0S');
  assert.equal(A.duration(2114), 'PT2.11S');
  assert.equal(A.duration(3723450), 'PT1H2M3.45S');
  const ids = new Set(Array.from({ length: 200 }, () => A.uuid()));
  assert.equal(ids.size, 200);
  for (const id of ids) assert.match(id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
});
