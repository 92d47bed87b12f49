// Shared helpers for the browser tests of coursepack's SCORM 1.2 packages.
//
// The package under test comes from env COURSEPACK_ZIP (a *-scorm12.zip, unpacked once per test file into a temp
// dir). For development, COURSEPACK_DIR may point at an already unpacked package instead.
// Chromium: /usr/bin/chromium (override with CHROMIUM_PATH), driven by playwright-core; no network beyond 127.0.0.1.

import { spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, extname, join, normalize, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, '..', '..');
export const FIXTURES = join(HERE, 'fixtures');
const NODE_MODULES = join(ROOT, 'node_modules');

const tempDirs = [];
process.on('exit', () => {
  for (const d of tempDirs) {
    try { rmSync(d, { recursive: true, force: true }); } catch { /* best effort */ }
  }
});

function tempDir(prefix) {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(d);
  return d;
}

// ---------------------------------------------------------------------------------------------------------------
// The package under test

let cachedPackageDir = null;

/** The unpacked SCORM 1.2 package under test (a directory containing imsmanifest.xml and index.html). */
export function packageDir() {
  if (cachedPackageDir) return cachedPackageDir;
  const dir = process.env.COURSEPACK_DIR;
  if (dir) {
    assert.ok(existsSync(join(dir, 'index.html')), `COURSEPACK_DIR=${dir} has no index.html`);
    cachedPackageDir = resolve(dir);
    return cachedPackageDir;
  }
  const zip = process.env.COURSEPACK_ZIP;
  if (!zip) {
    throw new Error('COURSEPACK_ZIP is not set: build the course first ' +
      '(cargo run -- build course-src/module-6 --out dist) and run with ' +
      'COURSEPACK_ZIP=dist/<name>-scorm12.zip npm run test:browser');
  }
  cachedPackageDir = unpackZip(zip, 'COURSEPACK_ZIP');
  return cachedPackageDir;
}

