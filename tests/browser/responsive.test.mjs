// The player at phone, tablet and desktop widths: every page of Module 6, the `new` scaffold and the small synthetic
// course, opened standalone from file:// at 320, 390, 768, 1024 and 1366 px, never scrolls sideways and keeps the
// Vorige/Volgende bar inside the viewport; touch targets are at least 44×44 px; axe-core finds nothing at 390 and
// 1366 px in the light and the dark theme. Screenshots of three pages at every width go to target/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ROOT, assertNoProblems, courseData, launchBrowser, startServer, visiblePage, waitForPlayer,
} from './helpers.mjs';
import { layoutCourses } from './courses.mjs';

const WIDTHS = [320, 390, 768, 1024, 1366];
const HEIGHT = 740;
const AXE_WIDTHS = [390, 1366];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const SHOTS = join(ROOT, 'target', 'screenshots');
// a figure, the longest compound in a heading, the matching question of the final assessment
const SHOT_PAGES = ['zes-stappen-bsr', 'eu-steun-en-slotwoord', 'eindtoets'];

let browser;
let courses;
const servers = {};
const measured = [];   // {course, launch, width, page, scrollWidth, innerWidth, nav, navAtEnd}
const small = [];      // touch targets under 44×44: {where, what, w, h}
const axeResults = []; // {where, violations}
const shots = [];

/** Open a launch file from file:// or, with `server`, over http (axe-core reads the stylesheets, which file:// forbids). */
async function openLaunch(page, course, launch, server = null) {
  await page.goto(server ? `${server.url}/pkg/${launch}` : pathToFileURL(join(course.dir, launch)).href);
  await waitForPlayer(page.mainFrame());
  return courseData(page.mainFrame());
}

async function measure(page) {
  return page.evaluate(async () => {
    const nav = () => {
      const r = document.querySelector('.cp-footer').getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom };
    };
    window.scrollTo(0, 0);
    const top = nav();
    window.scrollTo(0, document.documentElement.scrollHeight);
    await new Promise((ok) => requestAnimationFrame(() => ok()));
    const end = nav();
    window.scrollTo(0, 0);
    return { scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
      innerHeight: window.innerHeight, nav: top, navAtEnd: end };
  });
}

/** Visible interactive controls of the shown page and the player chrome smaller than 44×44 CSS px. */
async function smallTargets(page) {
  return page.evaluate(() => {
    const sel = 'button, select, input:not([type="radio"]):not([type="checkbox"]), .cp-choice, .cp-toc-toggle, .cp-figure-open';
    return [...document.querySelectorAll(sel)].filter((e) => e.checkVisibility() && !e.closest('[hidden]'))
      .map((e) => ({ e, r: e.getBoundingClientRect() }))
      .filter(({ r }) => r.width < 44 || r.height < 44)
      .map(({ e, r }) => ({ what: `${e.tagName.toLowerCase()}.${e.className || ''} "${(e.textContent || '').trim().slice(0, 30)}"`,
        w: Math.round(r.width), h: Math.round(r.height) }));
  });
}

async function runAxe(page, where) {
  const violations = await page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return r.violations.map((v) => ({ id: v.id, help: v.help,
      nodes: v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}: ${(n.failureSummary || '').split('\n').slice(0, 2).join(' ')}`) }));
  }, TAGS);
  axeResults.push({ where, violations });
}

before(async () => {
  courses = layoutCourses();
  for (const c of courses) servers[c.name] = await startServer(c.dir);
  mkdirSync(SHOTS, { recursive: true });
  browser = await launchBrowser();
  const page = browser.page;
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    for (const course of courses) {
      for (const launch of course.launches) {
        const data = await openLaunch(page, course, launch);
        for (const p of data.pages) {
          await page.evaluate((id) => window.CoursepackPlayer.goTo(id), p.id);
          assert.equal(await visiblePage(page.mainFrame()), p.id);
          measured.push({ course: course.name, launch, width, page: p.id, ...(await measure(page)) });
          if (width <= 390) small.push(...(await smallTargets(page)).map((s) => ({ where: `${course.name}/${p.id} @${width}`, ...s })));
          if (course.name === 'module-6' && SHOT_PAGES.includes(p.id)) {
            const path = join(SHOTS, `${p.id}-${width}.png`);
            await page.screenshot({ path, fullPage: true });
            shots.push(path);
          }
        }
      }
    }
  }
  // axe at a phone and a desktop width, light and dark, on every page of Module 6 and the scaffold
  for (const width of AXE_WIDTHS) {
    await page.setViewportSize({ width, height: HEIGHT });
    for (const colorScheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme });
      for (const course of courses.filter((c) => c.name !== 'synth-small')) {
        for (const launch of course.launches) {
          const data = await openLaunch(page, course, launch, servers[course.name]);
          await page.addScriptTag({ path: join(ROOT, 'node_modules', 'axe-core', 'axe.min.js') });
          for (const p of data.pages) {
            await page.evaluate((id) => window.CoursepackPlayer.goTo(id), p.id);
            await runAxe(page, `${course.name}/${p.id} @${width} ${colorScheme}`);
          }
        }
      }
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
});

after(async () => {
  await browser?.close();
  for (const s of Object.values(servers)) await s.close();
});

test('every page of every course was measured at every width', () => {
  assert.ok(courses.every((c) => c.launches.length > 0), 'each course has a launch file');
  for (const course of courses) {
    const pages = new Set(measured.filter((m) => m.course === course.name).map((m) => `${m.launch}#${m.page}`));
    assert.ok(pages.size >= 3, `${course.name}: ${pages.size} pages`);
    assert.equal(measured.filter((m) => m.course === course.name).length, pages.size * WIDTHS.length);
  }
});

