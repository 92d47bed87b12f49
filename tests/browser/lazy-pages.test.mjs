// Page fragments: the launch page holds the first page only; later Markdown pages come from pages/<id>.js when
// shown (file:// and scorm-again), and a resumed course asks for the bookmarked page's fragment first. The launch
// page does not grow with the pages: the player makes a fragment page's section when it is needed, and the table of
// contents holds the links of the launch page's own pages, the others being made when their section is opened
// (all sections open in a course of up to 100 pages; in a longer one, the shown page's section).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT, assertNoProblems, courseDataFromFile, launchBrowser, leaveCourse, next, openInLms, packageDir, startServer,
  visiblePage, waitForPlayer,
} from './helpers.mjs';
import { longCourse } from './courses.mjs';

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

test('a resumed course marks the pages visited before in the contents, and the bookmark as the current page', async () => {
  let frame = await openInLms(browser.page, server.url);
  for (let n = 0; n < 3; n++) await next(frame);
  const left = await leaveCourse(browser.page), cmiLeft = left.final?.cmi ?? left.current.cmi, core = cmiLeft.core;
  const seen = data.pages.slice(0, 4).map((p) => p.id);
  assert.equal(core.lesson_location, seen[3]);
  const cmi = {
    core: { student_id: 'learner-1', student_name: 'Learner, Test', lesson_location: core.lesson_location,
      lesson_status: 'incomplete', entry: 'resume', credit: 'credit', lesson_mode: 'normal',
      total_time: '00:01:00', score: { raw: '', min: '', max: '' } },
    suspend_data: cmiLeft.suspend_data ?? '',
  };
  frame = await openInLms(browser.page, server.url, { cmi });
  const toc = await frame.evaluate(() => ({
    visited: [...document.querySelectorAll('#cp-toc a.is-visited')].map((a) => a.dataset.page),
    current: [...document.querySelectorAll('#cp-toc a[aria-current="page"]')].map((a) => a.dataset.page),
  }));
  assert.deepEqual(toc, { visited: seen, current: [seen[3]] });
  assertNoProblems(browser.problems, 'scorm-again');
});

test('Module 6: sections and contents links of fragment pages are made by the player; every section is open', async () => {
  for (const p of lazy) assert.ok(!launch.includes(`data-page="${p.id}"`), `no contents link to ${p.id} in index.html`);
  await browser.page.goto(pathToFileURL(join(packageDir(), 'index.html')).href);
  const frame = browser.page.mainFrame();
  await waitForPlayer(frame);
  const start = await frame.evaluate(() => ({
    sections: document.querySelectorAll('.cp-page').length,
    links: [...document.querySelectorAll('#cp-toc a[data-page]')].map((a) => a.dataset.page),
    toggles: [...document.querySelectorAll('.cp-toc-section-toggle')].map((b) => b.getAttribute('aria-expanded')),
  }));
  const inLaunch = data.pages.length - lazy.length;
  // the first page's, the quiz pages', and the prefetched second page's
  assert.ok(start.sections <= inLaunch + 1, `${start.sections} sections at start, ${inLaunch} pages in index.html`);
  assert.deepEqual(start.links, data.pages.map((p) => p.id), 'a link per page, in page order');
  assert.ok(start.toggles.length > 1 && start.toggles.every((x) => x === 'true'), `sections open: ${start.toggles}`);
  // a contents link of a page whose section is not made yet shows it
  const target = lazy[lazy.length - 3];
  await frame.locator(`#cp-toc a[data-page="${target.id}"]`).click();
  assert.equal(await headingOf(frame, target.id), target.title);
  assert.equal(await frame.locator(`#cp-toc a[data-page="${target.id}"]`).getAttribute('aria-current'), 'page');
  const order = await frame.evaluate(() => [...document.querySelectorAll('.cp-page')].map((s) => s.dataset.page));
  const ids = data.pages.map((p) => p.id);
  assert.deepEqual(order, ids.filter((id) => order.includes(id)), 'sections in page order');
  assertNoProblems(browser.problems, 'file://');
});

test('a 150-page course: the launch page holds one page, one link and closed sections; opening one makes its links', async () => {
  const course = longCourse(3, 50);
  const html = readFileSync(join(course.dir, 'index.html'), 'utf8');
  const long = courseDataFromFile(join(course.dir, 'index.html'));
  assert.equal(long.pages.length, 150);
  assert.equal((html.match(/data-page="/g) || []).length, 2, 'index.html: the first page\'s section and its one link');
  await browser.page.goto(pathToFileURL(join(course.dir, 'index.html')).href);
  const frame = browser.page.mainFrame();
  await waitForPlayer(frame);
  const state = () => frame.evaluate(() => ({
    sections: document.querySelectorAll('.cp-page').length,
    links: document.querySelectorAll('#cp-toc a[data-page]').length,
    open: [...document.querySelectorAll('.cp-toc-section-toggle')].map((b) => b.getAttribute('aria-expanded')),
    hidden: [...document.querySelectorAll('.cp-toc-section > ol')].map((ol) => ol.hidden),
  }));
  let s = await state();
  assert.ok(s.sections <= 2, `sections at start: ${s.sections} (the first page and the prefetched second)`);
  assert.deepEqual([s.links, s.open, s.hidden], [50, ['true', 'false', 'false'], [false, true, true]]);
  // keyboard: open part 3, follow its 10th link
  const toggle = frame.locator('.cp-toc-section-toggle').nth(2);
  await toggle.focus();
  await browser.page.keyboard.press('Enter');
  s = await state();
  assert.deepEqual([s.links, s.open], [100, ['true', 'false', 'true']]);
  const id = long.pages[109].id;
  await frame.locator(`#cp-toc a[data-page="${id}"]`).focus();
  await browser.page.keyboard.press('Enter');
  assert.equal(await headingOf(frame, id), long.pages[109].title);
  assert.equal(await frame.locator(`#cp-toc a[data-page="${id}"]`).getAttribute('aria-current'), 'page');
  await frame.locator('.cp-next').click();
  assert.equal(await headingOf(frame, long.pages[110].id), long.pages[110].title);
  // going back into part 2 opens it; the links made before keep their visited marks
  await frame.evaluate((pid) => window.CoursepackPlayer.goTo(pid), long.pages[60].id);
  s = await state();
  assert.deepEqual(s.open, ['true', 'true', 'true']);
  assert.equal(await frame.locator('#cp-toc a.is-visited').count(), 4, 'pages 1, 110, 111 and 61 are marked visited');
  assert.ok(s.sections <= 8, `sections made: ${s.sections}`);
  // closing a section hides its links
  await frame.locator('.cp-toc-section-toggle').nth(0).click();
  assert.equal(await frame.locator('.cp-toc-section > ol').nth(0).isHidden(), true);
  assertNoProblems(browser.problems, 'file://');
  // axe-core on the contents with open and closed sections (over http: from file:// axe cannot read the style sheets)
  const srv = await startServer(course.dir);
  try {
    await browser.page.goto(`${srv.url}/pkg/index.html`);
    await waitForPlayer(browser.page.mainFrame());
    await browser.page.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
    await browser.page.locator('.cp-toc-section-toggle').nth(1).click();
    const violations = await browser.page.evaluate(async () => (await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'],
    })).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`));
    assert.deepEqual(violations, [], 'axe-core violations');
    assertNoProblems(browser.problems, 'http');
  } finally {
    await srv.close();
  }
});
