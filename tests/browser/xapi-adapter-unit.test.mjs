// The xAPI adapter without a browser: launch parameters (incl. the legacy actor form), response patterns,
// durations, UUIDs, and a session against a stubbed fetch (which statements a snapshot turns into). Loads
// packaging/assets/adapter-xapi.js from the source tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { webcrypto } from 'node:crypto';
import vm from 'node:vm';
import validation from '@learninglocker/xapi-validation';
import { ROOT } from './helpers.mjs';

const validate = validation.default ?? validation;

/** The adapter in a fresh realm; `extra` adds window properties (location, fetch, activities). */
function loadAdapter(extra = {}) {
  const window = {
    crypto: webcrypto, location: { search: '' }, localStorage: null, addEventListener() {}, ...extra,
  };
  vm.runInNewContext(readFileSync(join(ROOT, 'packaging/assets/adapter-xapi.js'), 'utf8'),
    { window, URLSearchParams, console, fetch: extra.fetch, setTimeout, clearTimeout, Promise });
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
  assert.equal(A.responseOf({ type: 'numeric' }, '40.5'), '40.5', 'numeric: the canonical number the player hands over');
  assert.equal(A.responseOf({ type: 'numeric' }, ''), '', 'numeric: words are no number');
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

test('a session against a stubbed LRS: the deciding assessment reports on the course, another on its quiz', async () => {
  const C = 'https://example.org/courses/c';
  const def = (name, type) => ({ name: { nl: name }, description: { nl: name }, type: `http://adlnet.gov/expapi/activities/${type}` });
  const acts = {
    course: { id: C, definition: def('Cursus', 'course') },
    sections: { s1: { id: `${C}/sections/s1`, definition: def('Een', 'module') }, s2: { id: `${C}/sections/s2`, definition: def('Twee', 'module') } },
    pages: { p1: { id: `${C}/pages/p1`, definition: def('Pagina', 'lesson') }, t1: { id: `${C}/pages/t1`, definition: def('Toets 1', 'assessment') },
      t2: { id: `${C}/pages/t2`, definition: def('Toets 2', 'assessment') } },
    questions: {},
  };
  const data = { lang: 'nl', version: '1.0.0', pages: [{ id: 'p1', section: 's1', quiz: null }, { id: 't1', section: 's1', quiz: 't1' },
    { id: 't2', section: 's2', quiz: 't2' }], quizzes: [{ id: 't1', kind: 'assessment', questions: [] }, { id: 't2', kind: 'assessment', questions: [] }] };
  const posted = [];
  const fetch = async (url, init = {}) => {
    const res = (status, body = '') => ({ ok: status < 300, status, text: async () => body, json: async () => JSON.parse(body) });
    if (/activities\/state/.test(url)) return init.method === 'PUT' ? res(204) : res(404, '{}');
    posted.push(...JSON.parse(init.body));
    return res(200, '[]');
  };
  const search = '?' + new URLSearchParams({ endpoint: 'https://lrs.example.org/xapi/', auth: 'Basic eA==',
    actor: '{"mbox":"mailto:a@example.org"}', registration: '760e3480-ba55-4991-94b0-01820dbd23a2' });
  const A = loadAdapter({ location: { search }, fetch, CoursepackXapiActivities: acts });
  const info = await A.start(data);
  assert.equal(info.lms, true);
  const snap = (over) => ({ location: 'p1', suspendData: '1|x', complete: false, passed: false, viewed: [], interactions: [], submitted: [], ...over });
  A.save(snap({ viewed: ['p1', 'p1', 't2'] }));
  A.save(snap({ location: 't2', submitted: [{ quiz: 't2', kind: 'assessment', score: 90, passed: true }] }));
  A.save(snap({ location: 't1', submitted: [{ quiz: 't1', kind: 'assessment', score: 40, passed: false }] }));
  A.finish(snap({ location: 't1' }));
  for (let i = 0; i < 50 && posted.length < 8; i++) await new Promise((r) => setTimeout(r, 10));
  const got = posted.map((st) => `${st.verb.display['en-US']} ${st.object.id.replace(C, '') || '/'}`);
  assert.deepEqual(got, ['initialized /', 'attempted /', 'experienced /pages/p1', 'experienced /pages/t2', 'passed /pages/t2',
    'failed /', 'suspended /', 'terminated /']);
  assert.equal(posted[4].context.contextActivities.parent[0].id, `${C}/sections/s2`);
  assert.equal(posted[5].result.score.raw, 40);
  for (const st of posted) assert.deepEqual(validate(JSON.parse(JSON.stringify(st))), [], `${st.verb.id} valid`);
});
