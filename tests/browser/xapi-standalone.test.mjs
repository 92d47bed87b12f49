// xAPI package opened without the launch parameters: the course works, says clearly that nothing is recorded, and
// sends nothing anywhere.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertNoProblems, courseData, launchBrowser, next, startServer, visiblePage, waitForPlayer } from './helpers.mjs';
import { SKIP, xapiPackageDir } from './xapi-helpers.mjs';

let server, browser, frame, data;

before(async () => {
  if (SKIP) return;
  server = await startServer(xapiPackageDir());
  browser = await launchBrowser();
  await browser.page.goto(`${server.url}/pkg/index.html`);
  frame = browser.page.mainFrame();
  await waitForPlayer(frame);
  data = await courseData(frame);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('without endpoint/actor the player runs standalone and shows the xAPI notice', { skip: SKIP }, async () => {
  const text = data.strings.xapi_no_launch;
  assert.ok(text, 'strings.xapi_no_launch');
  const notice = frame.locator('.cp-notice-xapi-no-launch');
  assert.equal(await notice.count(), 1);
  assert.ok(await notice.isVisible());
  assert.equal((await notice.textContent()).trim(), text);
  assert.equal(await frame.evaluate(() => window.CoursepackPlayer.state().lms), false);
  assert.equal(await visiblePage(frame), data.pages[0].id);
  await next(frame);
});

test('no requests besides the package, no console errors', { skip: SKIP }, () => {
  assert.ok(server.requests.every((p) => p.startsWith('/pkg/') || p === '/favicon.ico'), server.requests.join(' '));
  assertNoProblems(browser.problems);
});
