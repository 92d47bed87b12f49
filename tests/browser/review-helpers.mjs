// Helpers for the results-screen and answer-state tests: small fixture courses (tests/browser/fixtures/courses)
// built with the real coursepack binary into temp dirs, axe, contrast and viewport measurements.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { HERE, ROOT, unpackZip } from './helpers.mjs';

export const BIN = process.env.COURSEPACK_BIN || join(ROOT, 'target', 'debug', 'coursepack');
export const SCREENSHOTS = join(ROOT, 'target', 'screenshots');

const built = [];
process.on('exit', () => built.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Build tests/browser/fixtures/courses/<name> for `target` with the real binary; returns the unpacked package. */
export function buildFixture(name, target = 'scorm12') {
  assert.ok(existsSync(BIN), `${BIN} not found: run cargo build first (or set COURSEPACK_BIN)`);
  const out = mkdtempSync(join(tmpdir(), 'coursepack-fixture-'));
  built.push(out);
  const r = spawnSync(BIN, ['build', join(HERE, 'fixtures', 'courses', name), '--target', target, '--out', out, '--quiet'],
    { encoding: 'utf8' });
  assert.equal(r.status, 0, `coursepack build ${name} failed:\n${r.stdout}${r.stderr}`);
  const zip = readdirSync(out).find((f) => f.endsWith(`-${target}.zip`));
  assert.ok(zip, `no ${target} zip in the build output`);
  return unpackZip(join(out, zip), `fixture ${name}`);
}

/** axe-core WCAG 2.1 A/AA violations of the frame's document (axe must be loaded), as readable strings. */
export async function axeViolations(frame) {
  return frame.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'] });
    return r.violations.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  });
}

/** Whether the element (CSS selector) lies inside the viewport of its frame, top and bottom. */
export async function inViewport(frame, selector) {
  return frame.evaluate((sel) => {
    const e = document.querySelector(sel);
    if (!e || !e.checkVisibility()) return false;
    const r = e.getBoundingClientRect();
    return r.top >= 0 && r.bottom <= window.innerHeight && r.height > 0;
  }, selector);
}

/**
 * WCAG contrast ratio of an element's text colour against the first opaque background behind it (walking up the
 * ancestors; a translucent layer is composited over what is below).
 */
export async function contrastOf(locator) {
  return locator.evaluate((e) => {
    const rgba = (c) => (c.match(/[\d.]+/g) || []).map(Number).concat([1]).slice(0, 4);
    const layers = [];
    for (let n = e; n; n = n.parentElement) {
      const bg = rgba(getComputedStyle(n).backgroundColor);
      if (bg[3] > 0) layers.push(bg);
      if (bg[3] >= 1) break;
    }
    let base = [255, 255, 255];
    for (const [r, g, b, a] of layers.reverse()) base = [r * a + base[0] * (1 - a), g * a + base[1] * (1 - a), b * a + base[2] * (1 - a)];
    const fg = rgba(getComputedStyle(e).color);
    const text = fg.slice(0, 3).map((v, i) => v * fg[3] + base[i] * (1 - fg[3]));
    const lum = (c) => c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
      .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
    const [hi, lo] = [lum(text), lum(base)].sort((a, b) => b - a);
    return (hi + 0.05) / (lo + 0.05);
  });
}

/** Save a full-page PNG under target/screenshots/<name>.png (an artifact to look at). */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
