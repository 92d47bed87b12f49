// A web folder wrapped with `coursepack wrap --target xapi --completion` (env COURSEPACK_WRAP_XAPI_ZIP, made by
// scripts/test.sh from tests/fixtures/wrap-site), opened with a Tin Can launch link against the loopback LRS: the
// injected script sends initialized, completed and terminated, each valid xAPI 1.0.3 (the LRS runs Learning
// Locker's validator on every statement), for the launched activity and registration. Without a launch link it
// sends nothing and throws nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertNoProblems, launchBrowser, startServer, unpackZip } from './helpers.mjs';
import { startLrs } from './lrs.mjs';
import { ADL, AUTH, launchUrl, newRegistration, xapiProblems } from './xapi-helpers.mjs';

const ZIP = process.env.COURSEPACK_WRAP_XAPI_ZIP;
const SKIP = ZIP ? false : 'COURSEPACK_WRAP_XAPI_ZIP is not set (scripts/test.sh wraps tests/fixtures/wrap-site)';
const COURSE = 'http://adlnet.gov/expapi/activities/course';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d+Z$/;
const DURATION = /^PT(\d+H)?(\d+M)?\d+(\.\d+)?S$/;
const actor = { objectType: 'Agent', name: 'Wrapped Learner', mbox: 'mailto:wrapped@example.org' };

let dir, server, lrs, browser, activityId, title;

before(async () => {
  if (SKIP) return;
  dir = unpackZip(ZIP, 'COURSEPACK_WRAP_XAPI_ZIP');
  const tincan = readFileSync(join(dir, 'tincan.xml'), 'utf8');
  activityId = tincan.match(/<activity id="([^"]+)"/)?.[1];
  title = tincan.match(/<name lang="[^"]+">([^<]+)<\/name>/)?.[1];
  assert.ok(activityId && title, `tincan.xml names the activity:\n${tincan}`);
  assert.match(readFileSync(join(dir, 'index.html'), 'utf8'), /<script src="coursepack-completion-xapi\.js"><\/script>/,
    'the launch page loads the completion script (wrap with --completion)');
  server = await startServer(dir);
  lrs = await startLrs({ auth: AUTH });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await lrs?.close();
  await server?.close();
});

/** The statements stored for one activity (and registration, if given), in timestamp order. */
function stored(objectId, registration) {
  return lrs.statements
    .filter((s) => s.object.id === objectId && (registration === undefined || s.context?.registration === registration))
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

/** Marks each fetch made with keepalive by a `keepalive=1` query parameter (the LRS reads only the path), so the
 *  test sees which requests may outlive the page. */
function markKeepalive() {
  const original = window.fetch;
  window.fetch = (url, init) => original(init?.keepalive ? `${url}${String(url).includes('?') ? '&' : '?'}keepalive=1` : url, init);
}

/** Open the link in a new tab, wait for `completed`, then leave (navigate away or close the tab). Returns the
 *  statements stored, and the URLs of the statement POSTs. */
async function session(url, objectId, registration, { close = false } = {}) {
  const page = await browser.context.newPage();
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().startsWith(lrs.endpoint)) posts.push(r.url()); });
  await page.addInitScript(markKeepalive);
  await page.goto(url);
  const has = (verb) => stored(objectId, registration).some((s) => s.verb.id === ADL + verb);
  await lrs.until(() => has('completed'), '`completed` after load');
  if (close) await page.close();
  else await page.goto('about:blank');
  await lrs.until(() => has('terminated'), '`terminated` after pagehide');
  await new Promise((r) => setTimeout(r, 300)); // anything else in flight
  if (!close) await page.close();
  return { list: stored(objectId, registration), posts };
}