test('no page scrolls sideways (scrollWidth <= innerWidth)', () => {
  const wide = measured.filter((m) => m.scrollWidth > m.innerWidth)
    .map((m) => `${m.course}/${m.page} @${m.width}: scrollWidth ${m.scrollWidth} > ${m.innerWidth}`);
  assert.deepEqual(wide, []);
  const widest = {};
  for (const m of measured) widest[m.width] = Math.max(widest[m.width] ?? 0, m.scrollWidth);
  console.log(`widest scrollWidth per width: ${JSON.stringify(widest)}`);
});

test('the navigation bar is inside the viewport, at the top of a page and scrolled to its end', () => {
  const inside = (r, m) => r.left >= 0 && r.top >= 0 && r.right <= m.innerWidth + 0.5 && r.bottom <= m.innerHeight + 0.5;
  const out = measured.filter((m) => !inside(m.nav, m) || !inside(m.navAtEnd, m))
    .map((m) => `${m.course}/${m.page} @${m.width}: ${JSON.stringify({ top: m.nav, end: m.navAtEnd })}`);
  assert.deepEqual(out, []);
});

test('touch targets are at least 44×44 px at phone widths', () => {
  const seen = new Set();
  const unique = small.filter((s) => { const k = `${s.what} ${s.w}x${s.h}`; return !seen.has(k) && seen.add(k); });
  assert.deepEqual(unique.map((s) => `${s.where}: ${s.what} ${s.w}×${s.h}`), []);
});

test('no axe-core violations at 390 and 1366 px, light and dark', () => {
  assert.ok(axeResults.length > 0);
  assert.ok(axeResults.some((r) => r.where.endsWith('dark')) && axeResults.some((r) => r.where.endsWith('light')));
  const failing = axeResults.filter((r) => r.violations.length);
  assert.deepEqual(failing.map((r) => `${r.where}: ${r.violations.map((v) => `${v.id} (${v.help}) ${v.nodes.join(' | ')}`).join('; ')}`), []);
});

test('the dark theme is dark: the page background follows prefers-color-scheme', async () => {
  const page = browser.page;
  await openLaunch(page, courses[0], courses[0].launches[0]);
  const bg = async () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  assert.equal(await bg(), 'rgb(255, 255, 255)');
  await page.emulateMedia({ colorScheme: 'dark' });
  const [r, g, b] = (await bg()).match(/\d+/g).map(Number);
  assert.ok(r + g + b < 150, `dark background, got rgb(${r}, ${g}, ${b})`);
  await page.emulateMedia({ colorScheme: 'light' });
});

test('print: the page shown, black on white (also in the dark theme), with its figure, without navigation', async () => {
  const page = browser.page;
  await openLaunch(page, courses[0], courses[0].launches[0]);
  await page.evaluate((id) => window.CoursepackPlayer.goTo(id), SHOT_PAGES[0]);
  // a later page comes from its fragment (pages/<id>.js): wait until it is in
  await page.waitForFunction((id) => !document.getElementById(`p-${id}`).hasAttribute('data-fragment'), SHOT_PAGES[0]);
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  const printed = await page.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.checkVisibility()).length;
    const cs = getComputedStyle(document.body);
    return { pages: [...document.querySelectorAll('.cp-page')].filter((e) => e.checkVisibility()).map((e) => e.dataset.page),
      figures: shown('.cp-page figure img'), footer: shown('.cp-footer'), toc: shown('.cp-toc'), buttons: shown('.cp-footer button, .cp-toc-toggle'),
      bg: cs.backgroundColor, fg: cs.color };
  });
  await page.emulateMedia({ media: 'screen', colorScheme: 'light' });
  assert.deepEqual(printed.pages, [SHOT_PAGES[0]]);
  assert.ok(printed.figures >= 1, 'the figure prints');
  assert.deepEqual([printed.footer, printed.toc, printed.buttons], [0, 0, 0], 'no navigation on paper');
  assert.deepEqual([printed.bg, printed.fg], ['rgb(255, 255, 255)', 'rgb(0, 0, 0)']);
});

test('screenshots of three pages at every width are written', () => {
  assert.equal(shots.length, SHOT_PAGES.length * WIDTHS.length, shots.join('\n'));
});

test('no console errors, no requests leave the package', () => {
  // the synthetic course's images are random bytes: the browser cannot decode them, which is not a request failure
  assertNoProblems(browser.problems);
});
