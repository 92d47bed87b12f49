/* coursepack review: answer marks, unanswered marks, the results screen and the course end view. player.js owns
   the state and the grading and calls these builders with what they show (packaging/CONTRACT.md). */
(function () {
'use strict';

const arr = (v) => (Array.isArray(v) ? v : v == null ? [] : [v]);
const $$ = (sel, ctx) => Array.from(ctx.querySelectorAll(sel));

/* Whether a quiz may show its correct answers now (quiz `reveal`); `attemptsLeft` counts down from `max_attempts`. */
function mayReveal(quiz, { passed, attemptsLeft = Infinity }) {
  switch (quiz.reveal) {
    case 'always': return true;
    case 'after-pass': return quiz.kind !== 'assessment' || !!passed;
    case 'after-last-attempt': return !!passed || attemptsLeft <= 0;
    default: return false;
  }
}

function create({ S, el, button, lang }) {
  let uid = 0;
  const nextId = (p) => `cp-${p}-${++uid}`;
  const listText = (items) => {
    try { return new Intl.ListFormat(lang, { type: 'conjunction' }).format(items); } catch (e) { return items.join(', '); }
  };
  const text = (e) => (e ? e.textContent.trim() : '');
  const isTrue = (x) => x === true || x === 'true';

  /* == Option texts, read from the question's own DOM (the data has ids only) == */
  const choiceText = (fs, id) => {
    const input = fs.querySelector(`input[value="${id}"]`);
    return text(input && input.id && fs.querySelector(`label[for="${input.id}"]`)) || String(id);
  };
  const sourceText = (fs, id) => text(fs.querySelector(`.cp-match[data-source="${id}"] label`));
  const targetText = (fs, id) => text(fs.querySelector(`.cp-match select option[value="${id}"]`));
  const stepText = (fs, id) => text(fs.querySelector(`li[data-step="${id}"] > span`));

  /** A learner's answer (or, with `q.correct`, the correct one) as one line of text. */
  function answerText(fs, q, v) {
    if (v == null || (Array.isArray(v) && !v.length)) return S('review_no_answer');
    switch (q.type) {
      case 'single-choice': case 'multiple-choice': return listText(arr(v).map((id) => choiceText(fs, id)));
      case 'true-false': return S(isTrue(v) ? 'true' : 'false');
      case 'fill-in': return `“${String(v).trim()}”`;
      case 'matching':
        return listText(q.correct.map((src, i) => `${sourceText(fs, src)} → ${v[i] ? targetText(fs, v[i]) : '–'}`));
      case 'sequencing': return v.map((id, i) => `${i + 1}. ${stepText(fs, id)}`).join('; ');
    }
    return String(v);
  }
  const correctAnswer = (q) => (q.type === 'true-false' ? isTrue(q.correct[0])
    : q.type === 'single-choice' || q.type === 'fill-in' ? q.correct[0] : q.correct);

  /* == Marks on the question itself == */
  function mark(host, cls, label, describe) {
    const m = el('span', 'cp-mark ' + cls, label);
    m.id = nextId('mark');
    host.appendChild(m);
    if (describe) describe.setAttribute('aria-describedby', m.id);
    return m;
  }
  function clearQuestion(fs) {
    if (!fs) return;
    $$('.cp-mark', fs).forEach((m) => m.remove());
    $$('[aria-describedby]', fs).forEach((c) => { if (c.tagName !== 'FIELDSET') c.removeAttribute('aria-describedby'); });
    $$('.is-chosen, .is-right, .is-wrong, .is-answer', fs)
      .forEach((e) => e.classList.remove('is-chosen', 'is-right', 'is-wrong', 'is-answer'));
  }

  /** Marks every option of a submitted question: the chosen ones right or wrong, the correct ones when `reveal`. */
  function markQuestion(fs, q, v, ok, reveal) {
    if (!fs) return;
    clearQuestion(fs);
    const flag = (host, right) => host.classList.add(right ? 'is-right' : 'is-wrong');
    switch (q.type) {
      case 'single-choice': case 'multiple-choice': case 'true-false': {
        const good = q.type === 'true-false' ? [String(isTrue(q.correct[0]))] : q.correct.map(String);
        const chosen = q.type === 'true-false' ? (v == null ? [] : [String(isTrue(v))]) : arr(v).map(String);
        $$('.cp-choice', fs).forEach((row) => {
          const input = row.querySelector('input'), mine = chosen.includes(input.value), right = good.includes(input.value);
          if (mine) {
            row.classList.add('is-chosen');
            flag(row, right);
            mark(row, right ? 'is-right' : 'is-wrong', S(right ? 'mark_chosen_right' : 'mark_chosen_wrong'), input);
          } else if (right && reveal) {
            row.classList.add('is-answer');
            mark(row, 'is-answer', S('mark_answer'), input);
          }
        });
        break;
      }
      case 'fill-in': {
        const input = fs.querySelector('input[type="text"], textarea');
        const host = el('span', 'cp-mark-row');
        fs.insertBefore(host, fs.querySelector('.cp-feedback'));
        mark(host, ok ? 'is-right' : 'is-wrong', S(ok ? 'mark_right' : 'mark_wrong'), input);
        if (!ok && reveal) host.appendChild(el('span', 'cp-mark is-answer', S('mark_correct_is', { answer: q.correct[0] })));
        if (input) input.classList.add(ok ? 'is-right' : 'is-wrong');
        break;
      }
      case 'matching':
        q.correct.forEach((src, i) => {
          const row = fs.querySelector(`.cp-match[data-source="${src}"]`), right = arr(v)[i] === src;
          if (!row) return;
          flag(row, right);
          const m = mark(row, right ? 'is-right' : 'is-wrong', S(right ? 'mark_right' : 'mark_wrong'), row.querySelector('select'));
          if (!right && reveal) m.append(' ' + S('mark_correct_is', { answer: targetText(fs, src) }));
        });
        break;
      case 'sequencing':
        arr(v).forEach((id, i) => {
          const li = fs.querySelector(`li[data-step="${id}"]`), right = q.correct[i] === id;
          if (!li) return;
          flag(li, right);
          const at = q.correct.indexOf(id) + 1;
          mark(li, right ? 'is-right' : 'is-wrong',
            right ? S('mark_position_right') : reveal ? S('mark_position_is', { x: at }) : S('mark_position_wrong'));
        });
        break;
    }
  }

  /* == Unanswered questions == */
  function clearOpen(scope) {
    $$('.cp-open-mark', scope).forEach((m) => m.remove());
    $$('.is-open', scope).forEach((fs) => { fs.classList.remove('is-open'); fs.removeAttribute('aria-describedby'); });
    $$('[aria-invalid]', scope).forEach((c) => c.removeAttribute('aria-invalid'));
  }
  /** Marks one open question: a visible note at its top, aria-invalid on its controls. */
  function markOpen(fs, q) {
    if (!fs || fs.classList.contains('is-open')) return;
    fs.classList.add('is-open');
    const note = el('p', 'cp-open-mark', S(q.type === 'sequencing' ? 'open_mark_sequence' : 'open_mark'));
    note.id = nextId('open');
    const legend = fs.querySelector('legend');
    if (legend) legend.after(note); else fs.prepend(note);
    fs.setAttribute('aria-describedby', note.id);
    $$('input, select, textarea', fs).forEach((c) => c.setAttribute('aria-invalid', 'true'));
  }
  /** "Answer every question first: questions 2 and 4 are still open." for 0-based indices. */
  const openMessage = (open) => S(open.length === 1 ? 'unanswered_one' : 'unanswered_many',
    { list: listText(open.map((k) => String(k + 1))) });

  /* == Locked (submitted) answers stay readable: aria-disabled and readonly, never the grey `disabled` look == */
  function lockControls(scope, locked) {
    $$('input, select, textarea', scope).forEach((c) => {
      c.disabled = false;
      if (c.type === 'text' || c.tagName === 'TEXTAREA') c.readOnly = locked;
      if (locked) c.setAttribute('aria-disabled', 'true'); else c.removeAttribute('aria-disabled');
    });
    $$('button[data-move]', scope).forEach((b) => { b.hidden = locked; });
    scope.classList.toggle('is-locked', locked);
  }
  /** Keeps locked controls from changing (click, keyboard, the select's popup); `onChange` can restore a value. */
  function guard(form, onChange) {
    const locked = (e) => e.target.closest && e.target.closest('input, select') && e.target.closest('.is-locked');
    form.addEventListener('click', (e) => { if (locked(e)) e.preventDefault(); }, true);
    form.addEventListener('mousedown', (e) => { if (locked(e) && e.target.closest('select')) e.preventDefault(); }, true);
    form.addEventListener('keydown', (e) => {
      if (locked(e) && e.target.closest('select') && e.key !== 'Tab') e.preventDefault();
    }, true);
    form.addEventListener('change', (e) => { if (locked(e)) onChange(e.target.closest('fieldset')); }, true);
  }

  /* == Results screen == */
  function actionsRow(actions) {
    const row = el('div', 'cp-actions');
    actions.forEach((a) => row.appendChild(button(a.cls + (a.primary ? ' cp-primary' : ''), a.label, a.onclick)));
    return row;
  }
  /**
   * Fills `box` with the results of a submission and returns its heading. info: {kind, right, n, score, pass,
   * passed, timeUp, attemptsLeft|null, items: [{prompt, answer, ok, correct|null}], course: {cls, text}|null, actions: [{cls, label, primary,
   * onclick}]}.
   */
  function results(box, info) {
    const isA = info.kind === 'assessment';
    box.textContent = '';
    box.removeAttribute('role'); // focus goes to the heading; a live region would read the whole review twice
    box.className = 'cp-quiz-result cp-results ' + (isA ? (info.passed ? 'is-passed' : 'is-failed') : 'is-done');
    const h = el('h2', 'cp-results-title', S(isA ? (info.passed ? 'results_passed' : info.attemptsLeft === 0 ? 'results_failed_final' : 'results_failed') : 'results_title'));
    h.id = nextId('results');
    h.tabIndex = -1;
    box.setAttribute('aria-labelledby', h.id);
    box.appendChild(h);
    const score = box.appendChild(el('p', 'cp-results-score'));
    score.appendChild(el('strong', 'cp-results-count', S('results_count', { x: info.right, n: info.n })));
    if (isA) {
      score.appendChild(el('span', 'cp-results-percent', `${info.score}%`));
      box.appendChild(el('p', 'cp-results-pass', S('results_pass_mark', { pass: info.pass })));
      if (info.timeUp) box.appendChild(el('p', 'cp-results-time-up', S('results_time_up')));
      if (info.attemptsLeft != null) {
        const left = info.attemptsLeft;
        box.appendChild(el('p', 'cp-results-attempts' + (left ? '' : ' is-locked'),
          S(left === 0 ? 'attempts_none' : left === 1 ? 'attempts_left_one' : 'attempts_left_many', { n: left })));
      }
    }
    if (info.course) box.appendChild(el('p', 'cp-results-course ' + info.course.cls, info.course.text));
    box.appendChild(actionsRow(info.actions));
    if (isA) {
      box.appendChild(el('h3', 'cp-review-title', S('results_review')));
      const ol = box.appendChild(el('ol', 'cp-review'));
      info.items.forEach((it) => {
        const li = ol.appendChild(el('li', it.ok ? 'is-right' : 'is-wrong'));
        li.appendChild(el('p', 'cp-review-prompt', it.prompt));
        li.appendChild(el('p', 'cp-review-verdict', S(it.ok ? 'mark_right' : 'mark_wrong')));
        li.appendChild(el('p', 'cp-review-answer', S('review_your_answer', { answer: it.answer })));
        if (!it.ok && it.correct != null) li.appendChild(el('p', 'cp-review-correct', S('review_correct_answer', { answer: it.correct })));
      });
    }
    box.hidden = false;
    return h;
  }

  /* == Course end view (not a tracked page: it only reports) == */
  function endSection(main) {
    const sec = el('section', 'cp-end');
    sec.id = 'cp-end';
    sec.hidden = true;
    sec.setAttribute('aria-labelledby', 'h-cp-end');
    main.appendChild(sec);
    return sec;
  }
  /**
   * info: {title, done, status, score|null, pass|null, viewed, total, lms, actions}; returns the heading.
   */
  function fillEnd(sec, info) {
    sec.textContent = '';
    sec.className = 'cp-end ' + (info.done ? 'is-complete' : 'is-incomplete');
    const h = el('h1', null, S('end_title'));
    h.id = 'h-cp-end';
    h.tabIndex = -1;
    sec.appendChild(h);
    sec.appendChild(el('p', 'cp-end-status', S(info.done ? 'end_complete' : 'end_incomplete', { title: info.title })));
    sec.appendChild(el('h2', null, S('end_recorded')));
    const dl = sec.appendChild(el('dl', 'cp-end-record'));
    const row = (k, v) => { dl.appendChild(el('dt', null, k)); dl.appendChild(el('dd', null, v)); };
    row(S('end_status'), S('status_' + info.status));
    if (info.pass != null) {
      row(S('end_score'), info.score == null ? S('end_no_score') : S('end_score_value', { score: info.score, pass: info.pass }));
    }
    row(S('end_pages'), S('end_pages_value', { x: info.viewed, n: info.total }));
    sec.appendChild(el('p', 'cp-end-where', S(info.lms ? 'end_sent' : 'end_not_sent')));
    sec.appendChild(actionsRow(info.actions));
    sec.hidden = false;
    return h;
  }

  return { answerText, correctAnswer, markQuestion, clearQuestion, markOpen, clearOpen, openMessage, lockControls,
    guard, results, endSection, fillEnd };
}

window.CoursepackReview = { mayReveal, create };
})();
