// Helpers for the xAPI browser tests: the package from env COURSEPACK_XAPI_ZIP, served on 127.0.0.1 and opened
// with the Tin Can launch parameters against the loopback LRS (lrs.mjs) on another port (cross-origin, as in an
// LMS). Without COURSEPACK_XAPI_ZIP the xAPI tests are skipped (scripts/test.sh always sets it).

import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { unpackZip, waitForPlayer } from './helpers.mjs';

export const XAPI_ZIP = process.env.COURSEPACK_XAPI_ZIP;
export const SKIP = XAPI_ZIP ? false : 'COURSEPACK_XAPI_ZIP is not set (build with --target xapi)';
export const AUTH = 'Basic ' + Buffer.from('coursepack-test:geheim+/=').toString('base64');
export const ADL = 'http://adlnet.gov/expapi/verbs/';

let cached = null;
/** The unpacked xAPI package (tincan.xml + index.html at its root). */
export function xapiPackageDir() {
  if (cached) return cached;
  cached = unpackZip(XAPI_ZIP, 'COURSEPACK_XAPI_ZIP');
  assert.ok(existsSync(join(cached, 'tincan.xml')), 'tincan.xml at the package root');
  return cached;
}

const unxml = (t) => t.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'")
  .replace(/&amp;/g, '&');

/** The content-page (lesson) activities of tincan.xml: id → definition {name, description, type}. */
export function tincanLessons() {
  const xml = readFileSync(join(xapiPackageDir(), 'tincan.xml'), 'utf8'), out = new Map();
  for (const m of xml.matchAll(/<activity id="([^"]*)" type="([^"]*\/lesson)">([\s\S]*?)<\/activity>/g)) {
    const map = (tag) => Object.fromEntries([...m[3].matchAll(new RegExp(`<${tag} lang="([^"]*)">([^<]*)</${tag}>`, 'g'))]
      .map((x) => [x[1], unxml(x[2])]));
    out.set(unxml(m[1]), { name: map('name'), description: map('description'), type: m[2] });
  }
  return out;
}

/** The activity definitions the package carries (the prelude of assets/adapter-xapi.js), with the content pages the
    adapter derives by `lessons` (CONTRACT.md, "xAPI") filled in from tincan.xml, where statements must match. */
export function packagedActivities() {
  const js = readFileSync(join(xapiPackageDir(), 'assets', 'adapter-xapi.js'), 'utf8');
  const m = js.match(/window\.CoursepackXapiActivities = (\{.*\});\n/);
  assert.ok(m, 'adapter-xapi.js starts with the activity definitions');
  const acts = JSON.parse(m[1]);
  for (const [id, definition] of tincanLessons()) {
    const page = id.startsWith(acts.lessons.base) && id.slice(acts.lessons.base.length);
    if (page && !acts.pages[page]) acts.pages[page] = { id, definition };
  }
  return acts;
}

export const newRegistration = () => randomUUID();

/** A launch link as an LMS builds it (Tin Can launch convention), every value URL-encoded. */
export function launchUrl(serverUrl, lrs, { actor, registration, activityId, grouping, extra = {} }) {
  const q = new URLSearchParams({
    endpoint: lrs.endpoint, auth: AUTH, actor: JSON.stringify(actor), registration,
    ...(activityId ? { activity_id: activityId } : {}), ...(grouping ? { grouping } : {}), ...extra,
  });
  return `${serverUrl}/pkg/index.html?${q}`;
}

/** Open the launch link in the page and wait for the player (which waits for the State API). */
export async function openXapi(page, url) {
  await page.goto(url);
  const frame = page.mainFrame();
  await waitForPlayer(frame);
  await frame.waitForFunction(() => window.CoursepackPlayer.state()?.lms === true, null, { timeout: 10000 })
    .catch(() => { throw new Error('the xAPI adapter did not connect (launch parameters not read?)'); });
  return frame;
}

/** Leave the course (pagehide): navigate away, or close the tab with `close: true`; then wait until `terminated`
 *  reached the LRS. */
export async function leave(page, lrs, registration, { expectTerminated = true, close = false } = {}) {
  const before = lrs.withVerb('terminated', registration).length;
  if (close) await page.close();
  else await page.goto('about:blank');
  if (expectTerminated) {
    await lrs.until(() => lrs.withVerb('terminated', registration).length > before, '`terminated` after pagehide');
  }
  await new Promise((r) => setTimeout(r, 300)); // anything else in flight
}

