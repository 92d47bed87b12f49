// Page fragments: the launch page holds the first page only; later Markdown pages come from pages/<id>.js when
// shown (file:// and scorm-again), and a resumed course asks for the bookmarked page's fragment first.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  assertNoProblems, courseDataFromFile, launchBrowser, openInLms, packageDir, startServer, visiblePage, waitForPlayer,
} from './helpers.mjs';

let server;
let browser;
let data;
let launch;
let lazy; // the content pages after the first: their HTML is in fragments, not in the launch page

before(async () => {
  launch = readFileSync(join(packageDir(), 'index.html'), 'utf8');
  data = courseDataFromFile();
  lazy = data.pages.slice(1).filter((p) => !p.quiz);
  assert.ok(lazy.length >= 5, `Module 6 has many content pages after the first (got ${lazy.length})`);
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The visible page's heading once its fragment is in. */
const headingOf = (frame, id) => frame.waitForFunction((pid) => {
  const h = document.querySelector(`#p-${CSS.escape(pid)} h1`);
  return h && h.checkVisibility() ? h.textContent : false;
}, id, { timeout: 5000 }).then((h) => h.jsonValue());

test('the launch page leaves out later pages; each has a fragment in the package', () => {
  for (const p of lazy) {
    assert.ok(!launch.includes(`id="h-${p.id}"`), `${p.id}'s heading is not in index.html`);
    const file = join(packageDir(), 'pages', `${p.id}.js`);
    assert.ok(existsSync(file), `pages/${p.id}.js exists`);
    assert.match(readFileSync(file, 'utf8'), /^window\.CoursepackPage\(/);
  }
  assert.ok(launch.includes(`id="h-${data.pages[0].id}"`), 'the first page is in index.html');
});

test('from file://, going to a later page shows its fragment (and the next page is prefetched)', async () => {
  const requested = [];
  const onRequest = (r) => { if (r.url().includes('/pages/')) requested.push(r.url().replace(/.*\/pages\//, '')); };
  browser.page.on('request', onRequest);
  await browser.page.goto(pathToFileURL(join(packageDir(), 'index.html')).href);
  const frame = browser.page.mainFrame();
  await waitForPlayer(frame);
  const target = lazy[Math.floor(lazy.length / 2)];
  await frame.evaluate((id) => window.CoursepackPlayer.goTo(id), target.id);
  assert.equal(await headingOf(frame, target.id), target.title);
  assert.equal(await visiblePage(frame), target.id);
  const i = data.pages.findIndex((p) => p.id === target.id);
  const after = data.pages[i + 1];
  if (after && !after.quiz) {
    await frame.waitForFunction((id) => !document.getElementById(`p-${id}`).hasAttribute('data-fragment'), after.id);
    assert.ok(requested.includes(`${after.id}.js`), `the next page (${after.id}) was prefetched: ${requested}`);
  }
  browser.page.off('request', onRequest);
  assertNoProblems(browser.problems, 'file://');
});

test('under scorm-again, Next walks into fragment pages and a resumed course requests the bookmark first', async () => {
  let frame = await openInLms(browser.page, server.url);
  await frame.locator('.cp-next').click();
  const second = data.pages[1];
  if (!second.quiz) assert.equal(await headingOf(frame, second.id), second.title);

  const bookmark = lazy[lazy.length - 2];
  const before = server.requests.length;
  const cmi = {
    core: { student_id: 'learner-1', student_name: 'Learner, Test', lesson_location: bookmark.id,
      lesson_status: 'incomplete', entry: 'resume', credit: 'credit', lesson_mode: 'normal',
      total_time: '00:01:00', score: { raw: '', min: '', max: '' } },
    suspend_data: '',
  };
  frame = await openInLms(browser.page, server.url, { cmi });
  assert.equal(await headingOf(frame, bookmark.id), bookmark.title);
  const fragments = server.requests.slice(before).filter((p) => p.startsWith('/pkg/pages/'));
  assert.equal(fragments[0], `/pkg/pages/${bookmark.id}.js`, `first fragment requested: ${fragments}`);
  assert.ok(!fragments.includes(`/pkg/pages/${second.id}.js`), 'pages not shown are not loaded');
  assertNoProblems(browser.problems, 'scorm-again');
});
