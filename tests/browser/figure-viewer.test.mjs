// The figure viewer, keyboard only: Tab reaches a figure, Enter opens it full screen in a modal <dialog>, focus is
// inside and stays inside, + zooms, Esc closes and focus returns to the figure. From file:// and in an LMS frame.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { assertNoProblems, launchBrowser, openInLms, startServer, waitForPlayer } from './helpers.mjs';
import { module6 } from './courses.mjs';

const FIGURE_PAGE = 'wat-is-samenwerking';
let browser;
let server;
let course;

before(async () => {
  course = module6();
  server = await startServer(course.dir);
  browser = await launchBrowser();
  await browser.page.setViewportSize({ width: 390, height: 740 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const active = (frame) => frame.evaluate(() => {
  const a = document.activeElement;
  return { cls: a?.className ?? '', inDialog: !!a?.closest('dialog.cp-viewer'), tag: a?.tagName };
});

/** Tab (keyboard only) from the page heading until a figure's button has focus; returns the number of Tabs. */
async function tabToFigure(page, frame) {
  for (let i = 1; i <= 60; i++) {
    await page.keyboard.press('Tab');
    if ((await active(frame)).cls.includes('cp-figure-open')) return i;
  }
  throw new Error('Tab never reached the figure button');
}

async function openFigureByKeyboard(page, frame) {
  await frame.evaluate((id) => window.CoursepackPlayer.goTo(id), FIGURE_PAGE);
  await tabToFigure(page, frame);
  const name = await frame.evaluate(() => document.activeElement.getAttribute('aria-label'));
  assert.match(name, /^Vergroten: .*samenwerking/, 'the button says what it does and which figure');
  await page.keyboard.press('Enter');
  await frame.waitForFunction(() => document.querySelector('dialog.cp-viewer')?.open, null, { timeout: 3000 });
}

/** The package's index.html from file://, freshly loaded; returns its frame. */
async function openStandalone(page) {
  await page.goto(pathToFileURL(join(course.dir, 'index.html')).href);
  await waitForPlayer(page.mainFrame());
  return page.mainFrame();
}

test('from file://: Tab, Enter, focus trapped in the dialog, + zooms, Esc closes and returns focus', async () => {
  const page = browser.page;
  const frame = await openStandalone(page);
  await openFigureByKeyboard(page, frame);

  const state = await frame.evaluate(() => {
    const d = document.querySelector('dialog.cp-viewer'), img = d.querySelector('img');
    const r = d.getBoundingClientRect();
    return { modal: d.matches(':modal'), w: r.width, h: r.height, vw: innerWidth, vh: innerHeight,
      title: document.getElementById(d.getAttribute('aria-labelledby')).textContent, src: img.getAttribute('src'),
      loaded: img.complete && img.naturalWidth > 0 };
  });
  assert.ok(state.modal, 'opened with showModal()');
  assert.deepEqual([state.w, state.h], [state.vw, state.vh], 'the viewer fills the screen');
  assert.equal(state.title, 'Figuur 1. Vormen van samenwerking, van los naar hecht', 'titled by the caption');
  assert.equal(state.src, 'media/samenwerkingsvormen.svg');
  assert.ok(state.loaded, 'the figure loads from file://');
  assert.ok((await active(frame)).inDialog, 'focus moved into the dialog');

  const seen = new Set();
  for (let i = 0; i < 12; i++) {
    await page.keyboard.press('Tab');
    const a = await active(frame);
    assert.ok(a.inDialog, `Tab ${i + 1} left the dialog (focus on ${a.tag}.${a.cls})`);
    seen.add(a.cls);
  }
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Shift+Tab');
    assert.ok((await active(frame)).inDialog, `Shift+Tab ${i + 1} left the dialog`);
  }
  assert.ok(seen.has('cp-viewer-close') && seen.has('cp-viewer-zoom-in') && seen.has('cp-viewer-body'),
    `Tab visits the controls and the scrollable figure: ${[...seen]}`);

  const size = () => frame.evaluate(() => {
    const b = document.querySelector('.cp-viewer-body'), img = b.querySelector('img');
    return { img: img.getBoundingClientRect().width, body: b.clientWidth, scroll: b.scrollWidth,
      level: document.querySelector('.cp-viewer-level').textContent };
  });
  const fit = await size();
  assert.ok(fit.img <= fit.body + 1, 'at 100% the figure fits the screen');
  assert.equal(fit.level, 'Zoom 100%');
  await page.keyboard.press('+');
  await page.keyboard.press('+');
  const zoomed = await size();
  assert.equal(zoomed.level, 'Zoom 200%');
  assert.ok(Math.abs(zoomed.img - 2 * fit.img) <= 2, `+ + doubles the figure (${fit.img} -> ${zoomed.img})`);
  assert.ok(zoomed.scroll > zoomed.body, 'the zoomed figure scrolls inside the viewer');
  assert.equal(await frame.evaluate(() => document.documentElement.scrollWidth <= innerWidth), true,
    'the page behind does not widen');

  await page.keyboard.press('Escape');
  assert.equal(await frame.evaluate(() => document.querySelector('dialog.cp-viewer').open), false, 'Esc closes');
  assert.ok((await active(frame)).cls.includes('cp-figure-open'), 'focus returns to the figure button');
});

test('the zoom buttons work from the keyboard, and Close closes', async () => {
  const page = browser.page;
  const frame = await openStandalone(page);
  await openFigureByKeyboard(page, frame);
  // focus starts on Close; Shift+Tab walks back to Fit, Zoom in
  await page.keyboard.press('Shift+Tab');
  await page.keyboard.press('Shift+Tab');
  assert.equal((await active(frame)).cls, 'cp-viewer-zoom-in');
  await page.keyboard.press('Enter');
  assert.equal(await frame.locator('.cp-viewer-level').textContent(), 'Zoom 150%');
  await page.keyboard.press('Tab'); // Fit
  await page.keyboard.press('Enter');
  assert.equal(await frame.locator('.cp-viewer-level').textContent(), 'Zoom 100%');
  await page.keyboard.press('Tab'); // Close
  await page.keyboard.press('Enter');
  assert.equal(await frame.evaluate(() => document.querySelector('dialog.cp-viewer').open), false);
  assert.ok((await active(frame)).cls.includes('cp-figure-open'));
});

test('reduced motion: the viewer opens without animation', async () => {
  const page = browser.page;
  const frame = await openStandalone(page);
  const animation = () => frame.evaluate(() => getComputedStyle(document.querySelector('dialog.cp-viewer')).animationName);
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await openFigureByKeyboard(page, frame);
  assert.equal(await animation(), 'cp-viewer-in');
  await page.keyboard.press('Escape');
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await openFigureByKeyboard(page, frame);
  assert.equal(await animation(), 'none');
  await page.keyboard.press('Escape');
  await page.emulateMedia({ reducedMotion: 'no-preference' });
});

test('inside an LMS frame the viewer opens, traps focus and closes the same way', async () => {
  const page = browser.page;
  const frame = await openInLms(page, server.url, { launch: '/pkg/index.html' });
  await openFigureByKeyboard(page, frame);
  assert.ok((await active(frame)).inDialog);
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press('Tab');
    assert.ok((await active(frame)).inDialog, `Tab ${i + 1} left the dialog in the frame`);
  }
  const loaded = await frame.evaluate(() => { const i = document.querySelector('.cp-viewer-img'); return i.complete && i.naturalWidth > 0; });
  assert.ok(loaded, 'the figure loads inside the frame');
  await page.keyboard.press('Escape');
  assert.ok((await active(frame)).cls.includes('cp-figure-open'));
});

test('no console errors, no requests leave 127.0.0.1 / file://', () => {
  assertNoProblems(browser.problems);
});