/** Unpack a package zip (named by env `what`) into a temp dir that has index.html at its root. */
export function unpackZip(zip, what) {
  if (!existsSync(zip) || !statSync(zip).isFile()) {
    throw new Error(`${what}=${zip} does not exist or is not a file`);
  }
  const out = tempDir('coursepack-pkg-');
  const r = spawnSync('unzip', ['-q', '-o', resolve(zip), '-d', out], { encoding: 'utf8' });
  if (r.error) throw new Error(`could not run unzip (install it: apt-get install unzip): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`unzip ${zip} failed (exit ${r.status}): ${r.stderr}`);
  if (!existsSync(join(out, 'index.html'))) {
    throw new Error(`${zip} has no index.html at its root (contract: launch file index.html for sco_layout=single)`);
  }
  return out;
}

/** The #cp-data JSON straight from the package's index.html (no browser needed). */
export function courseDataFromFile(file = join(packageDir(), 'index.html')) {
  const html = readFileSync(file, 'utf8');
  const m = html.match(/<script[^>]*id="cp-data"[^>]*>([\s\S]*?)<\/script>/);
  assert.ok(m, `${file} has no <script id="cp-data">`);
  return JSON.parse(m[1]);
}

// ---------------------------------------------------------------------------------------------------------------
// Static HTTP server on 127.0.0.1: /lms/* (fixtures + scorm-again + axe), /pkg/* (the package)

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp', '.vtt': 'text/vtt',
  '.mp4': 'video/mp4', '.webm': 'video/webm', '.mp3': 'audio/mpeg', '.ogg': 'audio/ogg', '.m4a': 'audio/mp4',
  '.pdf': 'application/pdf', '.xml': 'application/xml', '.xsd': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2', '.map': 'application/json',
};

const ROUTES = {
  '/lms/scorm12.js': () => join(NODE_MODULES, 'scorm-again', 'dist', 'scorm12.js'),
  '/lms/axe.min.js': () => join(NODE_MODULES, 'axe-core', 'axe.min.js'),
};

function safeJoin(base, rel) {
  const p = normalize(join(base, rel));
  if (p !== base && !p.startsWith(base + sep)) return null;
  return p;
}

/** Start the server; resolves to {url, close(), requests: [paths]}. */
export async function startServer(pkgDir = packageDir()) {
  const requests = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    requests.push(path);
    let file = null;
    if (path === '/favicon.ico') { res.writeHead(204); res.end(); return; }
    if (ROUTES[path]) file = ROUTES[path]();
    else if (path.startsWith('/lms/')) file = safeJoin(FIXTURES, path.slice('/lms/'.length));
    else if (path.startsWith('/pkg/')) file = safeJoin(pkgDir, path.slice('/pkg/'.length));
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!file || !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end(`not found: ${path}`);
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(file).toLowerCase()] || 'application/octet-stream',
      'cache-control': 'no-store',
    });
    res.end(readFileSync(file));
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Chromium

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Launch headless Chromium with a throw-away profile. Returns {context, page, problems, close()}.
 * `problems` collects console errors, page errors, failed requests and requests that leave 127.0.0.1 / file://.
 */
export async function launchBrowser() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  }
  const profile = tempDir('coursepack-chromium-');
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1'],
    viewport: { width: 1280, height: 900 },
  });
  const problems = { consoleErrors: [], pageErrors: [], failedRequests: [], externalRequests: [] };
  const local = (url) => /^(https?:\/\/127\.0\.0\.1[:/]|file:|data:|blob:|about:)/.test(url);
  context.on('request', (r) => { if (!local(r.url())) problems.externalRequests.push(r.url()); });
  context.on('requestfailed', (r) => {
    // a page fragment still loading (a prefetch) when the test leaves the page is cut short: not a problem
    if (/\/pages\/[^/]+\.js$/.test(r.url()) && /ERR_ABORTED/.test(r.failure()?.errorText ?? '')) return;
    problems.failedRequests.push(`${r.url()} (${r.failure()?.errorText ?? 'failed'})`);
  });
  context.on('response', (r) => {
    if (r.status() >= 400) problems.failedRequests.push(`${r.url()} (HTTP ${r.status()})`);
  });
  const watch = (page) => {
    page.on('console', (m) => {
      if (m.type() === 'error') problems.consoleErrors.push(`${m.text()} @ ${m.location()?.url ?? ''}`);
    });
    page.on('pageerror', (e) => problems.pageErrors.push(String(e?.stack || e)));
  };
  context.pages().forEach(watch);
  context.on('page', watch);
  const page = context.pages()[0] ?? await context.newPage();
  return { context, page, problems, close: () => context.close() };
}

/** Assert that nothing went wrong in the browser (console errors, page errors, failed or external requests). */
export function assertNoProblems(problems, what = 'browser') {
  assert.deepEqual(problems.pageErrors, [], `${what}: uncaught page errors`);
  assert.deepEqual(problems.consoleErrors, [], `${what}: console errors`);
  assert.deepEqual(problems.externalRequests, [], `${what}: requests that leave 127.0.0.1`);
  assert.deepEqual(problems.failedRequests, [], `${what}: failed requests`);
}

// ---------------------------------------------------------------------------------------------------------------
// The LMS frame

/**
 * Open the test LMS page with the package's index.html in an iframe. `cmi` = prior CMI data (object under "cmi").
 * Returns the SCO's Frame once the player has started (window.CoursepackPlayer exists) and LMSInitialize was called.
 */
export async function openInLms(page, serverUrl, { cmi = null, launch = '/pkg/index.html' } = {}) {
  const q = new URLSearchParams({ launch });
  if (cmi) q.set('cmi', JSON.stringify(cmi));
  await page.goto(`${serverUrl}/lms/lms.html?${q}`);
  const handle = await page.waitForSelector('#sco');
  const frame = await handle.contentFrame();
  await frame.waitForLoadState('load');
  await waitForPlayer(frame);
  await page.waitForFunction(() => window.lmsLog.some((c) => c.fn === 'LMSInitialize'), null, { timeout: 5000 })
    .catch(() => { throw new Error('the SCO never called LMSInitialize on window.parent.API'); });
  return frame;
}

/** Wait until the player has started: window.CoursepackPlayer exists and exactly one .cp-page is visible. */
export async function waitForPlayer(frame) {
  await frame.waitForFunction(() => {
    if (!window.CoursepackPlayer) return false;
    const visible = [...document.querySelectorAll('.cp-page')].filter((s) => s.checkVisibility());
    return visible.length === 1;
  }, null, { timeout: 10000 }).catch(async (e) => {
    const info = await frame.evaluate(() => ({
      player: typeof window.CoursepackPlayer,
      htmlClass: document.documentElement.className,
      visible: [...document.querySelectorAll('.cp-page')].filter((s) => s.checkVisibility()).map((s) => s.id),
    })).catch(() => null);
    throw new Error(`player did not start (window.CoursepackPlayer + one visible .cp-page): ${JSON.stringify(info)}; ${e.message}`);
  });
}

/** Make the SCO leave like a learner closing the LMS frame: navigate the iframe away (pagehide), then return the log. */
export async function leaveCourse(page) {
  await page.evaluate(() => new Promise((ok) => {
    const frame = document.getElementById('sco');
    frame.addEventListener('load', () => ok(), { once: true });
    frame.src = '/lms/blank.html';
  }));
  // LMSFinish must have happened synchronously in pagehide; give async handlers a moment anyway.
  await page.waitForFunction(() => window.lmsLog.some((c) => c.fn === 'LMSFinish'), null, { timeout: 3000 })
    .catch(() => { /* asserted by the tests */ });
  await page.waitForTimeout(200);
  return lmsState(page);
}

/** {log, messages, final, commits, current} from the LMS page. `current` = CMI now (even without LMSFinish). */
export async function lmsState(page) {
  return page.evaluate(() => ({
    log: window.lmsLog,
    messages: window.lmsMessages,
    final: window.lmsFinal,
    commits: window.lmsCommits,
    current: window.lmsRender(),
  }));
}

/** The interactions of a rendered CMI ({cmi:{interactions:{childArray:[…]}}} or similar) as an array. */
export function interactionsOf(rendered) {
  const i = rendered?.cmi?.interactions;
  if (!i) return [];
  if (Array.isArray(i)) return i;
  if (Array.isArray(i.childArray)) return i.childArray;
  return Object.keys(i).filter((k) => /^\d+$/.test(k)).sort((a, b) => a - b).map((k) => i[k]);
}

/** Assert the SCORM call log is clean: string results, no error code other than "0", no scorm-again errors. */
export function assertCleanLog(state) {
  // scorm-again 3.x accepts LMSSetValue(el) without a value ("true", error 0), so check the arguments ourselves
  const shape = { LMSInitialize: 1, LMSFinish: 1, LMSCommit: 1, LMSGetValue: 1, LMSSetValue: 2 };
  const badArgs = state.log.filter((c) => shape[c.fn] !== undefined && (c.argTypes.length !== shape[c.fn] ||
    c.argTypes.some((t) => t !== 'string') || (shape[c.fn] === 1 && c.fn !== 'LMSGetValue' && c.args[0] !== '')));
  assert.deepEqual(badArgs.map((c) => `${c.fn}(${c.args.map((a, i) => (c.argTypes[i] === 'string' ? JSON.stringify(a) : a)).join(', ')})`),
    [], 'SCORM calls with wrong arguments (SetValue needs (element, string value); Initialize/Finish/Commit need "")');
  const bad = state.log.filter((c) => c.error !== '0' || c.resultType !== 'string');
  assert.deepEqual(bad, [], `SCORM calls that left an error code (or returned a non-string):\n${
    bad.map((c) => `  ${c.fn}(${c.args.map((a) => JSON.stringify(a)).join(', ')}) -> ${JSON.stringify(c.result)} error ${c.error}`).join('\n')}`);
  const finish = state.log.findIndex((c) => c.fn === 'LMSFinish');
  if (finish >= 0) {
    // scorm-again 3.x answers calls after LMSFinish with "true"/error 0, so check the order ourselves
    assert.deepEqual(state.log.slice(finish + 1).map((c) => `${c.fn}(${c.args.join(', ')})`), [],
      'API calls after LMSFinish');
  }
  const msgs = state.messages.filter((m) => !/^(1|2|DEBUG|INFO)$/i.test(m.level));
  assert.deepEqual(msgs, [], 'scorm-again logged warnings/errors');
}

/**
 * Score before status: in every batch of SetValue calls (split at LMSCommit/LMSFinish) that sets both
 * cmi.core.score.raw and cmi.core.lesson_status, every score set comes before every status set.
 */
export function assertScoreBeforeStatus(log) {
  let batch = [];
  const check = () => {
    const score = batch.filter((c) => c.args[0].startsWith('cmi.core.score.')).map((c) => c.i);
    const status = batch.filter((c) => c.args[0] === 'cmi.core.lesson_status').map((c) => c.i);
    if (score.length && status.length) {
      assert.ok(Math.max(...score) < Math.min(...status),
        `cmi.core.score.* set after cmi.core.lesson_status in one batch (calls #${score} vs #${status})`);
    }
    batch = [];
  };
  log.forEach((c, i) => {
    if (c.fn === 'LMSSetValue') batch.push({ ...c, i });
    if (c.fn === 'LMSCommit' || c.fn === 'LMSFinish') check();
  });
  check();
}

