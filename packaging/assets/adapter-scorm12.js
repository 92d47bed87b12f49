/* coursepack SCORM 1.2 adapter. Sets window.CoursepackAdapter; see packaging/CONTRACT.md. */
(function () {
  'use strict';

  var api = null;
  var lms = false;
  var started = false;
  var finished = false;
  var result = null;
  var mode = 'normal';
  var t0 = 0;
  var interactionsOk = false;
  var nextN = 0;          // index of the next cmi.interactions.n to write
  var initialStatus = '';
  var last = {};          // last value written (or read) per element, to write only changes
  var errors = [];        // [{element, code}] of failed calls, for diagnostics
  var SILENT = { '0': 1, '401': 1 };
  var STATUSES = { passed: 1, completed: 1, failed: 1, incomplete: 1 };

  /* S12-RT-01: window.parent chain (<= 500 hops), then the window.top.opener chain. */
  function apiIn(win) {
    try {
      var a = win.API;
      if (a && typeof a.LMSInitialize === 'function') return a;
    } catch (e) { /* cross-origin */ }
    return null;
  }
  function walk(win, budget) {
    while (win && budget.n-- > 0) {
      var a = apiIn(win);
      if (a) return a;
      var p = null;
      try { p = win.parent; } catch (e) { p = null; }
      if (!p || p === win) return null;
      win = p;
    }
    return null;
  }
  function discover() {
    var budget = { n: 500 };
    var a = walk(window, budget);
    var w = null;
    try { w = window.top && window.top.opener; } catch (e) { w = null; }
    while (!a && w && budget.n > 0) {
      a = walk(w, budget);
      var next = null;
      try { next = w.top && w.top.opener; } catch (e) { next = null; }
      if (next === w) break;
      w = next;
    }
    return a;
  }

  function call(name, a, b) {
    try { return String(b === undefined ? api[name](a) : api[name](a, b)); } catch (e) { return 'false'; }
  }
  function lastError() { return String(api.LMSGetLastError()); }
  function get(el) { return call('LMSGetValue', el); }
  function set(el, val) {
    val = String(val);
    var ok = call('LMSSetValue', el, val) === 'true';
    var code = lastError();
    if (code !== '0' || !ok) {
      if (code === '0') code = '101';
      errors.push({ element: el, code: code });
      if (!SILENT[code]) errorSinceSave = true;
      return false;
    }
    last[el] = val;
    return true;
  }
  function setIfChanged(el, val) {
    val = String(val);
    return last[el] === val ? true : set(el, val);
  }
  var errorSinceSave = false;
  function commit() {
    if (call('LMSCommit', '') !== 'true') errorSinceSave = true;
  }

  /* Formatting */
  function pad(n, w) { n = String(n); while (n.length < w) n = '0' + n; return n; }
  // CMITimespan HHHH:MM:SS.SS (hours 2-4 digits)
  function timespan(ms) {
    var cs = Math.max(0, Math.round((+ms || 0) / 10));
    var max = 9999 * 360000 + 359999;
    if (cs > max) cs = max;
    var h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60, s = Math.floor(cs / 100) % 60;
    return pad(h, 2) + ':' + pad(m, 2) + ':' + pad(s, 2) + '.' + pad(cs % 100, 2);
  }
  // CMITime HH:MM:SS (local clock time)
  function clock(when) {
    var d = new Date(when == null ? Date.now() : when);
    return pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2);
  }
  function letter(i) { return i >= 0 && i < 26 ? String.fromCharCode(97 + i) : ''; }
  function arr(v) { return Array.isArray(v) ? v : (v == null ? [] : [v]); }
  function letters(ids, list) {
    return arr(ids).map(function (id) { return list.indexOf(id); })
      .filter(function (i) { return i >= 0; })
      .sort(function (a, b) { return a - b; }).map(letter).join(',');
  }

  /* One SCORM 1.2 interaction record for a graded question (CONTRACT.md "SCORM 1.2 interactions"). */
  function interactionFor(q, answer, isCorrect, latencyMs, when) {
    var type, resp = '', pat = '';
    var correct = arr(q.correct);
    switch (q.type) {
      case 'single-choice':
      case 'multiple-choice':
        type = 'choice';
        resp = letters(answer, q.choices || []);
        pat = letters(correct, q.choices || []);
        break;
      case 'true-false':
        type = 'true-false';
        resp = answer === true ? 't' : answer === false ? 'f' : '';
        pat = correct[0] ? 't' : 'f';
        break;
      case 'fill-in':
        type = 'fill-in';
        resp = String(answer == null ? '' : answer).trim().slice(0, 255);
        pat = String(correct[0] == null ? '' : correct[0]).slice(0, 255);
        break;
      case 'matching':
        type = 'matching';
        resp = arr(answer).map(function (pid, i) {
          var t = correct.indexOf(pid);
          return t < 0 ? '' : letter(i) + '.' + letter(t);
        }).filter(Boolean).join(',');
        pat = correct.map(function (_, i) { return letter(i) + '.' + letter(i); }).join(',');
        break;
      case 'sequencing':
        type = 'sequencing';
        resp = arr(answer).map(function (id) { return letter(correct.indexOf(id)); }).join(',');
        pat = correct.map(function (_, i) { return letter(i); }).join(',');
        break;
      default:
        return null;
    }
    return {
      id: String(q.interactionId || q.id),
      type: type,
      student_response: resp,
      pattern: pat,
      result: isCorrect ? 'correct' : 'wrong',
      weighting: String(q.weight == null ? 1 : q.weight),
      time: clock(when),
      latency: timespan(latencyMs)
    };
  }

  function start() {
    if (started) return result;
    started = true;
    t0 = Date.now();
    result = { lms: false, entry: '', location: '', suspendData: '', mode: 'normal' };
    api = discover();
    if (!api || call('LMSInitialize', '') !== 'true') { api = null; return result; }
    lms = true;
    var m = get('cmi.core.lesson_mode');
    mode = (lastError() === '0' && (m === 'browse' || m === 'review')) ? m : 'normal';
    initialStatus = get('cmi.core.lesson_status');
    var entry = get('cmi.core.entry');
    var loc = get('cmi.core.lesson_location');
    var sd = get('cmi.suspend_data');
    last['cmi.core.lesson_location'] = loc;
    last['cmi.suspend_data'] = sd;
    last['cmi.core.lesson_status'] = initialStatus;
    // S12-RT-14: probe optional interactions support
    var ch = get('cmi.interactions._children');
    if (lastError() === '0' && ch) {
      var c = parseInt(get('cmi.interactions._count'), 10);
      interactionsOk = lastError() === '0';
      nextN = isNaN(c) ? 0 : c;
    }
    // S12-RT-04: never leave "not attempted", or the LMS may mark the course complete on exit
    if (mode === 'normal' && (initialStatus === '' || initialStatus === 'not attempted')) {
      if (set('cmi.core.lesson_status', 'incomplete')) commit();
    }
    result = { lms: true, entry: entry, location: loc, suspendData: sd, mode: mode };
    return result;
  }

  function write(s) {
    if (!s) return;
    if (s.location) setIfChanged('cmi.core.lesson_location', String(s.location).slice(0, 255));
    if (mode !== 'normal') return; // S12-RT-13: browse/review: record nothing else
    if (s.suspendData != null && String(s.suspendData).length <= 4096) {
      setIfChanged('cmi.suspend_data', s.suspendData);
    }
    if (s.score != null && isFinite(s.score)) {
      var raw = String(Math.max(0, Math.min(100, Math.round(+s.score))));
      if (last['cmi.core.score.raw'] !== raw) {
        setIfChanged('cmi.core.score.min', '0');
        setIfChanged('cmi.core.score.max', '100');
        set('cmi.core.score.raw', raw);
      }
    }
    // score before status (S12-RT-06); only the four values a SCO may set (S12-RT-05)
    var st = s.status;
    var keep = (initialStatus === 'passed' || initialStatus === 'completed') &&
      (st === 'incomplete' || st === 'failed'); // never downgrade a finished attempt
    if (STATUSES[st] && !keep) setIfChanged('cmi.core.lesson_status', st);
    setIfChanged('cmi.core.exit', s.complete && s.passed ? '' : 'suspend');
    if (interactionsOk && s.interactions && s.interactions.length) {
      s.interactions.forEach(function (r) {
        var f = r && r.question ? interactionFor(r.question, r.answer, r.correct, r.latencyMs, r.time) : null;
        if (!f) return;
        var p = 'cmi.interactions.' + nextN + '.';
        nextN++;
        set(p + 'id', f.id);
        set(p + 'type', f.type);
        set(p + 'student_response', f.student_response);
        set(p + 'correct_responses.0.pattern', f.pattern);
        set(p + 'result', f.result);
        set(p + 'weighting', f.weighting);
        set(p + 'time', f.time);
        set(p + 'latency', f.latency);
      });
    }
  }

  /* Returns false when the LMS reported a problem (other than "not implemented"). */
  function save(snapshot) {
    if (!lms || finished) return true;
    errorSinceSave = false;
    write(snapshot);
    commit();
    return !errorSinceSave;
  }

  function finish(snapshot) {
    if (!lms || finished) return true;
    errorSinceSave = false;
    write(snapshot);
    finished = true;
    if (mode === 'normal') set('cmi.core.session_time', timespan(Date.now() - t0));
    commit();
    call('LMSFinish', '');
    return !errorSinceSave;
  }

  window.CoursepackAdapter = {
    name: 'scorm12',
    start: start,
    save: save,
    finish: finish,
    interactionFor: interactionFor,
    timespan: timespan,
    errors: function () { return errors.slice(); }
  };
})();
