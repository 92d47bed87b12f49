// xAPI: the LRS answers 503 for a while. (A) It goes down mid-session and recovers: the outbox retries with backoff
// under the same ids. (B) It is down when the learner closes the tab: the statements wait in localStorage and go
// out on the next launch. Afterwards every expected statement was received exactly once, and all are valid.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { courseData, launchBrowser, next, startServer, visiblePage, walkCourse } from './helpers.mjs';
import { startLrs } from './lrs.mjs';
import {
  AUTH, SKIP, assertStatementRules, countVerbs, drained, leave, launchUrl, newRegistration, openXapi,
  packagedActivities, verbsOf, xapiPackageDir, xapiProblems,
} from './xapi-helpers.mjs';

const ACTOR = { objectType: 'Agent', name: 'Test Leerder', mbox: 'mailto:leerder@example.org' };
let server, lrs, browser, data, acts, reg, kc;
const seen = {};   // what the learner did, to compare with what the LRS got
let afterA, rejectedA, leftPage, beforeRelaunch, resumedPage, problems, noticeDuring, noticeAfter;
const queuedNotice = (frame) => frame.evaluate(() => {
  const n = document.querySelector('.cp-notice-xapi-queued');
  return n && n.checkVisibility() ? n.textContent : null;
});

before(async () => {
  if (SKIP) return;
  server = await startServer(xapiPackageDir());
  lrs = await startLrs({ auth: AUTH });
  browser = await launchBrowser();
  acts = packagedActivities();
  reg = newRegistration();
  const url = launchUrl(server.url, lrs, { actor: ACTOR, registration: reg });
  let frame = await openXapi(browser.page, url);
  data = await courseData(frame);
  kc = data.quizzes.find((q) => q.kind === 'knowledge-check');
  await drained(frame);

  // (A) down mid-session: read up to the first knowledge check and answer it while the LRS answers 503
  lrs.down = true;
  seen.pagesA = await walkCourse(frame, data, { stopAfter: kc.id, answerFor: (q) => (q.id === kc.id ? true : null) });
  await lrs.until(() => lrs.rejected >= 3, 'three rejected attempts');
  await new Promise((r) => setTimeout(r, 200));
  seen.pagesA.push(await next(frame)); // a save while the LRS is still down
  noticeDuring = await queuedNotice(frame);
  lrs.down = false;
  rejectedA = [...new Set(lrs.rejectedIds)];
  await drained(frame);
  afterA = verbsOf(lrs, reg);

  // (B) down while leaving: two more pages, then the tab closes during the outage
  await next(frame);
  noticeAfter = await queuedNotice(frame);
  leftPage = await next(frame);
  seen.pagesB = [leftPage];
  await drained(frame);
  const rejectedBefore = lrs.rejected;
  lrs.down = true;
  await leave(browser.page, lrs, reg, { expectTerminated: false });
  // the keepalive requests (statements + state) must have hit the outage before it ends
  await lrs.until(() => lrs.rejected >= rejectedBefore + 2, 'the requests sent on pagehide');
  lrs.down = false;
  beforeRelaunch = verbsOf(lrs, reg);

  // relaunch in the same browser: the left statements go out first, then the new session
  frame = await openXapi(browser.page, url);
  resumedPage = await visiblePage(frame);
  await drained(frame);
  await leave(browser.page, lrs, reg);
  problems = xapiProblems(browser.problems, { allow503: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
  await lrs?.close();
});

test('(A) statements rejected with 503 arrive after recovery, once each, under the same ids', { skip: SKIP }, () => {
  assert.ok(rejectedA.length > 0, 'some statements were rejected while the LRS was down');
  for (const id of rejectedA) {
    assert.equal(lrs.statements.filter((s) => s.id === id).length, 1, `rejected statement ${id} stored exactly once`);
  }
  const c = countVerbs(afterA);
  assert.deepEqual(c, { initialized: 1, attempted: 1, experienced: seen.pagesA.length, answered: kc.questions.length });
  const order = lrs.withVerb('experienced', reg).map((s) => s.object.id).slice(0, seen.pagesA.length);
  assert.deepEqual(order, seen.pagesA.map((id) => acts.pages[id].id), 'sent in order');
  console.log(`outage A: ${lrs.rejected} requests answered 503, ${rejectedA.length} statements retried; LRS has ${afterA.length}: ${JSON.stringify(c)}`);
});

test('the learner is told while statements wait, and the notice goes once they are sent', { skip: SKIP }, () => {
  assert.equal(noticeDuring, data.strings.xapi_queued);
  assert.equal(noticeAfter, null);
});

test('(B) the tab closed during the outage: nothing arrived then, everything on the next launch', { skip: SKIP }, () => {
  assert.equal(beforeRelaunch.length, afterA.length + 2, 'only the two page views before the outage');
  const all = verbsOf(lrs, reg);
  const pages = seen.pagesA.length + 2 + 1; // A, two more pages, the bookmarked page again on relaunch
  assert.deepEqual(countVerbs(all), {
    initialized: 2, attempted: 1, resumed: 1, experienced: pages, answered: kc.questions.length, suspended: 2,
    terminated: 2,
  });
  // the first session's ending comes before the second session's start
  const firstEnd = all.indexOf('terminated'), resumed = all.indexOf('resumed');
  assert.ok(firstEnd >= 0 && firstEnd < resumed, `terminated of session 1 before resumed: ${all.join(' ')}`);
  assert.equal(resumedPage, leftPage, 'the bookmark made it too (this browser kept the newer state)');
  console.log(`outage B: LRS received ${all.length} statements over both sessions: ${JSON.stringify(countVerbs(all))}`);
});

test('every statement valid, ids unique, none stored twice', { skip: SKIP }, () => {
  assertStatementRules(lrs, reg, { actor: ACTOR, courseId: acts.course.id, lang: data.lang });
  assert.deepEqual(lrs.duplicates, [], 'no statement was received twice');
});

test('no browser problems besides the 503s', { skip: SKIP }, () => {
  assert.deepEqual(problems, { pageErrors: [], consoleErrors: [], externalRequests: [], failedRequests: [] });
});