/** Sets of a CMI element in call order: [{value, index}]. */
export function setsOf(log, element) {
  return log.map((c, index) => ({ c, index }))
    .filter(({ c }) => c.fn === 'LMSSetValue' && c.args[0] === element)
    .map(({ c, index }) => ({ value: c.args[1], index }));
}

// ---------------------------------------------------------------------------------------------------------------
// Learner paths (work on a playwright Frame: the SCO frame, or page.mainFrame() in standalone mode)

export async function courseData(frame) {
  return frame.evaluate(() => JSON.parse(document.getElementById('cp-data').textContent));
}

/** The id (data-page) of the one visible .cp-page. */
export async function visiblePage(frame) {
  const ids = await frame.evaluate(() => [...document.querySelectorAll('.cp-page')]
    .filter((s) => s.checkVisibility()).map((s) => s.dataset.page));
  assert.equal(ids.length, 1, `exactly one .cp-page should be visible, got ${JSON.stringify(ids)}`);
  return ids[0];
}

/** Click .cp-next and wait until the visible page changes; returns the new page id. */
export async function next(frame) {
  const before = await visiblePage(frame);
  await frame.locator('.cp-next').click();
  await frame.waitForFunction((b) => {
    const v = [...document.querySelectorAll('.cp-page')].filter((s) => s.checkVisibility());
    return v.length === 1 && v[0].dataset.page !== b;
  }, before, { timeout: 5000 }).catch(() => { throw new Error(`.cp-next did not leave page ${before}`); });
  return visiblePage(frame);
}

