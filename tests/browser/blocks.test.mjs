// Interactive blocks and embeds in a course built with the real binary (env COURSEPACK_BIN, default
// target/debug/coursepack): an embedded widget runs its own script from the package under file://; tabs,
// accordion and reveal work by keyboard alone (WAI-ARIA roles and states) and show as plain sections without
// script; axe finds nothing; reflection text survives a reload, never reaches the LMS, and the note says when
// the browser refuses to keep it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { startLrs } from './lrs.mjs';
import { AUTH, leave, launchUrl, newRegistration, openXapi } from './xapi-helpers.mjs';
import {
  ROOT, assertNoProblems, launchBrowser, leaveCourse, openInLms, pathToFileURL, startServer, unpackZip, waitForPlayer,
} from './helpers.mjs';

const BIN = process.env.COURSEPACK_BIN || join(ROOT, 'target', 'debug', 'coursepack');
const REFLECTION = 'I would close the door behind me.';

const PAGE = `+++
title = "Fire safety"
+++
Read the blocks below.

::: tabs "Extinguishers"
::: tab "Water"
For paper and wood.
:::
::: tab "Foam"
For burning liquids.
:::
::: tab "CO2"
For electrical fires.
:::
:::

::: accordion
::: panel "First"
Raise the alarm.
:::
::: panel "Then"
Leave the building.
:::
:::

::: reveal "Show the number"
Call 112.
:::

::: reflection "What would you do when you smell smoke?"
:::

::: embed src="../media/widget/index.html" title="Fire triangle widget" height="200"
:::
`;

let work;
let pkg;
let xapiPkg;
let browser;

function write(root, files) {
  for (const [path, body] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), body);
  }
}

