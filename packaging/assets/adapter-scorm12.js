/* coursepack SCORM 1.2 adapter: sets window.CoursepackAdapter (packaging/CONTRACT.md, conformance S12-RT-01..15). */
(function () {
'use strict';

let api = null, lms = false, result = null, finished = false, mode = 'normal', t0 = 0;
let interactionsOk = false, nextN = 0, initialStatus = '', failed = false;
// ids written in this attempt; the LMS may already hold records from earlier sessions (write-only, so unknown)
const usedIds = new Set();
let priorRecords = 0;
const last = {};    // last value written or read per element: only changes are written
const errors = [];  // [{element, code}] of calls the LMS refused, for diagnostics
const SILENT = { 401: 1 };  // "not implemented": degrade silently
const STATUSES = ['passed', 'completed', 'failed', 'incomplete'];

/* S12-RT-01: window.parent chain (at most 500 hops in all), then the window.top.opener chain */
const safe = (f) => { try { return f(); } catch (e) { return null; } };
function walk(win, budget) {
  while (win && budget.n-- > 0) {
    const a = safe(() => win.API);
    if (a && typeof a.LMSInitialize === 'function') return a;
    const p = safe(() => win.parent);
    if (!p || p === win) return null;
    win = p;
  }
  return null;
}
function discover() {
  const budget = { n: 500 };
  let a = walk(window, budget), w = safe(() => window.top.opener);
  while (!a && w && budget.n > 0) {
    a = walk(w, budget);
    const next = safe(() => w.top.opener);
    w = next === w ? null : next;
  }
  return a;
}

const call = (name, ...args) => String(safe(() => api[name](...args)));
const get = (el) => call('LMSGetValue', el);
const lastError = () => call('LMSGetLastError');
function set(el, val) {
  val = String(val);
  const ok = call('LMSSetValue', el, val) === 'true';
  let code = lastError();
  if (ok && code === '0') { last[el] = val; return true; }
  if (code === '0') code = '101';
  errors.push({ element: el, code });
  if (SILENT[code]) last[el] = val; // not implemented: do not try again
  else failed = true;
  return false;
}
const setIfChanged = (el, val) => last[el] === String(val) || set(el, val);
const commit = () => { if (call('LMSCommit', '') !== 'true') failed = true; };

/* Formats */
const pad = (n) => (n < 10 ? '0' : '') + n;
// CMITimespan HHHH:MM:SS.SS (hours 2-4 digits)
function timespan(ms) {
  const cs = Math.min(Math.max(0, Math.round((+ms || 0) / 10)), 359999999);
  return `${pad(Math.floor(cs / 360000))}:${pad(Math.floor(cs / 6000) % 60)}:${pad(Math.floor(cs / 100) % 60)}.${pad(cs % 100)}`;
}
// CMITime HH:MM:SS (local clock)
const clock = (when) => {
  const d = new Date(when == null ? Date.now() : when);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
};
const arr = (v) => (Array.isArray(v) ? v : v == null ? [] : [v]);
const letter = (i) => (i >= 0 && i < 26 ? String.fromCharCode(97 + i) : '');
const letters = (ids, list) => arr(ids).map((id) => list.indexOf(id)).filter((i) => i >= 0)
  .sort((a, b) => a - b).map(letter).join(',');

/* One SCORM 1.2 interaction record for a graded question (CONTRACT.md "SCORM 1.2 interactions"). */
function interactionFor(q, answer, isCorrect, latencyMs, when) {
  const correct = arr(q.correct);
  let type = q.type, resp, pat;
  switch (q.type) {
    case 'single-choice':
    case 'multiple-choice':
      type = 'choice';
      resp = letters(answer, q.choices || []);
      pat = letters(correct, q.choices || []);
      break;
    case 'true-false':
      resp = answer === true ? 't' : answer === false ? 'f' : '';
      pat = correct[0] === true || correct[0] === 'true' ? 't' : 'f';
      break;
    case 'fill-in':
      resp = String(answer == null ? '' : answer).trim().slice(0, 255);
      pat = String(correct[0] == null ? '' : correct[0]).slice(0, 255);
      break;
    case 'numeric':
      // the player hands over the canonical number ('' when the text was not one); SCORM 1.2 patterns are one
      // CMIDecimal, so a question with min/max and no `answer` has none
      resp = String(answer == null ? '' : answer).slice(0, 255);
      pat = correct.length ? String(correct[0]) : null;
      break;
    case 'matching':
      resp = arr(answer).map((pid, i) => (correct.indexOf(pid) < 0 ? '' : letter(i) + '.' + letter(correct.indexOf(pid))))
        .filter(Boolean).join(',');
      pat = correct.map((_, i) => letter(i) + '.' + letter(i)).join(',');
      break;
    case 'sequencing':
      resp = arr(answer).map((id) => letter(correct.indexOf(id))).join(',');
      pat = correct.map((_, i) => letter(i)).join(',');
      break;
    default:
      return null;
  }
  return { id: String(q.interactionId || q.id), type, student_response: resp, pattern: pat,
    result: isCorrect ? 'correct' : 'wrong', weighting: String(q.weight == null ? 1 : q.weight),
    time: clock(when), latency: timespan(latencyMs) };
}

function start() {
  if (result) return result;
  t0 = Date.now();
  result = { lms: false, entry: '', location: '', suspendData: '', mode: 'normal' };
  api = discover();
  if (!api || call('LMSInitialize', '') !== 'true') { api = null; return result; }
  lms = true;
  const m = get('cmi.core.lesson_mode');
  mode = lastError() === '0' && (m === 'browse' || m === 'review') ? m : 'normal';
  initialStatus = last['cmi.core.lesson_status'] = get('cmi.core.lesson_status');
  const entry = get('cmi.core.entry');
  const location = last['cmi.core.lesson_location'] = get('cmi.core.lesson_location');
  const suspendData = last['cmi.suspend_data'] = get('cmi.suspend_data');
  // S12-RT-14: probe the optional interactions; unsupported means: skip them silently
  if (get('cmi.interactions._children') && lastError() === '0') {
    const c = parseInt(get('cmi.interactions._count'), 10);
    interactionsOk = lastError() === '0';
    nextN = priorRecords = c > 0 ? c : 0;
  }
  // S12-RT-04: never leave "not attempted", or the LMS may mark the course complete on exit
  if (mode === 'normal' && (initialStatus === '' || initialStatus === 'not attempted') &&
    set('cmi.core.lesson_status', 'incomplete')) commit();
  result = { lms: true, entry, location, suspendData, mode };
  return result;
}

function write(s) {
  if (!s) return;
  if (s.location) setIfChanged('cmi.core.lesson_location', String(s.location).slice(0, 255));
  if (mode !== 'normal') return; // S12-RT-13: browse/review records nothing but the bookmark
  if (s.suspendData != null && String(s.suspendData).length <= 4096) setIfChanged('cmi.suspend_data', s.suspendData);
  // S12-RT-06: score before status
  if (s.score != null && isFinite(s.score)) {
    const raw = String(Math.max(0, Math.min(100, Math.round(+s.score))));
    if (last['cmi.core.score.raw'] !== raw) {
      setIfChanged('cmi.core.score.min', '0');
      setIfChanged('cmi.core.score.max', '100');
      set('cmi.core.score.raw', raw);
    }
  }
  // S12-RT-05: only these four values; never downgrade an attempt the LMS already has as passed/completed
  const st = s.status, done = /^(passed|completed)$/.test(initialStatus);
  if (STATUSES.includes(st) && !(done && /^(incomplete|failed)$/.test(st))) setIfChanged('cmi.core.lesson_status', st);
  setIfChanged('cmi.core.exit', s.complete && s.passed ? '' : 'suspend');
  if (!interactionsOk) return;
  arr(s.interactions).forEach((r) => {
    const f = r && r.question && interactionFor(r.question, r.answer, r.correct, r.latencyMs, r.time);
    if (!f) return;
    // S12-RT-11: ids unique per SCO. A retry (or a later session) gets `<quiz>_<question>_<n>`; question ids
    // never hold `_`, so that cannot collide with a first-attempt id.
    const n = nextN++, p = `cmi.interactions.${n}.`;
    const id = priorRecords > 0 || usedIds.has(f.id) ? `${f.id}_${n}` : f.id;
    usedIds.add(f.id);
    set(p + 'id', id);
    set(p + 'type', f.type);
    set(p + 'student_response', f.student_response);
    if (f.pattern != null) set(p + 'correct_responses.0.pattern', f.pattern);
    set(p + 'result', f.result);
    set(p + 'weighting', f.weighting);
    set(p + 'time', f.time);
    set(p + 'latency', f.latency);
  });
}

/* save/finish return false when the LMS reported a problem (other than "not implemented") */
function save(snapshot) {
  if (!lms || finished) return true;
  failed = false;
  write(snapshot);
  commit();
  return !failed;
}

function finish(snapshot) {
  if (!lms || finished) return true;
  failed = false;
  write(snapshot);
  finished = true;
  // S12-RT-07: this session's time only; the LMS adds it to total_time
  if (mode === 'normal') set('cmi.core.session_time', timespan(Date.now() - t0));
  commit();
  call('LMSFinish', '');
  return !failed;
}

window.CoursepackAdapter = {
  name: 'scorm12', start, save, finish, interactionFor, timespan, errors: () => errors.slice(),
};
})();