const letter = (i) => String.fromCharCode(97 + i);

/** The SCORM 1.2 interaction type for a question type (contract). */
export function scormType(type) {
  return { 'single-choice': 'choice', 'multiple-choice': 'choice', 'true-false': 'true-false', 'fill-in': 'fill-in',
    numeric: 'numeric', matching: 'matching', sequencing: 'sequencing' }[type];
}

/** The correct response pattern in SCORM 1.2 form (contract: "SCORM 1.2 interactions"). */
export function correctPattern(q) {
  switch (q.type) {
    case 'single-choice':
    case 'multiple-choice':
      return q.correct.map((id) => q.choices.indexOf(id)).sort((a, b) => a - b).map(letter).join(',');
    case 'true-false': return q.correct[0] === true || q.correct[0] === 'true' ? 't' : 'f';
    case 'fill-in': return q.correct[0];
    case 'numeric': return q.correct[0]; // the canonical `answer`; a min/max range has none in SCORM 1.2
    case 'matching': return q.correct.map((_, i) => `${letter(i)}.${letter(i)}`).join(',');
    case 'sequencing': return q.correct.map((_, i) => letter(i)).join(',');
    default: throw new Error(`unknown question type ${q.type}`);
  }
}

/** The answer a learner gives: {kind, values} where values are DOM values to set. */
export function plannedAnswer(q, correct) {
  switch (q.type) {
    case 'single-choice': {
      const wrong = q.choices.find((c) => !q.correct.includes(c));
      return { values: [correct ? q.correct[0] : wrong] };
    }
    case 'multiple-choice': {
      if (correct) return { values: [...q.correct] };
      const wrong = q.choices.filter((c) => !q.correct.includes(c));
      return { values: wrong.length ? [wrong[0]] : q.correct.slice(0, -1) };
    }
    case 'true-false': {
      const answer = q.correct[0] === true || q.correct[0] === 'true';
      return { values: [String(correct ? answer : !answer)] };
    }
    case 'fill-in': {
      const wrongText = 'xq-zz-onjuist-antwoord'.slice(0, Math.max(1, q.maxLength ?? 50));
      return { values: [correct ? q.correct[0] : wrongText] };
    }
    case 'numeric': {
      // the answer, else a bound; a wrong one is far outside the range
      const n = q.numeric, base = q.correct[0] ?? String(n.min ?? n.max);
      return { values: [correct ? base : String(Number(base) + 1000)] };
    }
    case 'matching': {
      // source i -> pair id of target i (correct) or of target i+1 (every source wrong)
      const n = q.correct.length;
      return { values: q.correct.map((_, i) => q.correct[correct ? i : (i + 1) % n]) };
    }
    case 'sequencing':
      return { values: correct ? [...q.correct] : null };
    default: throw new Error(`unknown question type ${q.type}`);
  }
}