/** The rules every statement of the script follows. */
function assertStatements(list, { objectId, registration, withDefinition }) {
  assert.deepEqual(lrs.invalid.map((i) => ({ verb: i.statement?.verb?.id, warnings: i.warnings })), [],
    'statements the validator rejected');
  assert.deepEqual(lrs.problems, [], 'protocol problems (X-Experience-API-Version, Authorization, content type)');
  assert.deepEqual(lrs.conflicts, [], 'statement ids reused');
  assert.deepEqual(list.map((s) => s.verb.id.replace(ADL, '')), ['initialized', 'completed', 'terminated'],
    'one of each, in this order');
  assert.equal(new Set(list.map((s) => s.id)).size, 3, 'three statement ids');
  for (const s of list) {
    const verb = s.verb.id.replace(ADL, '');
    assert.match(s.id, UUID_V4, `${verb}: id is a UUID v4`);
    assert.match(s.timestamp, TIMESTAMP, `${verb}: timestamp`);
    assert.ok(Date.parse(s.timestamp) <= Date.now(), `${verb}: timestamp not in the future`);
    assert.deepEqual(s.actor, actor, `${verb}: actor from the launch link`);
    assert.deepEqual(s.verb.display, { 'en-US': verb }, `${verb}: display`);
    assert.equal(s.object.id, objectId, `${verb}: object id`);
    assert.equal(s.object.objectType, 'Activity', `${verb}: object type`);
    if (withDefinition) {
      assert.equal(s.object.definition?.type, COURSE, `${verb}: course activity`);
      assert.deepEqual(Object.values(s.object.definition?.name ?? {}), [title], `${verb}: the title as name`);
    } else {
      assert.equal(s.object.definition, undefined, `${verb}: no definition for an activity the package does not define`);
    }
    assert.equal(s.context?.registration, registration, `${verb}: registration`);
    assert.equal(s.version, undefined, `${verb}: version is the LRS's to set`);
  }
  assert.deepEqual(list[1].result, { completion: true }, 'completed: result.completion');
  assert.match(list[2].result?.duration ?? '', DURATION, 'terminated: result.duration');
  assert.equal(list[0].result, undefined, 'initialized: no result');
}

test('a launch link with activity_id and registration: initialized, completed, terminated reach the LRS, valid',
  { skip: SKIP }, async () => {
    const registration = newRegistration();
    const url = launchUrl(server.url, lrs, { actor, registration, activityId });
    const { list, posts } = await session(url, activityId, registration);
    assertStatements(list, { objectId: activityId, registration, withDefinition: true });
    const stored = lrs.requests.filter((r) => r.method === 'POST');
    assert.ok(stored.length >= 1 && stored.every((r) => r.path === 'statements' && r.status === 200),
      JSON.stringify(lrs.requests));
    assert.ok(posts.length >= 2, `statements POSTed: ${posts}`);
    assert.deepEqual(posts.filter((u) => !u.endsWith('statements?keepalive=1')), [], 'every POST with keepalive');
  });

test('closing the tab still delivers terminated (keepalive); the LMS activity_id is the object', { skip: SKIP },
  async () => {
    const registration = newRegistration();
    const lmsActivity = 'https://lms.example.org/activities/wrapped-42';
    const url = launchUrl(server.url, lrs, { actor, registration, activityId: lmsActivity });
    const { list, posts } = await session(url, lmsActivity, registration, { close: true });
    assertStatements(list, { objectId: lmsActivity, registration, withDefinition: false });
    assert.deepEqual(posts.filter((u) => !u.endsWith('statements?keepalive=1')), [], 'every POST with keepalive');
  });

test('without activity_id or registration: the activity of tincan.xml, no registration', { skip: SKIP },
  async () => {
    const before = new Set(lrs.statements.map((s) => s.id));
    const q = new URLSearchParams({ endpoint: lrs.endpoint, auth: AUTH, actor: JSON.stringify(actor) });
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/pkg/index.html?${q}`);
    const fresh = () => lrs.statements.filter((s) => !before.has(s.id));
    await lrs.until(() => fresh().some((s) => s.verb.id === `${ADL}completed`), '`completed` after load');
    await page.goto('about:blank');
    await lrs.until(() => fresh().some((s) => s.verb.id === `${ADL}terminated`), '`terminated` after pagehide');
    await page.close();
    const list = fresh().sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
    assertStatements(list, { objectId: activityId, registration: undefined, withDefinition: true });
  });

test('without launch parameters the page sends nothing and throws nothing', { skip: SKIP }, async () => {
  const requests = lrs.requests.length;
  const page = await browser.context.newPage();
  await page.goto(`${server.url}/pkg/index.html`);
  await page.waitForLoadState('load');
  assert.equal(await page.locator('h1').textContent(), 'Wrapped fixture');
  await page.goto(`${server.url}/pkg/more.html`);
  await page.goto(`${server.url}/pkg/index.html?endpoint=${encodeURIComponent(lrs.endpoint)}&actor=not-json`);
  await page.goto('about:blank');
  await new Promise((r) => setTimeout(r, 500));
  await page.close();
  assert.equal(lrs.requests.length, requests, `no requests to the LRS: ${JSON.stringify(lrs.requests.slice(requests))}`);
});

test('no page errors, console errors, failed or external requests in any session', { skip: SKIP }, () => {
  assertNoProblems(xapiProblems(browser.problems));
  assert.ok(server.requests.includes('/pkg/coursepack-completion-xapi.js'), 'the script was served');
});
