/* coursepack player: navigation, quizzes, scoring, state. Contract: packaging/CONTRACT.md. No dependencies. */
(function () {
  'use strict';

  /* ---------- State encoding v1 (pure) ---------- */
  var B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

  function arr(v) { return Array.isArray(v) ? v : (v == null ? [] : [v]); }
  function questionList(data) {
    var out = [];
    (data.quizzes || []).forEach(function (qz, zi) {
      (qz.questions || []).forEach(function (q) { out.push({ quiz: qz, zi: zi, q: q }); });
    });
    return out;
  }
  function b36(i) { return i.toString(36); }
  function un36(c, max) {
    if (!/^[0-9a-z]$/.test(c)) throw new Error('bad');
    var i = parseInt(c, 36);
    if (i >= max) throw new Error('bad');
    return i;
  }
  function esc(s) { return s.replace(/%/g, '%25').replace(/~/g, '%7E').replace(/\|/g, '%7C'); }
  function unesc(s) {
    return s.replace(/%(25|7E|7C)/gi, function (_, h) { return String.fromCharCode(parseInt(h, 16)); });
  }
  function tfValue(v) { return v === true || v === 'true'; }

  function encodeField(q, v) {
    if (v == null) return '';
    var list = q.correct || [];
    switch (q.type) {
      case 'single-choice': {
        var i = (q.choices || []).indexOf(v);
        return i < 0 ? '' : b36(i);
      }
      case 'multiple-choice':
        return arr(v).map(function (id) { return (q.choices || []).indexOf(id); })
          .filter(function (i, k, a) { return i >= 0 && a.indexOf(i) === k; })
          .sort(function (a, b) { return a - b; }).map(b36).join('');
      case 'true-false': return v === true ? 't' : v === false ? 'f' : '';
      case 'fill-in': return esc(String(v));
      case 'matching': {
        var any = false;
        var s = list.map(function (_, k) {
          var j = list.indexOf(arr(v)[k]);
          if (j < 0) return '_';
          any = true;
          return b36(j);
        }).join('');
        return any ? s : '';
      }
      case 'sequencing':
        return arr(v).map(function (id) { return list.indexOf(id); })
          .filter(function (i) { return i >= 0; }).map(b36).join('');
    }
    return '';
  }

  function decodeField(q, s) {
    if (s === '') return null;
    var list = q.correct || [];
    var ch = s.split('');
    switch (q.type) {
      case 'single-choice':
        if (ch.length !== 1) throw new Error('bad');
        return q.choices[un36(s, q.choices.length)];
      case 'multiple-choice':
        return ch.map(function (c) { return un36(c, q.choices.length); })
          .sort(function (a, b) { return a - b; }).map(function (i) { return q.choices[i]; });
      case 'true-false':
        if (s === 't') return true;
        if (s === 'f') return false;
        throw new Error('bad');
      case 'fill-in': return unesc(s);
      case 'matching':
        if (ch.length !== list.length) throw new Error('bad');
        return ch.map(function (c) { return c === '_' ? null : list[un36(c, list.length)]; });
      case 'sequencing': {
        if (ch.length !== list.length) throw new Error('bad');
        var ids = ch.map(function (c) { return list[un36(c, list.length)]; });
        if (ids.some(function (id, k) { return ids.indexOf(id) !== k; })) throw new Error('bad');
        return ids;
      }
    }
    throw new Error('bad');
  }

  /* state = {visited: [bool per page], quizzes: [0|1|2 per quiz], answers: [value|null per question]} */
  function encodeState(state, data) {
    var P = (data.pages || []).length, vis = '';
    for (var c = 0; c < Math.ceil(P / 6); c++) {
      var bits = 0;
      for (var k = 0; k < 6; k++) if (c * 6 + k < P && state.visited && state.visited[c * 6 + k]) bits |= 1 << k;
      vis += B64.charAt(bits);
    }
    var flags = (data.quizzes || []).map(function (_, zi) {
      var f = state.quizzes ? state.quizzes[zi] : 0;
      return f === 2 ? '2' : f === 1 ? '1' : '0';
    }).join('');
    var ans = questionList(data).map(function (e, n) {
      return encodeField(e.q, state.answers ? state.answers[n] : null);
    }).join('~');
    return ['1', data.fingerprint, vis, flags, ans].join('|');
  }

  /* Returns the state, or null when the string is not v1 of this SCO (other fingerprint) or malformed. */
  function decodeState(str, data) {
    if (typeof str !== 'string' || !data) return null;
    var parts = str.split('|');
    if (parts.length !== 5 || parts[0] !== '1' || parts[1] !== String(data.fingerprint)) return null;
    var P = (data.pages || []).length, Z = (data.quizzes || []).length, qs = questionList(data);
    if (parts[2].length !== Math.ceil(P / 6) || parts[3].length !== Z) return null;
    try {
      var visited = [];
      for (var i = 0; i < P; i++) {
        var b = B64.indexOf(parts[2].charAt(Math.floor(i / 6)));
        if (b < 0) return null;
        visited.push(!!(b & (1 << (i % 6))));
      }
      var quizzes = parts[3].split('').map(function (c) {
        if ('012'.indexOf(c) < 0) throw new Error('bad');
        return +c;
      });
      var fields = qs.length ? parts[4].split('~') : [];
      if (fields.length !== qs.length || (!qs.length && parts[4] !== '')) return null;
      var answers = qs.map(function (e, n) { return decodeField(e.q, fields[n]); });
      return { visited: visited, quizzes: quizzes, answers: answers };
    } catch (e) {
      return null;
    }
  }

  /* ---------- Grading (pure) ---------- */
  function norm(s, cs) {
    s = String(s).normalize ? String(s).normalize('NFC') : String(s);
    s = s.trim().replace(/\s+/g, ' ');
    return cs ? s : s.toLowerCase();
  }
  function answered(q, v) {
    if (v == null) return false;
    if (q.type === 'fill-in') return String(v).trim() !== '';
    if (q.type === 'multiple-choice') return v.length > 0;
    if (q.type === 'matching') return v.every(function (x) { return x != null; });
    return true;
  }
  function grade(q, v) {
    var c = q.correct || [];
    switch (q.type) {
      case 'single-choice': return c.length === 1 && c[0] === v;
      case 'multiple-choice':
        return arr(v).length === c.length && c.every(function (id) { return arr(v).indexOf(id) >= 0; });
      case 'true-false': return v === tfValue(c[0]);
      case 'fill-in':
        return c.some(function (a) { return norm(a, q.caseSensitive) === norm(v, q.caseSensitive); });
      case 'matching':
      case 'sequencing':
        return arr(v).length === c.length && c.every(function (id, i) { return arr(v)[i] === id; });
    }
    return false;
  }

  var api = { encodeState: encodeState, decodeState: decodeState, goTo: function () { return false; },
    state: function () { return null; } };
  window.CoursepackPlayer = api;

  /* ---------- UI ---------- */
  function init() {
    var dataEl = document.getElementById('cp-data');
    var data;
    try { data = JSON.parse(dataEl.textContent); } catch (e) { return; } // stay in no-JS mode: all pages show
    var root = document.documentElement;
    root.classList.remove('cp-no-js');
    root.classList.add('cp-js');

    var strings = data.strings || {};
    function S(key, vars) {
      var s = strings[key] == null ? key : String(strings[key]);
      return s.replace(/\{(\w+)\}/g, function (m, k) { return vars && vars[k] != null ? vars[k] : m; });
    }
    function $(sel, ctx) { return (ctx || document).querySelector(sel); }
    function $$(sel, ctx) { return Array.prototype.slice.call((ctx || document).querySelectorAll(sel)); }
    function el(tag, cls, text) {
      var e = document.createElement(tag);
      if (cls) e.className = cls;
      if (text != null) e.textContent = text;
      return e;
    }
    function focusEl(e) {
      if (!e) return;
      if (!e.hasAttribute('tabindex') && !/^(A|BUTTON|INPUT|SELECT|TEXTAREA)$/.test(e.tagName)) e.setAttribute('tabindex', '-1');
      try { e.focus({ preventScroll: true }); } catch (x) { e.focus(); }
    }

    var pages = data.pages || [];
    var quizzes = data.quizzes || [];
    var qlist = questionList(data);
    var secs = pages.map(function (p) {
      return document.getElementById('p-' + p.id) || $('.cp-page[data-page="' + p.id + '"]');
    });
    var visited = pages.map(function () { return false; });
    var cur = -1;
    var pending = [];
    var adapter = window.CoursepackAdapter;
    var lms = false;
    var main = $('#cp-main') || document.body;
    var prevBtn = $('.cp-prev'), nextBtn = $('.cp-next'), counter = $('.cp-page-count');
    var progress = $('#cp-progress'), progressLabel = $('#cp-progress-label');
    var toc = $('#cp-toc'), tocToggle = $('.cp-toc-toggle');
    var wasDone = null;

    var live = el('div', 'cp-sr');
    live.setAttribute('aria-live', 'polite');
    document.body.appendChild(live);
    var notices = el('div', 'cp-notices');
    notices.setAttribute('role', 'status');
    main.insertBefore(notices, main.firstChild);
    var shown = {};
    function notice(key) {
      if (shown[key]) return;
      shown[key] = true;
      notices.appendChild(el('p', 'cp-notice cp-notice-' + key.replace(/_/g, '-'), S(key)));
    }

    /* Quizzes: per quiz runtime state */
    var rts = quizzes.map(function (qz, zi) {
      var form = $('form.cp-quiz[data-quiz="' + qz.id + '"]');
      var fss = (qz.questions || []).map(function (q) {
        return form ? $('fieldset.cp-question[data-question="' + q.id + '"]', form) : null;
      });
      var initialOrder = fss.map(function (fs) {
        return fs ? $$('li[data-step]', fs).map(function (li) { return li.getAttribute('data-step'); }) : [];
      });
      return { quiz: qz, zi: zi, form: form, fss: fss, initialOrder: initialOrder, flag: 0, locked: false,
        submitted: null, score: null, startedAt: null, retry: null };
    });
    var asm = -1;
    quizzes.some(function (qz, zi) { if (qz.kind === 'assessment') { asm = zi; return true; } return false; });

    function readAnswer(fs, q) {
      if (!fs) return null;
      var checked = $$('input:checked', fs).map(function (i) { return i.value; });
      switch (q.type) {
        case 'single-choice': return checked.length ? checked[0] : null;
        case 'multiple-choice': {
          var ch = q.choices || [];
          checked.sort(function (a, b) { return ch.indexOf(a) - ch.indexOf(b); });
          return checked.length ? checked : null;
        }
        case 'true-false': return checked.length ? checked[0] === 'true' : null;
        case 'fill-in': {
          var t = $('input[type="text"], textarea', fs);
          return t && t.value !== '' ? t.value : null;
        }
        case 'matching': {
          var v = (q.correct || []).map(function (pid) {
            var s = $('.cp-match[data-source="' + pid + '"] select', fs);
            return s && s.value ? s.value : null;
          });
          return v.some(function (x) { return x != null; }) ? v : null;
        }
        case 'sequencing':
          return $$('li[data-step]', fs).map(function (li) { return li.getAttribute('data-step'); });
      }
      return null;
    }
    function writeAnswer(rt, k, v) {
      var fs = rt.fss[k], q = rt.quiz.questions[k];
      if (!fs) return;
      switch (q.type) {
        case 'single-choice':
        case 'multiple-choice':
        case 'true-false': {
          var vals = arr(v).map(String);
          $$('input', fs).forEach(function (i) { i.checked = vals.indexOf(i.value) >= 0; });
          break;
        }
        case 'fill-in': {
          var t = $('input[type="text"], textarea', fs);
          if (t) t.value = v == null ? '' : String(v);
          break;
        }
        case 'matching':
          (q.correct || []).forEach(function (pid, i) {
            var s = $('.cp-match[data-source="' + pid + '"] select', fs);
            if (s) s.value = v && v[i] != null ? v[i] : '';
          });
          break;
        case 'sequencing': {
          var ol = $('.cp-sequence', fs);
          var order = v || rt.initialOrder[k];
          if (ol) {
            order.forEach(function (id) {
              var li = $('li[data-step="' + id + '"]', ol);
              if (li) ol.appendChild(li);
            });
          }
          break;
        }
      }
    }

    function setLocked(rt, locked) {
      rt.locked = locked;
      if (!rt.form) return;
      $$('input, select, textarea, button[data-move]', rt.form).forEach(function (c) { c.disabled = locked; });
      var check = $('.cp-check', rt.form);
      if (check) check.hidden = locked;
    }
    function resultEl(rt) { return rt.form ? $('.cp-quiz-result', rt.form) : null; }

    function scoreOf(rt, answers) {
      var tot = 0, got = 0;
      rt.quiz.questions.forEach(function (q, k) {
        var w = q.weight == null ? 1 : +q.weight;
        tot += w;
        if (grade(q, answers[k])) got += w;
      });
      return tot > 0 ? Math.round(100 * got / tot) : 0;
    }
    function passScore(qz) {
      var c = data.completion || {};
      return qz.passScore != null ? +qz.passScore : c.masteryScore != null ? +c.masteryScore : 80;
    }

    function renderFeedback(rt, answers) {
      var right = 0;
      rt.quiz.questions.forEach(function (q, k) {
        var fs = rt.fss[k];
        var ok = grade(q, answers[k]);
        if (ok) right++;
        if (!fs) return;
        var fb = $('.cp-feedback', fs);
        fs.classList.remove('is-correct', 'is-incorrect');
        fs.classList.add(ok ? 'is-correct' : 'is-incorrect');
        if (!fb) return;
        fb.textContent = '';
        fb.className = 'cp-feedback ' + (ok ? 'is-correct' : 'is-incorrect');
        fb.appendChild(el('p', 'cp-verdict', S(ok ? 'correct' : 'incorrect')));
        var f = q.feedback || {};
        var t = ok ? f.correct : f.incorrect;
        if (t) fb.appendChild(el('p', null, t));
        if (f.choices && (q.type === 'single-choice' || q.type === 'multiple-choice')) {
          arr(answers[k]).forEach(function (id) {
            if (!f.choices[id]) return;
            var input = $('input[value="' + id + '"]', fs);
            var label = input && input.id ? $('label[for="' + input.id + '"]', fs) : null;
            var p = el('p', 'cp-choice-feedback');
            if (label && q.type === 'multiple-choice') p.appendChild(el('strong', null, label.textContent + ': '));
            p.appendChild(document.createTextNode(f.choices[id]));
            fb.appendChild(p);
          });
        }
        fb.hidden = false;
      });
      return right;
    }

    function showResult(rt, answers, focus) {
      var qz = rt.quiz, res = resultEl(rt), text, retry;
      var right = renderFeedback(rt, answers);
      if (qz.kind === 'assessment') {
        var vars = { score: rt.score, pass: passScore(qz) };
        text = S(rt.flag === 2 ? 'assessment_passed' : 'assessment_failed', vars);
        retry = rt.flag !== 2;
      } else {
        text = S('kc_result', { x: right, n: qz.questions.length });
        retry = true;
      }
      setLocked(rt, true);
      if (res) {
        res.textContent = '';
        res.className = 'cp-quiz-result ' + (qz.kind === 'assessment' ? (rt.flag === 2 ? 'is-passed' : 'is-failed') : '');
        res.appendChild(el('p', null, text));
        res.hidden = false;
      }
      if (rt.retry) { rt.retry.remove(); rt.retry = null; }
      if (retry && rt.form) {
        rt.retry = el('button', 'cp-retry', S('try_again'));
        rt.retry.type = 'button';
        rt.retry.addEventListener('click', function () { tryAgain(rt); });
        rt.form.appendChild(rt.retry);
      }
      if (focus) focusEl(res);
    }

    function tryAgain(rt) {
      if (rt.flag === 2 && rt.quiz.kind === 'assessment') return;
      rt.quiz.questions.forEach(function (q, k) {
        writeAnswer(rt, k, null);
        var fs = rt.fss[k];
        if (!fs) return;
        fs.classList.remove('is-correct', 'is-incorrect');
        var fb = $('.cp-feedback', fs);
        if (fb) { fb.hidden = true; fb.textContent = ''; fb.className = 'cp-feedback'; }
      });
      var res = resultEl(rt);
      if (res) { res.hidden = true; res.textContent = ''; }
      if (rt.retry) { rt.retry.remove(); rt.retry = null; }
      setLocked(rt, false);
      rt.startedAt = Date.now();
      var first = rt.form && $('input, select, textarea, button', rt.form);
      focusEl(first);
    }

    function submitQuiz(rt) {
      if (rt.locked) return;
      var qs = rt.quiz.questions;
      var answers = qs.map(function (q, k) { return readAnswer(rt.fss[k], q); });
      var open = [];
      qs.forEach(function (q, k) { if (!answered(q, answers[k])) open.push(k); });
      var res = resultEl(rt);
      if (open.length) {
        if (res) {
          res.textContent = '';
          res.className = 'cp-quiz-result is-open';
          res.appendChild(el('p', null, S('unanswered', { n: open.length })));
          res.hidden = false;
        }
        var fs = rt.fss[open[0]], target = null;
        if (fs && qs[open[0]].type === 'matching') {
          target = $$('.cp-match select', fs).filter(function (s) { return !s.value; })[0];
        }
        focusEl(target || (fs && $('input, select, textarea', fs)));
        return;
      }
      var now = Date.now();
      var latency = now - (rt.startedAt || now);
      rt.startedAt = null;
      rt.submitted = answers;
      qs.forEach(function (q, k) {
        pending.push({ question: q, answer: answers[k], correct: grade(q, answers[k]), latencyMs: latency, time: now });
      });
      if (rt.quiz.kind === 'assessment') {
        rt.score = scoreOf(rt, answers);
        if (rt.flag !== 2) rt.flag = rt.score >= passScore(rt.quiz) ? 2 : 1;
      } else if (rt.flag === 0) {
        rt.flag = 1;
      }
      showResult(rt, answers, true);
      save();
    }

    rts.forEach(function (rt) {
      if (!rt.form) return;
      rt.form.addEventListener('submit', function (e) { e.preventDefault(); submitQuiz(rt); });
      rt.form.addEventListener('click', function (e) {
        var b = e.target.closest && e.target.closest('button[data-move]');
        if (!b || b.disabled) return;
        var li = b.closest('li'), ol = li && li.parentNode;
        if (!ol) return;
        if (b.getAttribute('data-move') === 'up') {
          if (li.previousElementSibling) ol.insertBefore(li.previousElementSibling, li.nextSibling);
        } else if (li.nextElementSibling) {
          ol.insertBefore(li.nextElementSibling, li);
        }
        if (document.activeElement !== b) b.focus();
        var items = $$('li[data-step]', ol);
        var name = (($('span', li) || li).textContent || '').trim();
        var vars = { item: name, x: items.indexOf(li) + 1, n: items.length };
        live.textContent = strings.moved_to ? S('moved_to', vars) : name + ': ' + vars.x + '/' + vars.n;
      });
    });

    /* ---------- Status ---------- */
    function currentState() {
      var answers = [];
      rts.forEach(function (rt) {
        rt.quiz.questions.forEach(function (q, k) {
          var v = rt.flag > 0 && rt.submitted ? rt.submitted[k] : readAnswer(rt.fss[k], q);
          // an untouched sequence (still in its initial order) is stored as unanswered
          if (q.type === 'sequencing' && !rt.locked && v && v.join() === rt.initialOrder[k].join()) v = null;
          answers.push(v);
        });
      });
      return { visited: visited.slice(), quizzes: rts.map(function (rt) { return rt.flag; }), answers: answers };
    }
    function progressInfo() {
      var c = data.completion || {};
      var allPages = visited.every(Boolean);
      var a = asm >= 0 ? rts[asm] : null;
      var assessed = !!a && a.flag >= 1;
      var passed = a ? a.flag === 2 : true;
      var complete = c.rule === 'assessment-passed' ? passed : c.rule === 'both' ? allPages && passed : allPages;
      var status;
      switch (c.reporting || 'passed-incomplete') {
        case 'passed-failed':
          status = complete && passed ? 'passed' : assessed && !passed ? 'failed' : 'incomplete'; break;
        case 'completed-incomplete':
          status = complete ? 'completed' : 'incomplete'; break;
        case 'completed-failed':
          status = complete && passed ? 'completed' : assessed && !passed ? 'failed' : 'incomplete'; break;
        default:
          status = complete && passed ? 'passed' : 'incomplete';
      }
      return { complete: complete, assessed: assessed, passed: passed, status: status,
        score: assessed && a.score != null ? a.score : null };
    }
    function snapshot() {
      var p = progressInfo();
      var recs = pending;
      pending = [];
      return { location: cur >= 0 ? pages[cur].id : '', suspendData: encodeState(currentState(), data),
        status: p.status, score: p.score, interactions: recs, complete: p.complete, passed: p.passed };
    }
    function save() {
      var p = progressInfo();
      var done = p.complete && p.passed;
      if (wasDone === false && done) notice('course_complete');
      wasDone = done;
      if (!lms) { pending = []; return; }
      var ok = true;
      try { ok = adapter.save(snapshot()) !== false; } catch (e) { ok = false; }
      if (!ok) notice('lms_error');
    }
    function finish() {
      if (!lms) return;
      try { adapter.finish(snapshot()); } catch (e) { /* nothing more to do */ }
    }

    /* ---------- Navigation ---------- */
    function setToc(open) {
      if (!tocToggle || !toc) return;
      tocToggle.setAttribute('aria-expanded', open ? 'true' : 'false');
      toc.classList.toggle('is-open', open);
    }
    function show(i, focus) {
      if (i < 0 || i >= pages.length || !secs[i]) return false;
      cur = i;
      secs.forEach(function (s, k) {
        if (!s) return;
        if (k !== i && !s.hidden) $$('video, audio', s).forEach(function (m) { try { m.pause(); } catch (e) { /* */ } });
        s.hidden = k !== i;
      });
      visited[i] = true;
      var id = pages[i].id;
      $$('a[data-page]', toc || document).forEach(function (a) {
        var on = a.getAttribute('data-page') === id;
        if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
        var k = pages.findIndex(function (p) { return p.id === a.getAttribute('data-page'); });
        a.classList.toggle('is-visited', k >= 0 && visited[k]);
      });
      if (prevBtn) prevBtn.disabled = i === 0;
      if (nextBtn) nextBtn.disabled = i === pages.length - 1;
      if (counter) counter.textContent = S('page_x_of_n', { x: i + 1, n: pages.length });
      var n = visited.filter(Boolean).length;
      if (progress) { progress.max = pages.length; progress.value = n; }
      if (progressLabel) progressLabel.textContent = S('pages_viewed', { x: n, n: pages.length });
      rts.forEach(function (rt) {
        if (rt.quiz.id === pages[i].quiz || rt.quiz.id === id) {
          if (!rt.locked && rt.startedAt == null) rt.startedAt = Date.now();
        }
      });
      setToc(false);
      if (focus) {
        try { window.scrollTo(0, 0); } catch (e) { /* */ }
        focusEl($('h1', secs[i]) || secs[i]);
      }
      save();
      return true;
    }
    function indexOfPage(id) {
      for (var i = 0; i < pages.length; i++) if (pages[i].id === id) return i;
      return -1;
    }
    function goTo(id) { return show(indexOfPage(id), true); }

    if (prevBtn) prevBtn.addEventListener('click', function () { show(cur - 1, true); });
    if (nextBtn) nextBtn.addEventListener('click', function () { show(cur + 1, true); });
    if (tocToggle) {
      tocToggle.addEventListener('click', function () {
        setToc(tocToggle.getAttribute('aria-expanded') !== 'true');
      });
    }
    if (toc) {
      toc.addEventListener('keydown', function (e) {
        if (e.key === 'Escape' && tocToggle && tocToggle.getAttribute('aria-expanded') === 'true') {
          setToc(false);
          tocToggle.focus();
        }
      });
    }
    document.addEventListener('click', function (e) {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      var a = e.target.closest && e.target.closest('a[href^="#"]');
      if (!a) return;
      var id = a.getAttribute('href').slice(1);
      try { id = decodeURIComponent(id); } catch (x) { /* keep raw */ }
      var target = id && document.getElementById(id);
      var sec = target && target.closest('.cp-page');
      var i = sec ? secs.indexOf(sec) : -1;
      if (i < 0) return;
      e.preventDefault();
      if (target === sec) { show(i, true); return; }
      if (i !== cur) show(i, false);
      focusEl(target);
      if (target.scrollIntoView) target.scrollIntoView();
    });

    /* ---------- Start ---------- */
    var info = null;
    try { info = adapter && typeof adapter.start === 'function' ? adapter.start(data) : null; } catch (e) { info = null; }
    lms = !!(info && info.lms);
    var st = info ? decodeState(info.suspendData, data) : null;
    if (st) {
      st.visited.forEach(function (v, i) { visited[i] = v; });
      var n = 0;
      rts.forEach(function (rt) {
        var answers = rt.quiz.questions.map(function () { return st.answers[n++]; });
        rt.flag = st.quizzes[rt.zi];
        answers.forEach(function (v, k) { writeAnswer(rt, k, v); });
        var full = rt.quiz.questions.every(function (q, k) { return answered(q, answers[k]); });
        if (rt.flag > 0 && full) {
          rt.submitted = answers;
          if (rt.quiz.kind === 'assessment') rt.score = scoreOf(rt, answers);
          showResult(rt, answers, false);
        } else if (rt.flag === 2) {
          setLocked(rt, true);
        }
      });
    }
    var start = 0, resumed = false;
    if (info && info.location) {
      var k = indexOfPage(String(info.location));
      if (k >= 0) { start = k; resumed = true; }
    }
    wasDone = (function () { var p = progressInfo(); return p.complete && p.passed; })();
    show(start, false);
    var resume = $('#cp-resume');
    if (resumed && resume) {
      resume.textContent = '';
      resume.appendChild(el('p', null, S('resume_notice', { title: pages[start].title })));
      var rb = el('button', 'cp-restart', S('restart'));
      rb.type = 'button';
      rb.addEventListener('click', function () { resume.hidden = true; show(0, true); });
      resume.appendChild(rb);
      resume.hidden = false;
    }
    if (!lms) notice('standalone');

    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') save();
    });
    window.addEventListener('pagehide', finish);
    window.addEventListener('beforeunload', finish);

    api.goTo = goTo;
    api.state = function () {
      var p = progressInfo();
      return {
        page: cur >= 0 ? pages[cur].id : null,
        visited: pages.filter(function (_, i) { return visited[i]; }).map(function (pg) { return pg.id; }),
        quizzes: rts.map(function (rt) {
          return { id: rt.quiz.id, kind: rt.quiz.kind, flag: rt.flag, submitted: rt.flag > 0, passed: rt.flag === 2,
            locked: rt.locked, score: rt.score };
        }),
        complete: p.complete, assessed: p.assessed, passed: p.passed, status: p.status, score: p.score,
        suspendData: encodeState(currentState(), data), lms: lms
      };
    };
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
