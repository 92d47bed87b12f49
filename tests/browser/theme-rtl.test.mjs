// Issue 13: a course's [theme] reaches the player (computed colours of the primary button in the light and the
// dark scheme, radius, the logo with its alt text), and a right-to-left course (`language = "ar"` with every
// string in [strings]) renders dir="rtl" with the navigation mirrored. Builds Module 6 (themed) and a small
// Arabic course with the real binary (env COURSEPACK_BIN, default target/debug/coursepack); screenshots of the
// Arabic course at 390 px go to target/screenshots/.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, assertNoProblems, launchBrowser, next, pathToFileURL, unpackZip, visiblePage, waitForPlayer,
} from './helpers.mjs';

const BIN = process.env.COURSEPACK_BIN || join(ROOT, 'target', 'debug', 'coursepack');
const SHOTS = join(ROOT, 'target', 'screenshots');
const ARABIC = {
  skip_to_content: 'انتقل إلى المحتوى', contents: 'المحتويات', table_of_contents: 'جدول المحتويات',
  previous: 'السابق', next: 'التالي', page_x_of_n: 'الصفحة {x} من {n}', pages_viewed: 'تمت مشاهدة {x} من {n} صفحات',
};

let work;
let browser;

function build(course, name) {
  const out = join(work, `${name}-dist`);
  const r = spawnSync(BIN, ['build', course, '--out', out, '--target', 'scorm12', '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build of ${name} failed: ${r.stdout}${r.stderr}`);
  const zip = readdirSync(out).find((f) => f.endsWith('-scorm12.zip'));
  return unpackZip(join(out, zip), name);
}

/** An Arabic course: every player string in [strings] (a few translated, the rest the English text). */
function writeArabicCourse(dir) {
  const en = JSON.parse(readFileSync(join(ROOT, 'packaging', 'i18n', 'en.json'), 'utf8'));
  const strings = Object.keys(en).map((k) => `${k} = ${JSON.stringify(ARABIC[k] ?? en[k])}`).join('\n');
  mkdirSync(join(dir, '01-intro'), { recursive: true });
  writeFileSync(join(dir, 'course.toml'), 'id = "https://example.org/courses/rtl"\ntitle = "مقدمة في السلامة"\n'
    + `language = "ar"\nversion = "1.0.0"\n\n[strings]\n${strings}\n`);
  writeFileSync(join(dir, '01-intro', 'section.toml'), 'title = "مقدمة"\n');
  writeFileSync(join(dir, '01-intro', '01-welcome.md'), '+++\ntitle = "مرحبا"\n+++\n\nهذه هي الصفحة الأولى.\n');
  writeFileSync(join(dir, '01-intro', '02-more.md'), '+++\ntitle = "المزيد"\n+++\n\nهذه هي الصفحة الثانية.\n\n'
    + '> اقتباس قصير.\n');
  writeFileSync(join(dir, '01-intro', '03-end.md'), '+++\ntitle = "النهاية"\n+++\n\nالصفحة الأخيرة.\n');
}

/** `[theme]` of Module 6's course.toml, as key → value. */
function module6Theme() {
  const toml = readFileSync(join(ROOT, 'course-src', 'module-6', 'course.toml'), 'utf8');
  const section = toml.split('[theme]')[1] ?? '';
  return Object.fromEntries([...section.matchAll(/^(\w+)\s*=\s*"([^"]*)"/gm)].map((m) => [m[1], m[2]]));
}

const rgb = (hex) => {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
};

before(async () => {
  assert.ok(existsSync(BIN), `${BIN} not found: run cargo build first (or set COURSEPACK_BIN)`);
  work = mkdtempSync(join(tmpdir(), 'coursepack-theme-rtl-'));
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('Module 6: the theme colours the primary button in light and dark, and the logo has its alt text', async () => {
  const theme = module6Theme();
  assert.ok(theme.primary && theme.logo_alt, 'Module 6 has a [theme] with primary and logo_alt');
  const pkg = build(join(ROOT, 'course-src', 'module-6'), 'module-6');
  const { page } = browser;
  await page.setViewportSize({ width: 1024, height: 800 });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto(pathToFileURL(join(pkg, 'index.html')).href);
  await waitForPlayer(page.mainFrame());
  const look = () => page.evaluate(() => {
    const b = getComputedStyle(document.querySelector('.cp-next'));
    const a = getComputedStyle(document.querySelector('.cp-toc-toggle'));
    return { fill: b.backgroundColor, text: b.color, border: a.borderTopColor, radius: b.borderTopLeftRadius };
  });
  const light = await look();
  assert.equal(light.fill, rgb(theme.primary), 'Next is filled with the theme primary');
  assert.equal(light.border, rgb(theme.primary), 'outlined buttons use the theme primary');
  assert.equal(light.radius, theme.radius, 'the theme radius');
  const logo = await page.evaluate(() => {
    const img = document.querySelector('.cp-header img.cp-logo');
    return img && { alt: img.getAttribute('alt'), loaded: img.complete && img.naturalWidth > 0 };
  });
  assert.deepEqual(logo, { alt: theme.logo_alt, loaded: true }, 'the logo is shown in the header with its alt');
  await page.emulateMedia({ colorScheme: 'dark' });
  const dark = await look();
  const css = readFileSync(join(pkg, 'assets', 'theme.css'), 'utf8');
  const darkAccent = css.split('prefers-color-scheme: dark')[1].match(/--accent: (#[0-9a-f]{6});/)[1];
  assert.equal(dark.fill, rgb(darkAccent), 'the derived dark primary from theme.css');
  assert.notEqual(dark.fill, light.fill, 'the dark scheme has its own, lighter primary');
  await page.emulateMedia({ colorScheme: 'light' });
  assertNoProblems(browser.problems, 'Module 6 themed');
});

test('Arabic: dir="rtl", Next on the left of Previous, the table of contents on the right', async () => {
  const course = join(work, 'ar-course');
  writeArabicCourse(course);
  const pkg = build(course, 'ar');
  const { page } = browser;
  await page.setViewportSize({ width: 390, height: 800 });
  await page.goto(pathToFileURL(join(pkg, 'index.html')).href);
  const frame = page.mainFrame();
  await waitForPlayer(frame);
  assert.equal(await visiblePage(frame), 'welcome');
  assert.equal(await next(frame), 'more');
  const layout = await page.evaluate(() => {
    const box = (s) => document.querySelector(s).getBoundingClientRect();
    const quote = getComputedStyle(document.querySelector('#p-more blockquote'));
    return {
      dir: document.dir,
      next: box('.cp-next').left, prev: box('.cp-prev').left,
      nextLabel: document.querySelector('.cp-next').textContent.trim(),
      quoteRight: quote.borderRightWidth, quoteLeft: quote.borderLeftWidth,
      overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
    };
  });
  assert.equal(layout.dir, 'rtl');
  assert.equal(layout.nextLabel, 'التالي');
  assert.ok(layout.next < layout.prev, `Next (x=${layout.next}) is left of Previous (x=${layout.prev})`);
  assert.equal(layout.quoteLeft, '0px', 'a quote has no rule on the left in rtl');
  assert.notEqual(layout.quoteRight, '0px', 'the quote rule is on the right (inline start) in rtl');
  assert.ok(layout.overflow <= 0, `no sideways scrolling (${layout.overflow} px)`);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'rtl-ar-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1024, height: 800 });
  const toc = await page.evaluate(() => {
    const t = document.querySelector('#cp-toc').getBoundingClientRect();
    const m = document.querySelector('#cp-main').getBoundingClientRect();
    return { toc: t.left, main: m.left, visible: t.width > 0 };
  });
  if (toc.visible) assert.ok(toc.toc > toc.main, `the table of contents sits right of the page (${JSON.stringify(toc)})`);
  await page.screenshot({ path: join(SHOTS, 'rtl-ar-1024.png') });
  assertNoProblems(browser.problems, 'Arabic course');
});
