/* coursepack player: navigation, quizzes, scoring, state (packaging/CONTRACT.md). */
(function () {
'use strict';

/* == State encoding v1 (pure functions) == */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const arr = (v) => (Array.isArray(v) ? v : v == null ? [] : [v]);
const bad = () => { throw new Error('bad state'); };
const b36 = (i) => i.toString(36);
const un36 = (c, max) => {
  const i = /^[0-9a-z]$/.test(c) ? parseInt(c, 36) : max;
  return i < max ? i : bad();
};
const esc = (s) => s.replace(/%/g, '%25').replace(/~/g, '%7E').replace(/\|/g, '%7C');
const unesc = (s) => s.replace(/%(25|7E|7C)/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
const idx = (ids, list) => arr(ids).map((id) => list.indexOf(id)).filter((i) => i >= 0);
function questionList(data) {
  const out = [];
  (data.quizzes || []).forEach((quiz, zi) => (quiz.questions || []).forEach((q) => out.push({ quiz, zi, q })));
  return out;
}

function encodeField(q, v) {
  if (v == null) return '';
  const list = q.correct || [], ch = q.choices || [];
  switch (q.type) {
    case 'single-choice': return idx(v, ch).map(b36).join('').slice(0, 1);
    case 'multiple-choice':
      return idx(v, ch).filter((i, k, a) => a.indexOf(i) === k).sort((a, b) => a - b).map(b36).join('');
    case 'true-false': return v === true ? 't' : v === false ? 'f' : '';
    case 'fill-in':
    case 'numeric': return esc(String(v));
    case 'matching': {
      const s = list.map((_, k) => { const j = list.indexOf(arr(v)[k]); return j < 0 ? '_' : b36(j); }).join('');
      return /[^_]/.test(s) ? s : '';
    }
    case 'sequencing': return idx(v, list).map(b36).join('');
  }
  return '';
}

function decodeField(q, s) {
  if (s === '') return null;
  const list = q.correct || [], ch = q.choices || [], cs = s.split('');
  switch (q.type) {
    case 'single-choice': return cs.length === 1 ? ch[un36(s, ch.length)] : bad();
    case 'multiple-choice': return cs.map((c) => un36(c, ch.length)).sort((a, b) => a - b).map((i) => ch[i]);
    case 'true-false': return s === 't' ? true : s === 'f' ? false : bad();
    case 'fill-in':
    case 'numeric': return unesc(s);
    case 'matching':
      if (cs.length !== list.length) bad();
      return cs.map((c) => (c === '_' ? null : list[un36(c, list.length)]));
    case 'sequencing': {
      const ids = cs.map((c) => list[un36(c, list.length)]);
      return ids.length === list.length && ids.every((id, k) => ids.indexOf(id) === k) ? ids : bad();
    }
  }
  return bad();
}

/* Attempt records per quiz: a 2-char base36 count, then 3 chars per kept record (2-char base36 score, `p`/`f`).
   A quiz with `maxAttempts` keeps every record; an unlimited one keeps its best and its last. */
const ATTEMPTS_MAX = 36 * 36 - 1;
const pad2 = (i) => ('0' + b36(Math.max(0, Math.min(ATTEMPTS_MAX, i)))).slice(-2);
function keptAttempts(quiz, list) {
  if (quiz.maxAttempts || list.length <= 2) return list;
  const best = list.reduce((b, a) => (a.score > b.score ? a : b), list[0]);
  return [best, list[list.length - 1]];
}
function encodeAttempts(quiz, a) {
  if (!a || !a.count) return '';
  return pad2(a.count) + keptAttempts(quiz, a.list || []).map((r) => pad2(r.score) + (r.passed ? 'p' : 'f')).join('');
}
function decodeAttempts(quiz, s) {
  if (s === '') return { count: 0, list: [] };
  if (!/^[0-9a-z]{2}([0-9a-z]{2}[pf])*$/.test(s)) bad();
  const count = parseInt(s.slice(0, 2), 36), list = [];
  for (let i = 2; i < s.length; i += 3) list.push({ score: parseInt(s.slice(i, i + 2), 36), passed: s[i + 2] === 'p' });
  // limited: one record per attempt, at most maxAttempts; unlimited: the best and the last (one after one attempt)
  const kept = quiz.maxAttempts ? (count <= quiz.maxAttempts ? count : -1) : Math.min(count, 2);
  if (!count || list.length !== kept || list.some((r) => r.score > 100)) bad();
  return { count, list };
}

/* Question banks: an attempt's draw and choice order follow from its seed (bank.js) */
const bank = () => window.CoursepackBank;
const randomised = (quiz) => bank().randomised(quiz);

/* Per quiz, the attempt's seed (5 base36 chars, when attempts differ) and `:` + the seconds used (under a time limit) */
function encodeTiming(quiz, seed, used) {
  return (randomised(quiz) && seed ? ('0000' + b36(seed)).slice(-5) : '') +
    (quiz.timeLimit && used > 0 ? ':' + b36(Math.min(Math.floor(used), quiz.timeLimit)) : '');
}
function decodeTiming(quiz, s) {
  const m = /^([0-9a-z]{5})?(?::([0-9a-z]{1,5}))?$/.exec(s);
  if (!m) bad();
  const seed = m[1] ? parseInt(m[1], 36) : 0, used = m[2] ? parseInt(m[2], 36) : 0;
  if ((m[1] && (!randomised(quiz) || !seed)) || (m[2] && (!quiz.timeLimit || used > quiz.timeLimit))) bad();
  return { seed, used };
}

/* state = {visited: [bool per page], quizzes: [0|1|2 per quiz], answers: [value|null per question],
   attempts?: [{count, list: [{score, passed}]} per quiz], timing?: [{seed, used} per quiz]}; the attempts part is
   left out while there are none and the timing part while no quiz has a seed or time used, so a state written
   before these existed decodes unchanged (timing needs the attempts part before it, even if empty) */
function encodeState(state, data) {
  const P = (data.pages || []).length, vis = state.visited || [];
  let bits = '';
  for (let c = 0; c < Math.ceil(P / 6); c++) {
    let b = 0;
    for (let k = 0; k < 6; k++) if (c * 6 + k < P && vis[c * 6 + k]) b |= 1 << k;
    bits += B64[b];
  }
  const flags = (data.quizzes || []).map((_, zi) => String([0, 1, 2].indexOf((state.quizzes || [])[zi]) > 0 ? state.quizzes[zi] : 0));
  const ans = questionList(data).map((e, n) => encodeField(e.q, (state.answers || [])[n]));
  const parts = ['1', data.fingerprint, bits, flags.join(''), ans.join('~')];
  const att = (data.quizzes || []).map((quiz, zi) => encodeAttempts(quiz, (state.attempts || [])[zi]));
  const tim = (data.quizzes || []).map((quiz, zi) => { const t = (state.timing || [])[zi] || {}; return encodeTiming(quiz, t.seed, t.used); });
  if (att.some(Boolean) || tim.some(Boolean)) parts.push(att.join('.'));
  if (tim.some(Boolean)) parts.push(tim.join('.'));
  return parts.join('|');
}

/* The state, or null when the string is not v1 of this SCO (other fingerprint) or malformed. */
function decodeState(str, data) {
  if (typeof str !== 'string' || !data) return null;
  const p = str.split('|'), P = (data.pages || []).length, qs = questionList(data);
  if (p.length < 5 || p.length > 7 || p[0] !== '1' || p[1] !== String(data.fingerprint) || p[2].length !== Math.ceil(P / 6) ||
    !/^[012]*$/.test(p[3]) || p[3].length !== (data.quizzes || []).length) return null;
  const fields = qs.length ? p[4].split('~') : [];
  if (fields.length !== qs.length || (!qs.length && p[4])) return null;
  try {
    const visited = [];
    for (let i = 0; i < P; i++) {
      const b = B64.indexOf(p[2][Math.floor(i / 6)]);
      if (b < 0) return null;
      visited.push(!!(b & (1 << (i % 6))));
    }
    const zs = data.quizzes || [], att = p.length >= 6 ? p[5].split('.') : zs.map(() => '');
    const tim = p.length === 7 ? p[6].split('.') : zs.map(() => '');
    if (att.length !== zs.length || tim.length !== zs.length) return null;
    return { visited, quizzes: p[3].split('').map(Number), answers: qs.map((e, n) => decodeField(e.q, fields[n])),
      attempts: zs.map((quiz, zi) => decodeAttempts(quiz, att[zi])), timing: zs.map((quiz, zi) => decodeTiming(quiz, tim[zi])) };
  } catch (e) {
    return null;
  }
}

/* == Grading (pure) == typed answers are compared by answers.js (course-src/README.md "Answer matching") */
const typed = (q) => q.type === 'fill-in' || q.type === 'numeric';
const matcher = () => window.CoursepackAnswers;
function answered(q, v) {
  if (v == null) return false;
  if (typed(q)) return String(v).trim() !== '';
  if (q.type === 'multiple-choice') return v.length > 0;
  return q.type !== 'matching' || v.every((x) => x != null);
}
function grade(q, v) {
  const c = q.correct || [], a = arr(v);
  switch (q.type) {
    case 'single-choice': return c.length === 1 && c[0] === v;
    case 'multiple-choice': return a.length === c.length && c.every((id) => a.includes(id));
    case 'true-false': return v === (c[0] === true || c[0] === 'true');
    case 'fill-in':
    case 'numeric': return matcher().gradeText(q, v);
    case 'matching':
    case 'sequencing': return a.length === c.length && c.every((id, i) => a[i] === id);
  }
  return false;
}

const api = { encodeState, decodeState, goTo: () => false, state: () => null };
window.CoursepackPlayer = api;

/* == UI == */
function init() {
  let data;
  try { data = JSON.parse(document.getElementById('cp-data').textContent); } catch (e) { return; } // no-JS view
  const root = document.documentElement;
  root.classList.remove('cp-no-js');
  root.classList.add('cp-js');

  const strings = data.strings || {};
  const S = (key, vars) => String(strings[key] == null ? key : strings[key])
    .replace(/\{(\w+)\}/g, (m, k) => (vars && vars[k] != null ? vars[k] : m));
  const $ = (sel, ctx) => (ctx || document).querySelector(sel);
  const $$ = (sel, ctx) => Array.from((ctx || document).querySelectorAll(sel));
  const el = (tag, cls, text) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  };
  const button = (cls, text, onclick) => {
    const b = el('button', cls, text);
    b.type = 'button';
    b.addEventListener('click', onclick);
    return b;
  };
  const focusEl = (e) => {
    if (!e) return;
    if (!e.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(e.tagName)) e.tabIndex = -1;
    e.focus({ preventScroll: true });
  };
  const review = window.CoursepackReview.create({ S, el, button, lang: data.lang || root.lang });

  const pages = data.pages || [], quizzes = data.quizzes || [];
  const pageIndex = new Map(pages.map((p, k) => [p.id, k]));
  const indexOfPage = (id) => (pageIndex.has(id) ? pageIndex.get(id) : -1);
  // the launch page's own sections; a page missing from it is a fragment, pages/<id>.js, whose (empty, hidden)
  // section is made the first time the page is needed (sectionOf), after the nearest earlier one: page order
  const secs = pages.map(() => null);
  $$('section.cp-page[data-page]').forEach((s) => { const k = indexOfPage(s.dataset.page); if (k >= 0) secs[k] = s; });
  function sectionOf(i) {
    if (!(i >= 0 && i < pages.length) || secs[i]) return secs[i] || null;
    let k = i - 1;
    while (k >= 0 && !secs[k]) k--;
    if (k < 0) return null;
    const p = pages[i], sec = document.createElement('section');
    sec.className = 'cp-page';
    sec.id = 'p-' + p.id;
    sec.dataset.page = p.id;
    sec.setAttribute('data-fragment', 'pages/' + encodeURIComponent(p.id) + '.js');
    sec.setAttribute('aria-labelledby', 'h-' + p.id);
    sec.hidden = true;
    secs[k].after(sec);
    return (secs[i] = sec);
  }
  const visited = pages.map(() => false);
  const adapter = window.CoursepackAdapter;
  const main = $('#cp-main') || document.body;
  const prevBtn = $('.cp-prev'), nextBtn = $('.cp-next'), counter = $('.cp-page-count');
  const progress = $('#cp-progress'), progressLabel = $('#cp-progress-label');
  const toc = $('#cp-toc'), tocToggle = $('.cp-toc-toggle');
  let cur = -1, pending = [], viewed = [], submitted = [], lms = false, wasDone = null, hideResume = null;
  let atEnd = false, completionShown = false; // the end view is showing; a results screen told of the completion

  /* Lazy pages (packaging/CONTRACT.md, "Page fragments"): a section with data-fragment gets its content from a
     script, pages/<id>.js, which calls window.CoursepackPage(id, html); each is requested once, when shown or as the
     next page. Content scripts enhance an inserted page on the `coursepack:page` event (detail: page, section). */
  const requested = pages.map(() => false);
  let focusOnLoad = -1;
  function loadPage(i) {
    const sec = sectionOf(i);
    if (!sec || !sec.hasAttribute('data-fragment') || requested[i]) return;
    requested[i] = true;
    const script = document.createElement('script');
    script.src = sec.getAttribute('data-fragment');
    script.onload = () => script.remove();
    script.onerror = () => { requested[i] = false; script.remove(); };
    document.head.appendChild(script);
  }
  window.CoursepackPage = (id, html) => {
    const i = indexOfPage(id), sec = secs[i];
    if (!sec || !sec.hasAttribute('data-fragment')) return;
    sec.innerHTML = html;
    sec.removeAttribute('data-fragment');
    document.dispatchEvent(new CustomEvent('coursepack:page', { detail: { page: id, section: sec } }));
    if (i === cur && focusOnLoad === i && !atEnd) focusEl($('h1', sec) || sec);
    if (focusOnLoad === i) focusOnLoad = -1;
  };

  const live = document.body.appendChild(el('div', 'cp-sr'));
  live.setAttribute('aria-live', 'polite');
  const notices = main.insertBefore(el('div', 'cp-notices'), main.firstChild);
  notices.setAttribute('role', 'status');
  const shown = {};
  const notice = (key) => {
    if (!shown[key]) shown[key] = notices.appendChild(el('p', 'cp-notice cp-notice-' + key.replace(/_/g, '-'), S(key)));
  };
  const unnotice = (key) => {
    if (shown[key]) shown[key].remove();
    shown[key] = null;
  };
  // a save problem: `lms_error` stays; an adapter whose problems are temporary names its own notice, which goes
  // away once saving works again
  let problem = 'lms_error', problemPasses = false;

  /* Quizzes: runtime state per quiz */
  const rts = quizzes.map((quiz) => {
    const form = $(`form.cp-quiz[data-quiz="${quiz.id}"]`);
    const fss = quiz.questions.map((q) => form && $(`fieldset.cp-question[data-question="${q.id}"]`, form));
    return { quiz, form, fss, flag: 0, locked: false, submitted: null, score: null, startedAt: null, openStatus: null,
      attempts: { count: 0, list: [] }, seed: 0, order: quiz.questions.map((_, k) => k), used: 0, since: null,
      clock: null, warned: {},
      perQuestion: quiz.feedbackMode === 'per-question', touched: fss.map(() => false), checked: fss.map(() => undefined),
      initialOrder: fss.map((fs) => (fs ? $$('li[data-step]', fs).map((li) => li.dataset.step) : [])) };
  });
  const asm = rts.find((rt) => rt.quiz.kind === 'assessment');

  const matchSelect = (fs, pid) => $(`.cp-match[data-source="${pid}"] select`, fs);
  function readAnswer(fs, q) {
    if (!fs) return null;
    const checked = $$('input:checked', fs).map((i) => i.value);
    switch (q.type) {
      case 'single-choice': return checked.length ? checked[0] : null;
      case 'multiple-choice':
        return checked.length ? checked.sort((a, b) => q.choices.indexOf(a) - q.choices.indexOf(b)) : null;
      case 'true-false': return checked.length ? checked[0] === 'true' : null;
      case 'fill-in':
      case 'numeric': {
        const t = $('input[type="text"], textarea', fs);
        return t && t.value !== '' ? t.value : null;
      }
      case 'matching': {
        const v = q.correct.map((pid) => { const s = matchSelect(fs, pid); return s && s.value ? s.value : null; });
        return v.some((x) => x != null) ? v : null;
      }
      case 'sequencing': return $$('li[data-step]', fs).map((li) => li.dataset.step);
    }
    return null;
  }
  function writeAnswer(rt, k, v) {
    const fs = rt.fss[k], q = rt.quiz.questions[k];
    if (!fs) return;
    if (typed(q)) {
      const t = $('input[type="text"], textarea', fs);
      if (t) t.value = v == null ? '' : String(v);
    } else if (q.type === 'matching') {
      q.correct.forEach((pid, i) => { const s = matchSelect(fs, pid); if (s) s.value = (v && v[i]) || ''; });
    } else if (q.type === 'sequencing') {
      rt.touched[k] = v != null;
      const ol = $('.cp-sequence', fs);
      if (ol) (v || rt.initialOrder[k]).forEach((id) => { const li = $(`li[data-step="${id}"]`, ol); if (li) ol.appendChild(li); });
    } else {
      const vals = arr(v).map(String);
      $$('input', fs).forEach((i) => { i.checked = vals.includes(i.value); });
    }
  }

  function setLocked(rt, locked) {
    rt.locked = locked;
    if (!rt.form) return;
    review.lockControls(rt.form, locked);
    const check = $('.cp-check', rt.form);
    if (check) check.hidden = locked || rt.perQuestion;
    $$('.cp-check-question', rt.form).forEach((b) => { b.hidden = locked; });
  }
  const resultEl = (rt) => rt.form && $('.cp-quiz-result', rt.form);
  function scoreOf(rt, answers) {
    let tot = 0, got = 0;
    rt.order.forEach((k) => {
      const q = rt.quiz.questions[k], w = q.weight == null ? 1 : +q.weight;
      tot += w;
      if (grade(q, answers[k])) got += w;
    });
    return tot > 0 ? Math.round((100 * got) / tot) : 0;
  }
  /* Attempts (quiz `max_attempts`, `score_policy`): how many are left, and the score the LMS gets */
  const attemptsLeft = (rt) => (rt.quiz.maxAttempts ? Math.max(0, rt.quiz.maxAttempts - rt.attempts.count) : Infinity);
  function reportedScore(rt) {
    const list = rt.attempts.list;
    if (!list.length) return rt.score;
    if (rt.quiz.scorePolicy === 'last') return list[list.length - 1].score;
    return Math.max.apply(null, list.map((a) => a.score));
  }
  const passScore = (quiz) => {
    const c = data.completion || {};
    return quiz.passScore != null ? +quiz.passScore : c.masteryScore != null ? +c.masteryScore : 80;
  };

  /* `reveal`: the quiz may show its correct answers now; until then `feedback.incorrect`, which usually names the
     answer, is held back (a choice's own feedback and a near miss's are shown) */
  function renderFeedback(rt, answers, only, reveal) {
    let right = 0;
    rt.order.forEach((k) => {
      const q = rt.quiz.questions[k];
      if (only != null && k !== only) return;
      const fs = rt.fss[k], ok = grade(q, answers[k]), cls = ok ? 'is-correct' : 'is-incorrect';
      if (ok) right++;
      const fb = fs && $('.cp-feedback', fs);
      if (!fb) return;
      fs.classList.remove('is-correct', 'is-incorrect');
      fs.classList.add(cls);
      fb.textContent = '';
      fb.className = 'cp-feedback ' + cls;
      fb.appendChild(el('p', 'cp-verdict', S(ok ? 'correct' : 'incorrect')));
      const f = q.feedback || {}, t = ok ? f.correct : (typed(q) && matcher().nearMiss(q, answers[k])) || (reveal ? f.incorrect : null);
      if (t) fb.appendChild(el('p', null, t));
      if (f.choices && /choice/.test(q.type)) {
        arr(answers[k]).forEach((id) => {
          if (!f.choices[id]) return;
          const input = $(`input[value="${id}"]`, fs), label = input && input.id && $(`label[for="${input.id}"]`, fs);
          const p = el('p', 'cp-choice-feedback');
          if (label && q.type === 'multiple-choice') p.appendChild(el('strong', null, label.textContent + ': '));
          p.append(f.choices[id]);
          fb.appendChild(p);
        });
      }
      fb.hidden = false;
    });
    return right;
  }

  /* == After a submission: marks, the results screen, what to do next (review.js builds the DOM) == */
  const quizPage = (rt) => indexOfPage(rt.quiz.id);
  function nextStep(rt) {
    const i = quizPage(rt);
    return i >= 0 && i < pages.length - 1
      ? { cls: 'cp-continue', label: S('continue'), onclick: () => show(i + 1, true) }
      : { cls: 'cp-continue', label: S('finish'), onclick: () => showEnd(true) };
  }
  /** The course line of an assessment's results: complete, pages still to view, or how to pass. */
  function courseLine(passed, attempts) {
    const p = progressInfo(), left = visited.filter((v) => !v).length;
    if (p.complete && p.passed) return { cls: 'is-complete', text: S('course_complete') };
    if (!passed && attempts <= 0) return null; // the attempts line says the result stands
    if (!passed) return { cls: 'is-failed', text: S('results_failed_hint') };
    return left ? { cls: 'is-pending', text: S(left === 1 ? 'pages_left_one' : 'pages_left_many', { n: left }) } : null;
  }
  function showResult(rt, answers, focus) {
    const quiz = rt.quiz, isA = quiz.kind === 'assessment', passed = !isA || rt.flag === 2;
    const left = isA ? attemptsLeft(rt) : Infinity;
    const reveal = window.CoursepackReview.mayReveal(quiz, { passed, attemptsLeft: left });
    const right = renderFeedback(rt, answers, null, reveal);
    setLocked(rt, true);
    const items = rt.order.map((k) => {
      const q = quiz.questions[k], fs = rt.fss[k], ok = grade(q, answers[k]);
      review.markQuestion(fs, q, answers[k], ok, reveal);
      return { prompt: q.prompt, ok, answer: fs ? review.answerText(fs, q, answers[k]) : '',
        correct: reveal && fs ? review.answerText(fs, q, review.correctAnswer(q)) : null };
    });
    const actions = [];
    if (!isA || (!passed && left > 0)) actions.push({ cls: 'cp-retry', label: S('try_again'), primary: isA, onclick: () => tryAgain(rt) });
    actions.push(Object.assign(nextStep(rt), { primary: isA && passed }));
    const course = isA ? courseLine(passed, left) : null;
    if (course && course.cls === 'is-complete') completionShown = true;
    const res = resultEl(rt);
    const heading = res && review.results(res, { kind: quiz.kind, right, n: rt.order.length, score: rt.score, timeUp: rt.timeUp,
      pass: passScore(quiz), passed, items, course, actions, attemptsLeft: passed || !isFinite(left) ? null : left });
    if (focus && heading) {
      res.scrollIntoView({ block: 'start' });
      focusEl(heading);
    }
  }

  function tryAgain(rt) {
    if (rt.quiz.kind === 'assessment' && (rt.flag === 2 || attemptsLeft(rt) <= 0)) return;
    rt.quiz.questions.forEach((q, k) => {
      writeAnswer(rt, k, null);
      const fs = rt.fss[k], fb = fs && $('.cp-feedback', fs);
      rt.touched[k] = false;
      rt.checked[k] = undefined;
      if (fs) { fs.classList.remove('is-correct', 'is-incorrect'); review.clearQuestion(fs); }
      if (fb) { fb.hidden = true; fb.textContent = ''; fb.className = 'cp-feedback'; }
    });
    const res = resultEl(rt);
    if (res) res.hidden = true;
    setLocked(rt, false);
    rt.fss.forEach((fs) => fs && review.lockControls(fs, false));
    rt.timeUp = false;
    if (randomised(rt.quiz)) applyDraw(rt, bank().newSeed());
    rt.startedAt = Date.now();
    startClock(rt);
    focusEl(rt.form && $('input, select, textarea, button', rt.form));
  }

  /* == Unanswered questions: listed by number, the first scrolled to, each marked == */
  // an untouched sequence (still in its initial order) counts as unanswered
  const isOpen = (rt, k, v) => !answered(rt.quiz.questions[k], v) || (rt.quiz.questions[k].type === 'sequencing' && !rt.touched[k]);
  function openStatus(rt) {
    if (!rt.openStatus && rt.form) {
      rt.openStatus = el('p', 'cp-quiz-open');
      rt.openStatus.setAttribute('role', 'status');
      const check = $('.cp-check', rt.form);
      if (check) check.after(rt.openStatus); else rt.form.appendChild(rt.openStatus);
    }
    return rt.openStatus;
  }
  function showOpen(rt, open) {
    const status = openStatus(rt);
    if (status) { status.textContent = review.openMessage(open.map((k) => rt.order.indexOf(k))); status.hidden = false; }
    open.forEach((k) => review.markOpen(rt.fss[k], rt.quiz.questions[k]));
    const fs = rt.fss[open[0]];
    if (!fs) return;
    fs.scrollIntoView({ block: 'start' });
    focusEl($$('.cp-match select', fs).filter((x) => !x.value)[0] || $('input, select, textarea, button[data-move]', fs));
  }
  function clearOpen(rt, fs) {
    if (fs) review.clearOpen(fs);
    const left = rt.form ? $$('fieldset.is-open', rt.form).length : 0;
    if (rt.openStatus && (!fs || !left)) rt.openStatus.hidden = true;
  }

  /** The answers on the form for the attempt's questions (the others are not drawn: null). */
  function drawnAnswers(rt) {
    return rt.quiz.questions.map((q, k) => (rt.order.includes(k) ? readAnswer(rt.fss[k], q) : null));
  }

  /* == Question banks: the attempt with `seed` shows its questions in its order, numbered 1..n, choices in its order == */
  function applyDraw(rt, seed) {
    const quiz = rt.quiz;
    rt.seed = seed;
    rt.order = bank().drawQuestions(quiz, seed);
    if (!rt.form) return;
    const anchor = $('.cp-check', rt.form);
    rt.fss.forEach((fs, k) => { if (fs) fs.hidden = !rt.order.includes(k); });
    rt.order.forEach((k, n) => {
      const fs = rt.fss[k];
      if (!fs) return;
      if (anchor) rt.form.insertBefore(fs, anchor);
      const num = $('.cp-q-number', fs);
      if (num) num.textContent = (n + 1) + '.';
      const rows = $$('.cp-choice', fs), after = rows.length ? rows[rows.length - 1].nextSibling : null;
      if (!/choice/.test(quiz.questions[k].type) || !rows.length) return;
      bank().choiceOrder(quiz, quiz.questions[k], seed).forEach((id) => {
        const row = rows.find((r) => { const i = $('input', r); return i && i.value === id; });
        if (row) fs.insertBefore(row, after);
      });
    });
  }

  /* == Time limit (quiz `time_limit`): counts while the course is open, from the attempt's first view of its page;
     a role=timer line that screen readers read when asked, spoken warnings at 5 and 1 minute(s) left only == */
  let ticker = null;
  const usedTime = (rt) => rt.used + (rt.since != null ? (Date.now() - rt.since) / 1000 : 0);
  const clockText = (secs) => {
    const h = Math.floor(secs / 3600), m = Math.floor((secs % 3600) / 60), x = secs % 60, two = (n) => ('0' + n).slice(-2);
    return h ? `${h}:${two(m)}:${two(x)}` : `${m}:${two(x)}`;
  };
  function startClock(rt) {
    if (!rt.quiz.timeLimit || rt.locked || rt.since != null) return;
    rt.since = Date.now();
    if (!ticker) ticker = setInterval(tick, 1000);
    showClock(rt);
  }
  function stopClock(rt, submitted) {
    if (rt.since != null) rt.used = usedTime(rt);
    rt.since = null;
    if (!submitted) return;
    rt.used = 0;
    rt.warned = {};
    if (rt.clock) rt.clock.hidden = true;
  }
  function showClock(rt) {
    if (!rt.clock && rt.form) {
      rt.clock = el('p', 'cp-timer');
      rt.clock.setAttribute('role', 'timer');
      rt.clock.setAttribute('aria-atomic', 'true');
      rt.form.insertBefore(rt.clock, rt.form.firstChild);
    }
    const left = Math.max(0, Math.ceil(rt.quiz.timeLimit - usedTime(rt)));
    if (rt.clock) {
      rt.clock.textContent = S('time_left', { time: clockText(left) });
      rt.clock.classList.toggle('is-low', left <= 60);
      rt.clock.hidden = false;
    }
    [300, 60].forEach((w) => {
      if (rt.quiz.timeLimit > w && left <= w && !rt.warned[w]) {
        rt.warned[w] = true;
        live.textContent = S(w === 60 ? 'time_warning_one' : 'time_warning_many', { n: w / 60 });
      }
    });
  }
  let savedAt = 0;
  function tick() {
    let running = false;
    rts.forEach((rt) => {
      if (rt.since == null) return;
      running = true;
      if (usedTime(rt) >= rt.quiz.timeLimit) return void timeUp(rt);
      showClock(rt);
    });
    if (!running) { clearInterval(ticker); ticker = null; }
    else if (Date.now() - savedAt > 30000) { savedAt = Date.now(); save(); } // keep the time used within 30 s
  }
  /** The time is up: the attempt is submitted as it stands (open questions count as wrong). */
  function timeUp(rt) {
    if (rt.locked) return;
    rt.used = rt.quiz.timeLimit;
    rt.since = null;
    rt.timeUp = true;
    if (rt.form) review.clearOpen(rt.form);
    clearOpen(rt, null);
    const answers = drawnAnswers(rt).map((v, k) => (isOpen(rt, k, v) ? null : v));
    live.textContent = S('time_up');
    record(rt, answers);
  }

  function submitQuiz(rt) {
    if (rt.locked) return;
    const answers = drawnAnswers(rt);
    const open = rt.order.filter((k) => isOpen(rt, k, answers[k]));
    if (rt.form) review.clearOpen(rt.form);
    if (open.length) return void showOpen(rt, open);
    clearOpen(rt, null);
    record(rt, answers);
  }

  /* the quiz is submitted: interactions, flags and the result go to the adapter */
  function record(rt, answers) {
    const qs = rt.quiz.questions;
    const now = Date.now(), latencyMs = now - (rt.startedAt || now);
    rt.startedAt = null;
    stopClock(rt, true);
    rt.submitted = answers;
    const isA = rt.quiz.kind === 'assessment';
    let attempt = null;
    if (isA) {
      rt.score = scoreOf(rt, answers);
      if (rt.flag !== 2) rt.flag = rt.score >= passScore(rt.quiz) ? 2 : 1;
      attempt = ++rt.attempts.count;
      rt.attempts.list = keptAttempts(rt.quiz, rt.attempts.list.concat([{ score: rt.score, passed: rt.score >= passScore(rt.quiz) }]));
    } else if (!rt.flag) {
      rt.flag = 1;
    }
    rt.order.forEach((k) => pending.push({ question: qs[k], answer: typed(qs[k]) ? matcher().recorded(qs[k], answers[k]) : answers[k],
      correct: grade(qs[k], answers[k]), latencyMs, time: now, attempt }));
    submitted.push({ quiz: rt.quiz.id, kind: rt.quiz.kind, score: isA ? rt.score : null,
      passed: isA ? rt.score >= passScore(rt.quiz) : null, passScore: passScore(rt.quiz), time: now, attempt });
    showResult(rt, answers, !rt.timeUp || cur === quizPage(rt));
    save();
  }

  /* == Per-question feedback (quiz `feedback = "per-question"`): a check button under each question == */
  function checkQuestion(rt, k) {
    const q = rt.quiz.questions[k], fs = rt.fss[k];
    if (rt.locked || !fs || rt.checked[k] !== undefined) return;
    const v = readAnswer(fs, q);
    review.clearOpen(fs);
    if (isOpen(rt, k, v)) {
      review.markOpen(fs, q);
      return void focusEl($('input, select, textarea, button[data-move]', fs));
    }
    rt.checked[k] = v;
    const reveal = window.CoursepackReview.mayReveal(rt.quiz, { passed: true });
    renderFeedback(rt, rt.quiz.questions.map((_, j) => (j === k ? v : null)), k, reveal);
    review.markQuestion(fs, q, v, grade(q, v), reveal);
    review.lockControls(fs, true);
    const b = $('.cp-check-question', fs);
    if (b) b.hidden = true;
    focusEl($('.cp-feedback', fs));
    if (rt.order.every((j) => rt.checked[j] !== undefined)) record(rt, rt.checked.slice());
  }
  const lockedAnswer = (rt, k) => (rt.locked && rt.submitted ? rt.submitted[k] : rt.checked[k]);

  rts.forEach((rt) => {
    if (!rt.form) return;
    rt.form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (!rt.perQuestion) return void submitQuiz(rt);
      const fs = document.activeElement && document.activeElement.closest && document.activeElement.closest('fieldset.cp-question');
      if (fs) checkQuestion(rt, rt.fss.indexOf(fs)); // Enter in a text field checks that question
    });
    if (rt.perQuestion) {
      rt.fss.forEach((fs, k) => {
        if (!fs) return;
        fs.insertBefore(button('cp-check-question', S('check_question'), () => checkQuestion(rt, k)), $('.cp-feedback', fs));
      });
      setLocked(rt, false);
    }
    // a locked answer stays as submitted; answering an open question removes its mark
    review.guard(rt.form, (fs) => { const k = rt.fss.indexOf(fs); if (k >= 0) writeAnswer(rt, k, lockedAnswer(rt, k)); });
    rt.form.addEventListener('change', (e) => { const fs = e.target.closest('fieldset.is-open'); if (fs) clearOpen(rt, fs); });
    rt.form.addEventListener('click', (e) => {
      const b = e.target.closest && e.target.closest('button[data-move]'), li = b && !b.disabled && b.closest('li'), ol = li && li.parentNode;
      if (!ol) return;
      // move the neighbour, not the item, so the focused button never leaves the DOM
      if (b.dataset.move === 'up') { if (li.previousElementSibling) ol.insertBefore(li.previousElementSibling, li.nextSibling); }
      else if (li.nextElementSibling) ol.insertBefore(li.nextElementSibling, li);
      if (document.activeElement !== b) b.focus();
      const fs = ol.closest('fieldset.cp-question'), k = rt.fss.indexOf(fs);
      if (k >= 0) rt.touched[k] = true;
      if (fs && fs.classList.contains('is-open')) clearOpen(rt, fs);
      const items = $$('li[data-step]', ol), name = ($('span', li) || li).textContent.trim();
      const vars = { item: name, x: items.indexOf(li) + 1, n: items.length };
      live.textContent = strings.moved_to ? S('moved_to', vars) : `${name}: ${vars.x}/${vars.n}`;
    });
  });

  /* == Status and saving == */
  function currentState() {
    const answers = [];
    rts.forEach((rt) => rt.quiz.questions.forEach((q, k) => {
      if (rt.flag && rt.submitted) return answers.push(rt.submitted[k]); // the last submitted attempt
      if (!rt.order.includes(k)) return answers.push(null); // not drawn in this attempt
      const v = readAnswer(rt.fss[k], q);
      // an untouched sequence (still in its initial order) counts as unanswered
      answers.push(q.type === 'sequencing' && !rt.locked && v && v.join() === rt.initialOrder[k].join() ? null : v);
    }));
    return { visited: visited.slice(), quizzes: rts.map((rt) => rt.flag), answers, attempts: rts.map((rt) => rt.attempts),
      timing: rts.map((rt) => ({ seed: rt.seed, used: usedTime(rt) })) };
  }
  function progressInfo() {
    const c = data.completion || {}, allPages = visited.every(Boolean);
    const assessed = !!asm && asm.flag > 0, passed = asm ? asm.flag === 2 : true;
    const complete = c.rule === 'assessment-passed' ? passed : c.rule === 'both' ? allPages && passed : allPages;
    const failed = assessed && !passed;
    const status = {
      'passed-failed': complete && passed ? 'passed' : failed ? 'failed' : 'incomplete',
      'completed-incomplete': complete ? 'completed' : 'incomplete',
      'completed-failed': complete && passed ? 'completed' : failed ? 'failed' : 'incomplete',
    }[c.reporting] || (complete && passed ? 'passed' : 'incomplete');
    const score = assessed ? reportedScore(asm) : null;
    return { complete, assessed, passed, status, score: score != null ? score : null };
  }
  function snapshot() {
    const p = progressInfo(), interactions = pending, pageViews = viewed, results = submitted;
    pending = [];
    viewed = [];
    submitted = [];
    return { location: cur >= 0 ? pages[cur].id : '', suspendData: encodeState(currentState(), data),
      status: p.status, score: p.score, interactions, complete: p.complete, passed: p.passed,
      viewed: pageViews, submitted: results };
  }
  function save() {
    const p = progressInfo(), done = p.complete && p.passed;
    if (wasDone === false && done && !completionShown) notice('course_complete');
    wasDone = done;
    if (!lms) { pending = []; viewed = []; submitted = []; return; }
    let ok;
    try { ok = adapter.save(snapshot()) !== false; } catch (e) { ok = false; }
    if (!ok) notice(problem);
    else if (problemPasses) unnotice(problem);
  }
  function finish() {
    if (lms) try { adapter.finish(snapshot()); } catch (e) { /* nothing left to do */ }
  }

  /* == Navigation == */
  /* The table of contents (packaging/CONTRACT.md, "Table of contents"): the launch page lists the sections with
     links to its own pages only; a section becomes a disclosure button whose links are made from #cp-data when it
     is first opened. The shown page's section opens by itself; a course of up to TOC_ALL pages opens them all. */
  const TOC_ALL = 100;
  const tocSections = new Map(), sectionPages = new Map(), tocLinks = new Map(); // section id → …; page index → link
  pages.forEach((p, k) => { const r = sectionPages.get(p.section); if (r) r[1] = k; else sectionPages.set(p.section, [k, k]); });
  const markLink = (k) => {
    const a = tocLinks.get(k);
    if (!a) return;
    if (k === cur) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
    a.classList.toggle('is-visited', !!visited[k]);
  };
  function openSection(id, open) {
    const t = tocSections.get(id), r = sectionPages.get(id);
    if (!t) return;
    if (open && !t.built && r) {
      t.built = true;
      t.list.textContent = '';
      for (let k = r[0]; k <= r[1]; k++) {
        const a = el('a', null, pages[k].title);
        a.href = '#p-' + pages[k].id;
        a.dataset.page = pages[k].id;
        t.list.appendChild(el('li')).appendChild(a);
        tocLinks.set(k, a);
        markLink(k);
      }
    }
    t.list.hidden = !open;
    t.toggle.setAttribute('aria-expanded', String(open));
  }
  if (toc) {
    $$('.cp-toc-section[data-section]', toc).forEach((li) => {
      const id = li.dataset.section, label = $('span', li), list = $('ol', li);
      if (!label || !list) return;
      const t = { list, built: false, toggle: button('cp-toc-section-toggle', label.textContent, () =>
        openSection(id, t.toggle.getAttribute('aria-expanded') !== 'true')) };
      if (list.id) t.toggle.setAttribute('aria-controls', list.id);
      label.replaceWith(t.toggle);
      tocSections.set(id, t);
      openSection(id, pages.length <= TOC_ALL);
    });
  }
  const setToc = (open) => {
    if (!tocToggle || !toc) return;
    tocToggle.setAttribute('aria-expanded', String(open));
    toc.classList.toggle('is-open', open);
  };
  const showOnly = (i) => secs.forEach((s, k) => {
    if (!s) return;
    if (k !== i && !s.hidden) $$('video, audio', s).forEach((m) => m.pause());
    s.hidden = k !== i;
  });
  /** The footer for page `i`, or for the end view: on the last page "Volgende" becomes "Afronden". */
  function setFooter(i, end) {
    if (prevBtn) prevBtn.disabled = !end && i === 0;
    if (nextBtn) {
      nextBtn.disabled = false;
      nextBtn.classList.toggle('is-gone', end);
      nextBtn.textContent = S(i === pages.length - 1 ? 'finish' : 'next');
    }
    if (counter) counter.textContent = end ? S('end_short') : S('page_x_of_n', { x: i + 1, n: pages.length });
  }
  const endSec = review.endSection(main);
  /** The course end view after the last page: what is complete and what was recorded (not a tracked page). */
  function showEnd(focus) {
    showOnly(-1);
    atEnd = true;
    const p = progressInfo(), unseen = visited.indexOf(false), actions = [];
    if (unseen >= 0) actions.push({ cls: 'cp-end-unseen', label: S('end_to_unseen'), primary: true, onclick: () => show(unseen, true) });
    if (asm && asm.flag !== 2) actions.push({ cls: 'cp-end-assessment', label: S('end_to_assessment'), primary: unseen < 0, onclick: () => goTo(asm.quiz.id) });
    actions.push({ cls: 'cp-end-restart', label: S('restart'), onclick: () => show(0, true) });
    const h = review.fillEnd(endSec, { title: data.title, done: p.complete && p.passed, status: p.status, score: p.score,
      pass: asm ? passScore(asm.quiz) : null, viewed: visited.filter(Boolean).length, total: pages.length, lms, actions });
    setFooter(cur, true);
    setToc(false);
    if (focus) {
      window.scrollTo(0, 0);
      focusEl(h);
    }
  }
  function show(i, focus) {
    if (!sectionOf(i)) return false;
    const was = cur;
    cur = i;
    atEnd = false;
    endSec.hidden = true;
    showOnly(i);
    loadPage(i);
    loadPage(i + 1);
    visited[i] = true;
    const page = pages[i];
    viewed.push(page.id);
    openSection(page.section, true);
    if (was < 0) tocLinks.forEach((_, k) => markLink(k)); // the first show: the visited marks of a resumed course
    else markLink(was);
    markLink(i);
    setFooter(i, false);
    const n = visited.filter(Boolean).length;
    if (progress) progress.value = n;
    if (progressLabel) progressLabel.textContent = S('pages_viewed', { x: n, n: pages.length });
    rts.forEach((rt) => {
      if ((rt.quiz.id === page.quiz || rt.quiz.id === page.id) && !rt.locked) {
        if (rt.startedAt == null) rt.startedAt = Date.now();
        startClock(rt);
      }
    });
    setToc(false);
    if (focus) {
      if (hideResume) hideResume(); // the welcome-back notice only stays until the learner moves on
      window.scrollTo(0, 0);
      focusEl($('h1', secs[i]) || secs[i]);
      focusOnLoad = secs[i].hasAttribute('data-fragment') ? i : -1;
    }
    save();
    return true;
  }
  const goTo = (id) => show(indexOfPage(id), true);

  if (prevBtn) prevBtn.addEventListener('click', () => show(atEnd ? cur : cur - 1, true));
  if (nextBtn) nextBtn.addEventListener('click', () => (cur === pages.length - 1 ? showEnd(true) : show(cur + 1, true)));
  if (tocToggle) tocToggle.addEventListener('click', () => setToc(tocToggle.getAttribute('aria-expanded') !== 'true'));
  if (toc && tocToggle) {
    toc.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && toc.classList.contains('is-open')) { setToc(false); tocToggle.focus(); }
    });
  }
  // TOC links and in-page links (#p-<id>, or any anchor inside a page) switch pages instead of changing the hash
  document.addEventListener('click', (e) => {
    const a = !e.defaultPrevented && e.button === 0 && !(e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) &&
      e.target.closest && e.target.closest('a[href^="#"]');
    if (!a) return;
    let id = a.getAttribute('href').slice(1);
    try { id = decodeURIComponent(id); } catch (x) { /* keep it raw */ }
    // a page's own link (#p-<id>) also reaches a fragment page whose section is not made yet
    const target = id && (document.getElementById(id) || (id.startsWith('p-') && sectionOf(indexOfPage(id.slice(2)))));
    const sec = target && target.closest('.cp-page');
    const i = secs.indexOf(sec);
    if (i < 0) return;
    e.preventDefault();
    if (target === sec) return void show(i, true);
    if (i !== cur) show(i, false);
    focusEl(target);
    target.scrollIntoView();
  });

  /* == Start == (the adapter may answer with a promise, e.g. when the state comes from a server) */
  let started = null;
  try { started = adapter && adapter.start ? adapter.start(data) : null; } catch (e) { started = null; }
  if (started && typeof started.then === 'function') {
    started.then(begin, () => begin(null));
  } else {
    begin(started);
  }

  function begin(info) {
    lms = !!(info && info.lms);
    if (info && info.problemNotice && strings[info.problemNotice]) {
      problem = info.problemNotice;
      problemPasses = true;
    }
    const st = info && decodeState(info.suspendData, data);
    if (st) {
      st.visited.forEach((v, i) => { visited[i] = v; });
      let n = 0;
      rts.forEach((rt, zi) => {
        const answers = rt.quiz.questions.map(() => st.answers[n++]);
        rt.flag = st.quizzes[zi];
        rt.attempts = st.attempts[zi];
        rt.seed = st.timing[zi].seed;
        rt.used = st.timing[zi].used;
        if (rt.seed) applyDraw(rt, rt.seed);
        answers.forEach((v, k) => writeAnswer(rt, k, v));
        if (rt.flag && rt.order.every((k) => answered(rt.quiz.questions[k], answers[k]))) {
          rt.submitted = answers;
          if (rt.quiz.kind === 'assessment') rt.score = scoreOf(rt, answers);
          showResult(rt, answers, false);
        } else if (rt.flag === 2) {
          setLocked(rt, true);
        }
      });
    }
    rts.forEach((rt) => {
      if (randomised(rt.quiz) && !rt.seed) applyDraw(rt, bank().newSeed());
      if (rt.used > 0 && !rt.locked) startClock(rt); // an attempt under way goes on where it was left
    });
    const k = info && info.location ? indexOfPage(String(info.location)) : -1;
    wasDone = (() => { const p = progressInfo(); return p.complete && p.passed; })();
    show(Math.max(k, 0), false);
    const resume = $('#cp-resume');
    if (k >= 0 && resume) {
      resume.textContent = '';
      resume.appendChild(el('p', null, S('resume_notice', { title: pages[k].title })));
      // the button sits right after the role=status region, so the announcement is only the notice
      const rb = button('cp-restart', S('restart'), () => show(0, true));
      resume.after(rb);
      resume.hidden = false;
      hideResume = () => { resume.hidden = true; rb.remove(); hideResume = null; };
    }
    if (!lms) notice(info && info.notice && strings[info.notice] ? info.notice : 'standalone');

    document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') save(); });
    window.addEventListener('pagehide', finish);
    window.addEventListener('beforeunload', finish);
    setInterval(save, 300000); // S12-RT-15: commit periodically too

    api.goTo = goTo;
  }
  api.state = () => Object.assign(progressInfo(), {
    page: cur >= 0 ? pages[cur].id : null,
    visited: pages.filter((_, i) => visited[i]).map((pg) => pg.id),
    quizzes: rts.map((rt) => ({ id: rt.quiz.id, kind: rt.quiz.kind, flag: rt.flag, locked: rt.locked, score: rt.score,
      attempts: rt.attempts.count, drawn: rt.order.map((k) => rt.quiz.questions[k].id), seed: rt.seed,
      timeLeft: rt.quiz.timeLimit ? Math.max(0, rt.quiz.timeLimit - usedTime(rt)) : null, attemptsLeft: rt.quiz.kind === 'assessment' && rt.quiz.maxAttempts ? attemptsLeft(rt) : null })),
    suspendData: encodeState(currentState(), data), lms,
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
else init();
})();
