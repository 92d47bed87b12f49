// Launch-page figures of issue 11, item 5 (run by scripts/bench.sh; not a test): for each unpacked xAPI package folder (one launch page),
// headless Chromium opens index.html from file:// and reports DOMContentLoaded, the JS heap after the player has
// started (CDP Runtime.getHeapUsage, after a GC), and the time from a "Next" click to the next page's heading.
//
// The runs are interleaved (one of each course per repetition, after one discarded warm-up round), so that every
// course sees the same machine load, as in scripts/bench.sh.
//
//   node scripts/bench-launch.mjs <reps> <name>=<unpacked package dir> ...
// Prints one JSON object: { "<name>": { pages, launch_bytes, start_bytes, fragments, dcl_ms, heap_mb, next_ms } }
// (medians); start_bytes: index.html and every script and style sheet under assets/ (all loaded at start).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [reps, ...targets] = process.argv.slice(2);
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--enable-precise-memory-info'],
});

async function once(dir) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(pathToFileURL(join(dir, 'index.html')).href, { waitUntil: 'load' });
  await page.waitForFunction(() => window.CoursepackPlayer && window.CoursepackPlayer.state());
  const dcl = await page.evaluate(() => performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  // let the prefetch of page 2 finish as a learner reading page 1 would, then time Next → page 2's heading shown
  await page.waitForTimeout(200);
  const next = await page.evaluate(() => new Promise((done) => {
    const t0 = performance.now();
    document.querySelector('.cp-next').click();
    const check = () => {
      const sec = [...document.querySelectorAll('.cp-page')].find((s) => !s.hidden);
      if (sec && sec.querySelector('h1')) done(performance.now() - t0);
      else requestAnimationFrame(check);
    };
    check();
  }));
  const pages = await page.evaluate(() => JSON.parse(document.getElementById('cp-data').textContent).pages.length);
  await context.close();
  return { dcl, heap, next, pages };
}

const courses = targets.map((t) => { const [name, dir] = t.split('='); return { name, dir, runs: [] }; });
for (const c of courses) await once(c.dir); // warm-up, not counted
for (let i = 0; i < Number(reps); i++) for (const c of courses) c.runs.push(await once(c.dir));
const startBytes = (dir) => statSync(join(dir, 'index.html')).size + readdirSync(join(dir, 'assets'))
  .filter((f) => /\.(js|css)$/.test(f)).reduce((n, f) => n + statSync(join(dir, 'assets', f)).size, 0);
const out = {};
for (const { name, dir, runs } of courses) {
  out[name] = {
    pages: runs[0].pages,
    launch_bytes: statSync(join(dir, 'index.html')).size,
    start_bytes: startBytes(dir),
    fragments: existsSync(join(dir, 'pages')) ? readdirSync(join(dir, 'pages')).length : 0,
    dcl_ms: Math.round(median(runs.map((r) => r.dcl)) * 10) / 10,
    heap_mb: Math.round(median(runs.map((r) => r.heap)) / 1e4) / 100,
    next_ms: Math.round(median(runs.map((r) => r.next)) * 10) / 10,
  };
}
await browser.close();
console.log(JSON.stringify(out));