/** Wait until the page's outbox is empty (everything acknowledged by the LRS). */
export async function drained(frame, timeout = 30000) {
  await frame.waitForFunction(() => window.CoursepackAdapter.outbox().length === 0, null, { timeout, polling: 100 })
    .catch(async () => {
      const left = await frame.evaluate(() => window.CoursepackAdapter.outbox()).catch(() => '?');
      throw new Error(`the outbox did not drain: ${JSON.stringify(left)}`);
    });
}

/** Short verb names of the registration's statements, in the order the LRS stored them. */
export function verbsOf(lrs, registration) {
  return lrs.statements.filter((s) => s.context?.registration === registration)
    .map((s) => s.verb.id.replace(ADL, ''));
}

export function countVerbs(verbs) {
  const n = {};
  for (const v of verbs) n[v] = (n[v] ?? 0) + 1;
  return n;
}

/** Browser problems, minus what an xAPI session rightly causes: 404 for a state document that does not exist yet,
 *  a statement looked up that the LRS never got, keepalive requests still running when the page went away (the
 *  tests check that the LRS got them), and (when allowed) 503 from an LRS that is down. */
export function xapiProblems(problems, { allow503 = false } = {}) {
  const expected = (text) => /\/xapi\/activities\/state\b.*(HTTP 404|status of 404)|status of 404.*\/xapi\/activities\/state/.test(text) ||
    /\/xapi\/statements\?statementId=.*(HTTP 404)|status of 404.*\/xapi\/statements\?statementId=/.test(text) ||
    // keepalive requests outlive the page; the browser reports them as aborted when the page goes away
    /\/xapi\/.*\(net::ERR_ABORTED\)$/.test(text) ||
    (allow503 && /\/xapi\//.test(text) && /HTTP 503|status of 503/.test(text));
  return {
    pageErrors: problems.pageErrors,
    consoleErrors: problems.consoleErrors.filter((t) => !expected(t)),
    externalRequests: problems.externalRequests,
    failedRequests: problems.failedRequests.filter((t) => !expected(t)),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/**
 * The rules every statement of a session must follow beyond the validator: UUID ids made by the content (unique),
 * timestamps with a time zone, not in the future, the registration, the course language, ADL verbs with display,
 * readable names (no IRIs) in the course language, and contextActivities on everything below the course.
 */
export function assertStatementRules(lrs, registration, { actor, courseId, lang }) {
  assert.deepEqual(lrs.invalid.map((i) => ({ verb: i.statement?.verb?.id, warnings: i.warnings })), [],
    'statements the validator rejected');
  assert.deepEqual(lrs.problems, [], 'protocol problems seen by the LRS');
  assert.deepEqual(lrs.conflicts, [], 'ids reused for other statements');
  const mine = lrs.statements.filter((s) => s.context?.registration === registration);
  assert.ok(mine.length > 0, 'the LRS received statements for the registration');
  const ids = new Set();
  for (const s of mine) {
    const what = `${s.verb.id.replace(ADL, '')} ${s.object.id}`;
    assert.match(s.id, UUID, `${what}: id is a UUID`);
    assert.ok(!ids.has(s.id), `${what}: id ${s.id} unique`);
    ids.add(s.id);
    assert.match(s.timestamp, TIMESTAMP, `${what}: timestamp with time zone`);
    assert.ok(Date.parse(s.timestamp) <= Date.now() + 1000, `${what}: timestamp not in the future`);
    assert.deepEqual(s.actor, actor, `${what}: actor`);
    assert.ok(s.verb.id.startsWith(ADL), `${what}: ADL verb`);
    assert.equal(s.verb.display?.['en-US'], s.verb.id.replace(ADL, ''), `${what}: verb display`);
    assert.equal(s.context.language, lang, `${what}: context.language`);
    assert.equal(s.context.registration, registration, `${what}: context.registration`);
    assert.equal(s.version, undefined, `${what}: no statement version set by the content`);
    const name = s.object.definition?.name?.[lang];
    assert.ok(name && !/^https?:/.test(name), `${what}: readable name in ${lang}: ${JSON.stringify(s.object.definition?.name)}`);
    assert.ok(s.object.definition?.type?.startsWith('http://adlnet.gov/expapi/activities/'), `${what}: activity type`);
    if (s.object.id !== courseId) {
      const ca = s.context.contextActivities;
      assert.ok(ca?.parent?.length >= 1, `${what}: contextActivities.parent`);
      assert.ok(ca?.grouping?.some((g) => g.id === courseId), `${what}: contextActivities.grouping has the course`);
    }
  }
  return mine;
}