before(() => {
  assert.ok(existsSync(BIN), `${BIN} not found: run cargo build first (or set COURSEPACK_BIN)`);
  work = mkdtempSync(join(tmpdir(), 'coursepack-blocks-'));
  const course = join(work, 'course');
  write(course, {
    'course.toml': 'id = "https://example.org/courses/blocks"\ntitle = "Blocks"\nlanguage = "en"\nversion = "1.0.0"\n',
    '01-s/section.toml': 'title = "Safety"\n',
    '01-s/01-fire.md': PAGE,
    'media/widget/index.html': '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>waiting</title>'
      + '<script src="js/app.js"></script></head><body><p id="out">no script</p></body></html>\n',
    'media/widget/js/app.js': 'document.title = "widget ready";\n'
      + 'addEventListener("DOMContentLoaded", () => { document.getElementById("out").textContent = "script ran"; });\n',
  });
  const out = join(work, 'dist');
  const r = spawnSync(BIN, ['build', course, '--target', 'scorm12,xapi', '--out', out, '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build failed: ${r.stdout}${r.stderr}`);
  pkg = unpackZip(join(out, 'blocks-1.0.0-scorm12.zip'), 'the built course');
  xapiPkg = unpackZip(join(out, 'blocks-1.0.0-xapi.zip'), 'the built xAPI course');
});

before(async () => { browser = await launchBrowser(); });

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function openFile(page) {
  await page.goto(pathToFileURL(join(pkg, 'index.html')).href);
  const frame = page.mainFrame();
  await waitForPlayer(frame);
  return frame;
}

/** Presses Tab until the focused element matches `selector` (at most 30 presses). */
async function tabTo(page, selector) {
  for (let i = 0; i < 30; i += 1) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

const tabState = (page) => page.evaluate(() => [...document.querySelectorAll('[role="tab"]')].map((t) => ({
  selected: t.getAttribute('aria-selected'),
  tabindex: t.getAttribute('tabindex'),
  focused: document.activeElement === t,
  panelShown: !document.getElementById(t.getAttribute('aria-controls')).hidden,
})));

const embedAttrs = (frame) => frame.evaluate(() => {
  const f = document.querySelector('.cp-embed iframe[data-embed]');
  return { sandbox: f.getAttribute('sandbox'), title: f.title, src: f.getAttribute('src') };
});

/** Waits until the widget in the embed iframe of `frame` has run its own script file. */
async function widgetRan(frame) {
  const handle = await frame.waitForSelector('.cp-embed iframe[src]');
  const widget = await handle.contentFrame();
  await widget.waitForFunction(() => document.title === 'widget ready'
    && document.getElementById('out')?.textContent === 'script ran', null, { timeout: 5000 });
}

test('the embed iframe runs the widget\'s own script from the package under file://', async () => {
  const { page } = browser;
  await openFile(page);
  assert.deepEqual(await embedAttrs(page.mainFrame()),
    { sandbox: 'allow-scripts allow-same-origin', title: 'Fire triangle widget', src: 'media/widget/index.html' });
  await widgetRan(page.mainFrame());
  assertNoProblems(browser.problems, 'file:// with the embed');
});

test('in an LMS (http) the widget runs sandboxed with scripts only and cannot reach the LMS API', async () => {
  const server = await startServer(pkg);
  const page = await browser.context.newPage();
  try {
    const frame = await openInLms(page, server.url);
    assert.deepEqual(await embedAttrs(frame),
      { sandbox: 'allow-scripts', title: 'Fire triangle widget', src: 'media/widget/index.html' });
    await widgetRan(frame);
    const widget = await (await frame.$('.cp-embed iframe[src]')).contentFrame();
    const reach = await widget.evaluate(() => {
      try { return typeof window.parent.parent.API; } catch (e) { return 'blocked'; }
    });
    assert.equal(reach, 'blocked');
  } finally {
    await page.close();
    await server.close();
  }
});

test('tabs: roles, roving tabindex and Left/Right/Home/End by keyboard alone', async () => {
  const { page } = browser;
  await openFile(page);
  const roles = await page.evaluate(() => {
    const list = document.querySelector('.cp-tabs [role="tablist"]');
    return { label: list.getAttribute('aria-label'), tabs: list.querySelectorAll('[role="tab"]').length,
      panels: document.querySelectorAll('.cp-tabs [role="tabpanel"]').length };
  });
  assert.deepEqual(roles, { label: 'Extinguishers', tabs: 3, panels: 3 });
  await tabTo(page, '[role="tab"]');
  let s = await tabState(page);
  assert.deepEqual(s.map((t) => [t.selected, t.tabindex, t.panelShown]),
    [['true', '0', true], ['false', '-1', false], ['false', '-1', false]]);
  assert.ok(s[0].focused, 'Tab lands on the selected tab');
  await page.keyboard.press('ArrowRight');
  s = await tabState(page);
  assert.deepEqual(s.map((t) => [t.selected, t.focused, t.panelShown]),
    [['false', false, false], ['true', true, true], ['false', false, false]]);
  await page.keyboard.press('End');
  assert.equal((await tabState(page)).findIndex((t) => t.selected === 'true' && t.focused), 2);
  await page.keyboard.press('ArrowRight');
  assert.equal((await tabState(page)).findIndex((t) => t.selected === 'true' && t.focused), 0, 'Right wraps to the first');
  await page.keyboard.press('ArrowLeft');
  assert.equal((await tabState(page)).findIndex((t) => t.selected === 'true' && t.focused), 2, 'Left wraps to the last');
  await page.keyboard.press('Home');
  assert.equal((await tabState(page)).findIndex((t) => t.selected === 'true' && t.focused), 0);
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('role')), 'tabpanel',
    'Tab from the tab list moves into the panel, not to the next tab');
});

test('accordion and reveal: buttons with aria-expanded that Enter and Space toggle', async () => {
  const { page } = browser;
  await openFile(page);
  const state = (sel) => page.evaluate((s) => {
    const b = document.querySelector(s);
    const panel = document.getElementById(b.getAttribute('aria-controls'));
    return { expanded: b.getAttribute('aria-expanded'), shown: !panel.hidden, inHeading: /^H[2-6]$/.test(b.parentElement.tagName) };
  }, sel);
  const first = '.cp-accordion .cp-panel:first-child button';
  assert.deepEqual(await state(first), { expanded: 'false', shown: false, inHeading: true });
  await tabTo(page, first);
  await page.keyboard.press('Enter');
  assert.deepEqual(await state(first), { expanded: 'true', shown: true, inHeading: true });
  await page.keyboard.press('Space');
  assert.deepEqual(await state(first), { expanded: 'false', shown: false, inHeading: true });
  const region = await page.evaluate(() => {
    const body = document.querySelector('.cp-accordion .cp-panel .cp-block-body');
    return [body.getAttribute('role'), document.getElementById(body.getAttribute('aria-labelledby'))?.textContent];
  });
  assert.deepEqual(region, ['region', 'First']);

  const reveal = '.cp-reveal button';
  assert.equal((await state(reveal)).expanded, 'false');
  await tabTo(page, reveal);
  await page.keyboard.press('Enter');
  assert.equal((await state(reveal)).expanded, 'true');
  assert.ok(await page.evaluate(() => document.querySelector('.cp-reveal .cp-block-body').checkVisibility()));
  assertNoProblems(browser.problems, 'keyboard use');
});

test('without script every block is a plain section: titles and content visible', async () => {
  const server = await startServer(pkg);
  // The persistent context cannot turn script off: this page gets no script file at all instead.
  const page = await browser.context.newPage();
  await page.route('**/*.js', (r) => r.abort());
  try {
    await page.goto(`${server.url}/pkg/index.html`);
    const seen = await page.evaluate(() => {
      const shown = (sel) => [...document.querySelectorAll(sel)].filter((e) => e.checkVisibility()).map((e) => e.textContent.trim());
      return { titles: shown('.cp-block-title'), reveal: shown('.cp-reveal .cp-block-body'),
        tabs: document.querySelectorAll('[role="tab"]').length };
    });
    assert.deepEqual(seen.titles, ['Water', 'Foam', 'CO2', 'First', 'Then', 'What would you do when you smell smoke?']);
    assert.deepEqual(seen.reveal, ['Call 112.']);
    assert.equal(seen.tabs, 0);
  } finally {
    await page.close();
    await server.close();
  }
});

test('axe: no WCAG 2.1 A/AA violations with the blocks enhanced and opened', async () => {
  const server = await startServer(pkg);
  const page = await browser.context.newPage();
  try {
    await page.goto(`${server.url}/pkg/index.html`);
    await waitForPlayer(page.mainFrame());
    await page.click('.cp-accordion .cp-panel:first-child button');
    await page.click('.cp-reveal button');
    await page.addScriptTag({ url: `${server.url}/lms/axe.min.js` });
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
      return r.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html.slice(0, 120)).join(' | ')}`);
    });
    assert.deepEqual(violations, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('reflection text survives a reload under file:// and says it stays in the browser', async () => {
  const { page } = browser;
  await openFile(page);
  const box = '.cp-reflection textarea';
  const labelled = await page.evaluate((s) => document.querySelector(s).labels[0].textContent, box);
  assert.equal(labelled, 'What would you do when you smell smoke?');
  await page.fill(box, REFLECTION);
  await page.reload();
  await waitForPlayer(page.mainFrame());
  assert.equal(await page.inputValue(box), REFLECTION);
  const note = await page.textContent('.cp-reflection-note');
  assert.match(note, /stays in this browser only/);
});

test('reflection text is never sent to the LMS', async () => {
  const server = await startServer(pkg);
  const page = await browser.context.newPage();
  try {
    const frame = await openInLms(page, server.url);
    await frame.fill('.cp-reflection textarea', `${REFLECTION} (in the LMS)`);
    await frame.click('.cp-reveal button');
    const state = await leaveCourse(page);
    assert.ok(state.log.some((c) => c.fn === 'LMSSetValue'), 'the player did talk to the LMS');
    const sent = JSON.stringify([state.log, state.current]);
    assert.ok(!sent.includes('close the door'), 'no LMS call carries the reflection text');
  } finally {
    await page.close();
    await server.close();
  }
});

test('reflection text is in no xAPI statement or state document', async () => {
  const server = await startServer(xapiPkg);
  const lrs = await startLrs({ auth: AUTH });
  const page = await browser.context.newPage();
  try {
    const registration = newRegistration();
    const actor = { objectType: 'Agent', name: 'Learner', mbox: 'mailto:learner@example.org' };
    const frame = await openXapi(page, launchUrl(server.url, lrs, {
      actor, registration, activityId: 'https://example.org/courses/blocks',
    }));
    await frame.fill('.cp-reflection textarea', `${REFLECTION} (via xAPI)`);
    await frame.click('.cp-reveal button');
    await leave(page, lrs, registration);
    assert.ok(lrs.statements.length > 0, 'the player did send statements');
    const sent = JSON.stringify([lrs.statements, [...lrs.state.values()].map((v) => String(v.body))]);
    assert.ok(!sent.includes('close the door'), 'no statement or state document carries the reflection text');
  } finally {
    await page.close();
    await lrs.close();
    await server.close();
  }
});

test('reflection where the browser refuses storage: the note says the text is not kept', async () => {
  const page = await browser.context.newPage();
  try {
    await page.addInitScript(() => {
      Object.defineProperty(window, 'localStorage', { get() { throw new DOMException('denied', 'SecurityError'); } });
    });
    await openFile(page);
    await page.fill('.cp-reflection textarea', 'typed anyway');
    assert.match(await page.textContent('.cp-reflection-note'), /does not let the course keep your text/);
  } finally {
    await page.close();
  }
});
