/* coursepack xAPI adapter (Tin Can launch, xAPI 1.0.3): sets window.CoursepackAdapter (packaging/CONTRACT.md,
   conformance XAPI-01..13, TC-04..06). Statements go through an outbox persisted in localStorage: sent in order,
   retried with backoff under the same ids, and the last ones leave with fetch(..., {keepalive: true}). */
(function () {
'use strict';

const XAPI_VERSION = '1.0.3';
const STATE_ID = 'coursepack-state-v1';
const ADL = 'http://adlnet.gov/expapi/verbs/';
const VERBS = ['initialized', 'attempted', 'resumed', 'experienced', 'answered', 'completed', 'passed', 'failed',
  'suspended', 'terminated'];
const BATCH = 20;              // statements per POST
const KEEPALIVE_MAX = 16000;   // body size sent with keepalive while the page lives (browser quota: 64 KiB in all)
const EXIT_BATCH = 30000;      // body size per keepalive request when the page goes away
const STATE_TIMEOUT = 5000;    // ms to wait for the State API at start
const FAILURES_BEFORE_NOTICE = 3;

const ACTIVITIES = window.CoursepackXapiActivities || null;
const arr = (v) => (Array.isArray(v) ? v : v == null ? [] : [v]);
const first = (v) => (Array.isArray(v) ? v[0] : v);
const store = {
  get(k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } },
  set(k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* full or blocked: memory only */ } },
  del(k) { try { window.localStorage.removeItem(k); } catch (e) { /* ignore */ } },
};