async function currentSequence(fieldset) {
  return fieldset.evaluate((fs) => [...fs.querySelectorAll('li[data-step]')].map((li) => li.dataset.step));
}

/** Answer one question through the DOM, correctly or wrongly. Returns the planned answer. */
export async function answerQuestion(frame, quizId, q, correct) {
  const fs = frame.locator(`form.cp-quiz[data-quiz="${quizId}"] fieldset.cp-question[data-question="${q.id}"]`);
  assert.equal(await fs.count(), 1, `question ${quizId}/${q.id} not found in the DOM`);
  const plan = plannedAnswer(q, correct);
  switch (q.type) {
    case 'single-choice':
    case 'true-false':
      await fs.locator(`input[type="radio"][value="${plan.values[0]}"]`).check();
      break;
    case 'multiple-choice':
      for (const c of q.choices) {
        await fs.locator(`input[type="checkbox"][value="${c}"]`).setChecked(plan.values.includes(c));
      }
      break;
    case 'fill-in':
    case 'numeric':
      await fs.locator('input[type="text"]').fill(plan.values[0]);
      break;
    case 'matching':
      for (const [i, source] of q.correct.entries()) {
        await fs.locator(`.cp-match[data-source="${source}"] select`).selectOption(plan.values[i]);
      }
      break;
    case 'sequencing': {
      if (correct) {
        const target = q.correct;
        for (let i = 0; i < target.length; i++) {
          for (let guard = 0; guard < 20; guard++) {
            const order = await currentSequence(fs);
            const j = order.indexOf(target[i]);
            assert.ok(j >= 0, `step ${target[i]} missing from ${quizId}/${q.id}`);
            if (j === i) break;
            await fs.locator(`li[data-step="${target[i]}"] button[data-move="up"]`).click();
            const after = await currentSequence(fs);
            assert.equal(after.indexOf(target[i]), j - 1, `up button did not move step ${target[i]} in ${quizId}/${q.id}`);
          }
        }
        assert.deepEqual(await currentSequence(fs), target, `could not put ${quizId}/${q.id} in order`);
      } else {
        // always move something, so that a restored order differs from the initial one
        let order = await currentSequence(fs);
        for (let guard = 0; guard < 3; guard++) {
          await fs.locator(`li[data-step="${order[0]}"] button[data-move="down"]`).click();
          order = await currentSequence(fs);
          if (JSON.stringify(order) !== JSON.stringify(q.correct)) break;
        }
        assert.notDeepEqual(order, q.correct);
        plan.values = order;
      }
      break;
    }
    default: throw new Error(`unknown question type ${q.type}`);
  }
  return plan;
}

/** The questions of a quiz the player shows in this attempt (a question bank draws some), in their order. */
export async function drawnQuestions(frame, quiz) {
  const ids = await frame.evaluate((id) => window.CoursepackPlayer.state().quizzes.find((z) => z.id === id)?.drawn, quiz.id);
  assert.ok(Array.isArray(ids), `the player does not know quiz ${quiz.id}`);
  return ids.map((id) => quiz.questions.find((q) => q.id === id));
}

/** Answer every question of the attempt and submit it; waits for .cp-quiz-result to show. Returns {question id:
 *  planned answer} for the questions drawn, in the order shown. */
export async function answerQuiz(frame, quiz, correct) {
  const plans = {};
  for (const q of await drawnQuestions(frame, quiz)) {
    plans[q.id] = await answerQuestion(frame, quiz.id, q, typeof correct === 'function' ? correct(q) : correct);
  }
  const form = frame.locator(`form.cp-quiz[data-quiz="${quiz.id}"]`);
  await form.locator('.cp-check').click();
  await form.locator('.cp-quiz-result').waitFor({ state: 'visible', timeout: 5000 })
    .catch(() => { throw new Error(`.cp-quiz-result of ${quiz.id} did not show after .cp-check`); });
  return plans;
}

/** `data` with each quiz's questions cut to those answered in `plans` ({quiz id: {question id: plan}}), in the
 *  order shown: a question bank draws some of its questions per attempt. A quiz without a plan keeps all. */
