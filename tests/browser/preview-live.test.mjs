// `coursepack preview` in the browser (binary: env COURSEPACK_BIN, else target/debug/coursepack): the URL keeps
// the open page (#page-id), a reload or a pasted URL shows that page, and a save in the course folder reloads
// the open page by itself (server-sent events), still on the same page, and again once an error is fixed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { assertNoProblems, courseData, launchBrowser, next, ROOT, visiblePage, waitForPlayer } from './helpers.mjs';

const BIN = resolve(process.env.COURSEPACK_BIN || join(ROOT, 'target', 'debug', 'coursepack'));
const SKIP = existsSync(BIN) ? false : `${BIN} not found (cargo build, or set COURSEPACK_BIN)`;

let work, preview, url, browser;

/** Starts `coursepack preview <course> --port 0` and resolves to its base URL (from its first line). */
function startPreview(course) {
  const child = spawn(BIN, ['preview', course, '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  return new Promise((ok, fail) => {
    child.once('error', fail);
    child.once('exit', (code) => fail(new Error(`preview exited with ${code}`)));
    lines.once('line', (line) => {
      const m = line.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (!m) fail(new Error(`no address in ${JSON.stringify(line)}`));
      else ok({ child, url: m[0] });
    });
  });
}

/** The page file whose name ends in `<id>.md` (the scaffold's ids come from the file names). */
function pageFile(course, id) {
  for (const section of readdirSync(course, { withFileTypes: true })) {
    if (!section.isDirectory()) continue;
    const file = readdirSync(join(course, section.name)).find((f) => f.endsWith(`${id}.md`));
    if (file) return join(course, section.name, file);
  }
  throw new Error(`no page file for ${id} in ${course}`);
}

/** Waits until the document marked with window.cpBeforeSave has been replaced: the page reloaded. */
async function waitForReload(page, what) {
  await page.waitForFunction(() => window.cpBeforeSave === undefined, null, { timeout: 10000 })
    .catch(() => { throw new Error(`the page did not reload by itself after ${what}`); });
}

before(async () => {
  if (SKIP) return;
  work = mkdtempSync(join(tmpdir(), 'coursepack-preview-'));
  const made = spawnSync(BIN, ['new', 'course'], { cwd: work, encoding: 'utf8' });
  assert.equal(made.status, 0, made.error?.message ?? made.stderr);
  const started = await startPreview(join(work, 'course'));
  preview = started.child;
  url = started.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  preview?.removeAllListeners('exit');
  preview?.kill();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the URL follows the open page and a reload shows it again', { skip: SKIP }, async () => {
  const { page } = browser;
  await page.goto(url);
  const frame = page.mainFrame();
  await waitForPlayer(frame);
  const data = await courseData(frame);
  assert.equal(await visiblePage(frame), data.pages[0].id);
  const second = await next(frame);
  assert.equal(second, data.pages[1].id);
  assert.equal(new URL(page.url()).hash, `#${second}`, 'the URL names the open page');

  await page.reload();
  await waitForPlayer(frame);
  assert.equal(await visiblePage(frame), second, 'a reload stays on the page');

  const other = await browser.context.newPage();
  await other.goto(`${url}#${encodeURIComponent(second)}`);
  await waitForPlayer(other.mainFrame());
  assert.equal(await visiblePage(other.mainFrame()), second, 'the URL opens that page');
  await other.close();
});

test('a save reloads the open page by itself, on the same page; so does the save that fixes an error',
  { skip: SKIP }, async () => {
    const { page } = browser;
    const frame = page.mainFrame();
    const data = await courseData(frame);
    const second = data.pages[1].id;
    assert.equal(await visiblePage(frame), second, 'still on page 2 from the previous test');
    const file = pageFile(join(work, 'course'), second);
    const source = readFileSync(file, 'utf8');

    await page.evaluate(() => { window.cpBeforeSave = true; });
    appendFileSync(file, '\nA sentence saved in the editor.\n');
    await waitForReload(page, 'a save');
    await waitForPlayer(frame);
    assert.equal(await visiblePage(frame), second, 'the reloaded page is still page 2');
    assert.match(await frame.locator(`.cp-page[data-page="${second}"]`).innerText(), /A sentence saved in the editor\./);

    // a broken save shows the diagnostics over the page; the save that fixes it brings page 2 back
    await page.evaluate(() => { window.cpBeforeSave = true; });
    writeFileSync(file, `${source}\n![](media/missing.png)\n`);
    await waitForReload(page, 'a broken save');
    await page.waitForSelector('text=/E030[12]/');
    await page.evaluate(() => { window.cpBeforeSave = true; });
    writeFileSync(file, source);
    await waitForReload(page, 'the save that fixes it');
    await waitForPlayer(frame);
    assert.equal(await visiblePage(frame), second, 'back on page 2');

    const problems = { ...browser.problems };
    // the error page itself answers 500 by design, and a reload aborts the old page's event stream
    problems.failedRequests = problems.failedRequests.filter((r) => !/\/__events|HTTP 500/.test(r));
    problems.consoleErrors = problems.consoleErrors.filter((m) => !/status of 500/.test(m));
    assertNoProblems(problems, 'preview');
  });