/* == Formats == */
function uuid() {
  const b = new Uint8Array(16);
  (window.crypto || window.msCrypto).getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40; // version 4
  b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
  const h = Array.from(b, (x) => (x + 0x100).toString(16).slice(1)).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
/* ISO 8601 duration with 0.01 s precision (XAPI-07) */
function duration(ms) {
  const cs = Math.max(0, Math.round((+ms || 0) / 10));
  const h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = (cs % 6000) / 100;
  return `PT${h ? h + 'H' : ''}${m ? m + 'M' : ''}${s.toFixed(2).replace(/\.00$/, '')}S`;
}
const verb = (name) => ({ id: ADL + name, display: { 'en-US': name } });

/* == Launch parameters (Tin Can launch convention; TC-04) == */
/* An Agent with exactly one identifier, from the 1.0 form or the legacy 0.95 form with arrays. */
function parseActor(text) {
  let a;
  try { a = JSON.parse(text); } catch (e) { return null; }
  if (!a || typeof a !== 'object') return null;
  const out = { objectType: 'Agent' };
  const name = first(a.name);
  if (typeof name === 'string' && name) out.name = name;
  const mbox = first(a.mbox), sha = first(a.mbox_sha1sum), openid = first(a.openid), acc = first(a.account);
  if (typeof mbox === 'string' && mbox) out.mbox = /^mailto:/i.test(mbox) ? mbox : 'mailto:' + mbox;
  else if (typeof sha === 'string' && sha) out.mbox_sha1sum = sha;
  else if (typeof openid === 'string' && openid) out.openid = openid;
  else if (acc && typeof acc === 'object') {
    const homePage = acc.homePage || acc.accountServiceHomePage, accName = acc.name || acc.accountName;
    if (!homePage || !accName) return null;
    out.account = { homePage: String(homePage), name: String(accName) };
  } else return null;
  return out;
}

function readLaunch(search) {
  const q = new URLSearchParams(search || '');
  const endpoint = q.get('endpoint'), actor = q.get('actor') && parseActor(q.get('actor'));
  if (!endpoint || !/^https?:\/\//i.test(endpoint) || !actor) return null;
  // '+' in an unencoded Basic token arrives as a space
  const auth = (q.get('auth') || '').replace(/^(\w+) (.*)$/, (m, scheme, tok) => `${scheme} ${tok.replace(/ /g, '+')}`);
  const reg = q.get('registration');
  return {
    endpoint: endpoint.replace(/\/?$/, '/'), auth, actor,
    registration: reg && UUID_RE.test(reg) ? reg.toLowerCase() : null,
    activityId: q.get('activity_id') || null,
    grouping: q.get('grouping') || null,
    platform: q.get('activity_platform') || null,
    acceptLanguage: q.get('Accept-Language') || null,
  };
}
const agentKey = (a) => JSON.stringify(a.mbox || a.mbox_sha1sum || a.openid || a.account);

/* == Response patterns (xAPI 1.0.3 §2.4.4.1, CONTRACT.md "xAPI interactions") == */
function responseOf(q, answer) {
  const correct = arr(q.correct);
  switch (q.type) {
    case 'single-choice':
    case 'multiple-choice': {
      const ch = q.choices || [];
      return arr(answer).filter((id) => ch.includes(id)).sort((a, b) => ch.indexOf(a) - ch.indexOf(b)).join('[,]');
    }
    case 'true-false': return answer === true ? 'true' : answer === false ? 'false' : '';
    case 'fill-in': return String(answer == null ? '' : answer).trim();
    case 'numeric': return String(answer == null ? '' : answer); // the canonical number from the player
    case 'matching':
      return arr(answer).map((pid, i) => (pid == null || !correct[i] ? '' : `${correct[i]}[.]target-${pid}`))
        .filter(Boolean).join('[,]');
    case 'sequencing': return arr(answer).join('[,]');
  }
  return '';
}

/* == Session == */
let L = null, actsReady = false, finished = false, t0 = 0, doc = null, lastDocKey = '';
let registration = null, courseActivity = null, outboxKey = '', stateKey = '';
const experienced = {};
let queue = [], sending = false, timer = null, failures = 0, verifying = false;

function headers(json) {
  const h = { 'X-Experience-API-Version': XAPI_VERSION };
  if (L.auth) h.Authorization = L.auth;
  if (json) h['Content-Type'] = 'application/json';
  if (L.acceptLanguage) h['Accept-Language'] = L.acceptLanguage;
  return h;
}
const activity = (a) => ({ objectType: 'Activity', id: a.id, definition: a.definition });

function contextFor(parents, groups) {
  const ctx = { registration, language: DATA.lang, revision: String(DATA.version || '') };
  if (!ctx.revision) delete ctx.revision;
  if (L.platform) ctx.platform = L.platform;
  const grouping = groups.concat(L.grouping ? [{ objectType: 'Activity', id: L.grouping }] : []);
  const ca = {};
  if (parents.length) ca.parent = parents;
  if (grouping.length) ca.grouping = grouping;
  if (Object.keys(ca).length) ctx.contextActivities = ca;
  return ctx;
}

let DATA = {};
/* The attempt number of an assessment's statements: a context extension under the course's own IRI */
const attemptExtension = () => ACTIVITIES.course.id.replace(/\/+$/, '') + '/extensions/attempt';
function statement(name, object, parents, groups, result, attempt) {
  const s = { id: uuid(), timestamp: new Date().toISOString(), actor: L.actor, verb: verb(name), object,
    context: contextFor(parents, groups) };
  if (attempt) s.context.extensions = { [attemptExtension()]: attempt };
  if (result) s.result = result;
  enqueue({ k: 's', id: s.id, stmt: s });
  return s;
}
const courseStatement = (name, result, attempt) => statement(name, courseActivity, [], [], result, attempt);

/* A page's activity: quiz pages are listed; a content page's follows from its title and section by the `lessons`
   rule (src/package/xapi/runtime.rs), the same definition tincan.xml has */
const pageData = (id) => (DATA.pages || []).find((p) => p.id === id);
function pageActivity(id) {
  const listed = ACTIVITIES.pages[id], page = !listed && pageData(id), rule = ACTIVITIES.lessons;
  if (listed || !page || !rule) return listed || null;
  const section = ACTIVITIES.sections[page.section], sectionTitle = section && section.definition.name[rule.lang];
  if (sectionTitle == null) return null;
  return { id: rule.base + page.id, definition: { name: { [rule.lang]: page.title },
    description: { [rule.lang]: `${sectionTitle}: ${page.title}` }, type: rule.type } };
}

function pageStatement(pageId) {
  const page = pageData(pageId), a = page && pageActivity(pageId);
  if (!page || !a) return;
  const section = ACTIVITIES.sections[page.section];
  statement('experienced', activity(a), section ? [activity(section)] : [], [courseActivity]);
}

function answeredStatement(r) {
  const q = r.question, a = q && ACTIVITIES.questions[q.interactionId];
  if (!a) return;
  const quizPage = (DATA.pages || []).find((p) => p.quiz && (DATA.quizzes || []).some((z) => z.id === p.id &&
    z.questions.includes(q)));
  const page = quizPage && pageActivity(quizPage.id), section = quizPage && ACTIVITIES.sections[quizPage.section];
  const w = q.weight == null ? 1 : +q.weight;
  const result = { response: responseOf(q, r.answer), success: !!r.correct, duration: duration(r.latencyMs) };
  if (w > 0) result.score = { scaled: r.correct ? 1 : 0, raw: r.correct ? w : 0, min: 0, max: w };
  statement('answered', activity(a), page ? [activity(page)] : [],
    [courseActivity].concat(section ? [activity(section)] : []), result, r.attempt);
}

const totalMs = () => (doc.priorMs || 0) + (Date.now() - t0);

/* statements for what happened since the last snapshot, then the state document */
function record(s) {
  if (!s) return;
  arr(s.viewed).forEach((id) => {
    if (experienced[id]) return;
    experienced[id] = true;
    pageStatement(id);
  });
  arr(s.interactions).forEach(answeredStatement);
  // complete by the course's completion rule (which may or may not require passing)
  if (s.complete && !doc.completed) {
    doc.completed = true;
    courseStatement('completed', { completion: true, duration: duration(totalMs()) });
  }
  // the first assessment decides for the course (as in the player); any other one (a per-section course built as
  // one xAPI package) is reported on its own quiz activity
  const deciding = (DATA.quizzes || []).find((z) => z.kind === 'assessment');
  arr(s.submitted).filter((r) => r.kind === 'assessment' && r.score != null).forEach((r) => {
    const raw = Math.max(0, Math.min(100, Math.round(+r.score)));
    const result = { score: { scaled: raw / 100, raw, min: 0, max: 100 }, success: !!r.passed };
    if (deciding && r.quiz === deciding.id) {
      courseStatement(r.passed ? 'passed' : 'failed',
        Object.assign(result, { completion: !!s.complete, duration: duration(totalMs()) }), r.attempt);
      return;
    }
    const page = pageData(r.quiz), a = pageActivity(r.quiz);
    const section = page && ACTIVITIES.sections[page.section];
    if (a) statement(r.passed ? 'passed' : 'failed', activity(a), section ? [activity(section)] : [], [courseActivity], result, r.attempt);
  });
  writeState(s);
}

function writeState(s) {
  if (s.location != null) doc.location = String(s.location);
  if (s.suspendData != null) doc.suspendData = String(s.suspendData);
  const body = { location: doc.location || '', suspendData: doc.suspendData || '', completed: !!doc.completed,
    totalMs: totalMs() };
  const key = JSON.stringify([body.location, body.suspendData, body.completed]);
  body.savedAt = new Date().toISOString();
  store.set(stateKey, JSON.stringify(body));
  if (key === lastDocKey) return;
  lastDocKey = key;
  // only the newest state document needs to reach the LRS
  queue = queue.filter((it) => it.k !== 'st' || it.inflight);
  enqueue({ k: 'st', path: stateQuery(), doc: body });
}

function stateQuery() {
  const q = new URLSearchParams({ activityId: courseActivity.id, agent: JSON.stringify(L.actor), stateId: STATE_ID });
  if (registration) q.set('registration', registration);
  return 'activities/state?' + q;
}

/* == Outbox == */
function persist() {
  const keep = queue.map((it) => ({ k: it.k, id: it.id, stmt: it.stmt, path: it.path, doc: it.doc, exit: !!it.exit }));
  if (keep.length) store.set(outboxKey, JSON.stringify(keep));
  else store.del(outboxKey);
}
function enqueue(item) {
  queue.push(item);
  persist();
}

function request(item, batch, keepaliveMax) {
  const body = item.k === 'st' ? JSON.stringify(item.doc) : JSON.stringify(batch.map((it) => it.stmt));
  const url = L.endpoint + (item.k === 'st' ? item.path : 'statements'), keepalive = body.length <= keepaliveMax;
  batch.forEach((it) => { it.inflight = keepalive ? 'keepalive' : 'plain'; });
  return fetch(url, { method: item.k === 'st' ? 'PUT' : 'POST', headers: headers(true), body, mode: 'cors',
    credentials: 'omit', keepalive });
}

/* the next request's items: one state document, or consecutive statements up to BATCH / maxBytes */
function nextBatch(items, maxBytes) {
  if (!items.length) return [];
  if (items[0].k === 'st') return [items[0]];
  const batch = [];
  let size = 0;
  for (const it of items) {
    if (it.k !== 's' || batch.length >= BATCH) break;
    size += JSON.stringify(it.stmt).length + 1;
    if (batch.length && size > maxBytes) break;
    batch.push(it);
  }
  return batch;
}

function pump() {
  if (sending || timer || finished || verifying || !queue.length) return;
  const batch = nextBatch(queue, KEEPALIVE_MAX);
  // keepalive on the first try (the request outlives the page); retries go without (its quota is small)
  sending = true;
  request(batch[0], batch, failures ? 0 : KEEPALIVE_MAX).then((r) => r.text().catch(() => '').then(() => (
    // 2xx: stored; 409: the LRS already has statements with these ids; other 4xx (400: not valid) never succeed
    r.ok || r.status === 409 || (r.status >= 400 && r.status < 500 && ![401, 403, 404, 408, 429].includes(r.status))
  )), () => false).then((ok) => {
    sending = false;
    batch.forEach((it) => { it.inflight = null; });
    if (ok) {
      failures = 0;
      queue = queue.filter((it) => !batch.includes(it));
      persist();
      pump();
    } else {
      failures++;
      const delay = Math.min(30000, 500 * 2 ** Math.min(failures - 1, 6));
      timer = setTimeout(() => { timer = null; pump(); }, delay);
    }
  });
}

/* leaving: everything not yet acknowledged goes out now with keepalive; it stays in localStorage, marked, so the
   next launch checks with the LRS instead of sending it twice */
function flushOnExit() {
  if (timer) { clearTimeout(timer); timer = null; }
  queue.forEach((it) => { it.exit = true; });
  persist();
  // a request without keepalive dies with the page: send its items again (an LRS ignores a known id)
  let rest = queue.filter((it) => it.inflight !== 'keepalive');
  while (rest.length) {
    const batch = nextBatch(rest, EXIT_BATCH);
    try { request(batch[0], batch, Infinity).catch(() => { /* kept for the next launch */ }); } catch (e) { /* idem */ }
    rest = rest.filter((it) => !batch.includes(it));
  }
}

/* statements left by an earlier page that went away: keep only those the LRS does not have yet */
function verifyLeftovers() {
  const exits = queue.filter((it) => it.exit && it.k === 's');
  verifying = true;
  return Promise.all(exits.map((it) => fetch(`${L.endpoint}statements?statementId=${encodeURIComponent(it.id)}`,
    { headers: headers(false), credentials: 'omit' }).then((r) => (r.ok ? it : null), () => null)))
    .then((found) => {
      queue = queue.filter((it) => !found.includes(it));
      queue.forEach((it) => { it.exit = false; });
      verifying = false;
      persist();
    });
}

/* the saved state: null when there is none, undefined when the LRS could not be asked (retried within the budget) */
function readState() {
  const url = L.endpoint + stateQuery(), end = Date.now() + STATE_TIMEOUT;
  const once = () => fetch(url, { headers: headers(false), credentials: 'omit' })
    .then((r) => (r.status === 200 ? r.json() : r.status === 404 ? null : undefined))
    .then((v) => (v && typeof v === 'object' ? v : v === null ? null : undefined), () => undefined);
  const attempt = (wait) => once().then((v) => (v !== undefined || Date.now() + wait >= end ? v
    : new Promise((r) => setTimeout(r, wait)).then(() => attempt(wait * 2))));
  let budget;
  const remote = Promise.race([attempt(250), new Promise((ok) => { budget = setTimeout(ok, STATE_TIMEOUT); })])
    .then((v) => { clearTimeout(budget); return v; });
  return remote.then((r) => {
    let local = null;
    try { local = JSON.parse(store.get(stateKey) || 'null'); } catch (e) { local = null; }
    // the newer of the LRS's copy and this browser's copy (the LRS may have missed the last PUT)
    if (r && local && String(local.savedAt || '') > String(r.savedAt || '')) return local;
    return r || local || null;
  });
}

function start(data) {
  DATA = data || {};
  t0 = Date.now();
  L = readLaunch(window.location.search);
  if (!L) return { lms: false, notice: 'xapi_no_launch', entry: '', location: '', suspendData: '', mode: 'normal' };
  if (!ACTIVITIES) return { lms: false, entry: '', location: '', suspendData: '', mode: 'normal' };
  courseActivity = activity(ACTIVITIES.course);
  if (L.activityId) courseActivity.id = L.activityId;
  const who = `${L.endpoint}|${agentKey(L.actor)}|${courseActivity.id}`;
  // no registration in the link: one per learner and course in this browser, so a relaunch still resumes
  registration = L.registration || store.get('coursepack:xapi:registration:' + who) || uuid();
  store.set('coursepack:xapi:registration:' + who, registration);
  stateKey = `coursepack:xapi:state:${who}|${registration}`;
  outboxKey = 'coursepack:xapi:outbox:' + L.endpoint;
  try { queue = JSON.parse(store.get(outboxKey) || '[]').filter((it) => it && (it.k === 's' || it.k === 'st')); } catch (e) {
    queue = [];
  }
  window.addEventListener('online', () => { if (timer) { clearTimeout(timer); timer = null; } pump(); });
  window.addEventListener('pageshow', (e) => { if (e.persisted) restored(); });
  return Promise.all([verifyLeftovers(), readState()]).then(([, prior]) => {
    doc = { location: prior && prior.location || '', suspendData: prior && prior.suspendData || '',
      completed: !!(prior && prior.completed), priorMs: prior && +prior.totalMs > 0 ? +prior.totalMs : 0 };
    lastDocKey = JSON.stringify([doc.location, doc.suspendData, doc.completed]);
    actsReady = true;
    courseStatement('initialized');
    courseStatement(prior ? 'resumed' : 'attempted');
    pump();
    return { lms: true, entry: prior ? 'resume' : 'ab-initio', location: doc.location, suspendData: doc.suspendData,
      mode: 'normal', problemNotice: 'xapi_queued' };
  });
}

/* back from the browser's back/forward cache after `terminated`: a new session on the same registration */
function restored() {
  if (!finished) return;
  finished = false;
  t0 = Date.now();
  doc.priorMs = doc.totalMsAtExit || doc.priorMs;
  Object.keys(experienced).forEach((k) => { delete experienced[k]; });
  verifyLeftovers().then(() => {
    courseStatement('initialized');
    courseStatement('resumed');
    pump();
  });
}

function save(snapshot) {
  if (!actsReady || finished) return true;
  record(snapshot);
  pump();
  return failures < FAILURES_BEFORE_NOTICE;
}

function finish(snapshot) {
  if (!actsReady || finished) return true;
  lastDocKey = ''; // the LRS gets the final state (and total time) even when nothing else changed
  record(snapshot);
  const session = { duration: duration(Date.now() - t0) };
  if (!(snapshot && snapshot.complete && snapshot.passed)) courseStatement('suspended', session);
  courseStatement('terminated', session);
  doc.totalMsAtExit = totalMs();
  finished = true;
  flushOnExit();
  return true;
}

window.CoursepackAdapter = {
  name: 'xapi', start, save, finish, verbs: VERBS.slice(),
  // for tests and diagnostics
  responseOf, duration, parseActor, readLaunch, uuid,
  outbox: () => queue.map((it) => ({ kind: it.k === 's' ? 'statement' : 'state', id: it.id, inflight: !!it.inflight })),
  registration: () => registration,
};
})();