export function askedData(data, plans) {
  return { ...data, quizzes: data.quizzes.map((quiz) => {
    const plan = plans[quiz.id];
    return plan ? { ...quiz, questions: Object.keys(plan).map((id) => quiz.questions.find((q) => q.id === id)) } : quiz;
  }) };
}

/**
 * Walk the course with .cp-next from the visible page. On each quiz page, answerFor(quiz) decides: true (all
 * correct), false (all wrong), a function q => bool, or null (do not answer). Stops after `stopAfter` page id or at
 * the last page. Returns the list of visited page ids; `plans` (optional object) receives {quizId: {qid: answer}}.
 */
export async function walkCourse(frame, data, { answerFor = () => true, stopAfter = null, plans = {} } = {}) {
  const lastId = data.pages[data.pages.length - 1].id;
  const visited = [];
  const answered = new Set();
  for (let guard = 0; guard < data.pages.length * 2 + 5; guard++) {
    const id = await visiblePage(frame);
    visited.push(id);
    const quiz = data.quizzes.find((qz) => qz.id === id);
    if (quiz && !answered.has(quiz.id)) {
      const how = answerFor(quiz);
      if (how !== null && how !== undefined) plans[quiz.id] = await answerQuiz(frame, quiz, how);
      answered.add(quiz.id);
    }
    if (id === stopAfter || id === lastId) return visited;
    await next(frame);
  }
  throw new Error(`walked more than ${data.pages.length * 2 + 5} pages without reaching the end: ${visited.join(' ')}`);
}

/** Reporting truth table (course-src/README.md) → expected cmi.core.lesson_status. */
export function expectedStatus(reporting, { complete, assessed, passed }) {
  switch (reporting) {
    case 'passed-incomplete': return complete && passed ? 'passed' : 'incomplete';
    case 'passed-failed': return complete && passed ? 'passed' : assessed && !passed ? 'failed' : 'incomplete';
    case 'completed-incomplete': return complete ? 'completed' : 'incomplete';
    case 'completed-failed': return complete && passed ? 'completed' : assessed && !passed ? 'failed' : 'incomplete';
    default: throw new Error(`unknown reporting mode ${reporting}`);
  }
}

export { pathToFileURL };

/** The coursepack binary the fixture tests build with (env COURSEPACK_BIN, else the debug build). */
export const COURSEPACK_BIN = process.env.COURSEPACK_BIN || join(ROOT, 'target', 'debug', 'coursepack');

/**
 * Builds tests/fixtures/<name> for SCORM 1.2 and xAPI into a temp folder and unpacks both zips. Returns
 * {scormDir, xapiDir, remove()}; `remove` deletes the built zips.
 */
export function buildFixturePackages(name) {
  assert.ok(existsSync(COURSEPACK_BIN), `${COURSEPACK_BIN} not found: run cargo build (or set COURSEPACK_BIN)`);
  const out = mkdtempSync(join(tmpdir(), `coursepack-${name}-`));
  const course = join(ROOT, 'tests', 'fixtures', name);
  const r = spawnSync(COURSEPACK_BIN, ['build', course, '--out', out, '--target', 'scorm12,xapi', '--quiet'], { encoding: 'utf8' });
  assert.equal(r.status, 0, `build of ${name} failed: ${r.stdout}${r.stderr}`);
  const zips = readdirSync(out);
  const zip = (target) => join(out, zips.find((f) => f.endsWith(`-${target}.zip`)));
  return { scormDir: unpackZip(zip('scorm12'), 'scorm12 zip'), xapiDir: unpackZip(zip('xapi'), 'xapi zip'),
    remove: () => rmSync(out, { recursive: true, force: true }) };
}

/** The CMI of a relaunch with entry=resume after a session that ended with `final` (lmsState().final). */
export const cmiFrom = (final) => ({
  core: { student_id: 'learner-1', student_name: 'Learner, Test', lesson_location: final.cmi.core.lesson_location,
    lesson_status: final.cmi.core.lesson_status, entry: 'resume', credit: 'credit', lesson_mode: 'normal',
    total_time: final.cmi.core.total_time || '00:00:00',
    score: { raw: final.cmi.core.score.raw, min: final.cmi.core.score.min, max: final.cmi.core.score.max } },
  suspend_data: final.cmi.suspend_data,
});
