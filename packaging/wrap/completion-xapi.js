/* Added by `coursepack wrap --target xapi --completion`: reports the page to the LRS named in the Tin Can launch
   link (endpoint, auth, actor, registration, activity_id) with xAPI 1.0.3 statements: `initialized` on load,
   `completed` once loaded, `terminated` when the page goes away. Without a launch link it does nothing. */
(function (course) {
  'use strict';
  var ADL = 'http://adlnet.gov/expapi/verbs/';
  var UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
  var first = function (v) { return Array.isArray(v) ? v[0] : v; };

  /* An Agent with exactly one identifier (xAPI 1.0 form, or the 0.95 form with arrays). */
  function agent(text) {
    var a;
    try { a = JSON.parse(text); } catch (e) { return null; }
    if (!a || typeof a !== 'object') return null;
    var out = { objectType: 'Agent' }, name = first(a.name), mbox = first(a.mbox), sha = first(a.mbox_sha1sum);
    var openid = first(a.openid), acc = first(a.account);
    if (typeof name === 'string' && name) out.name = name;
    if (typeof mbox === 'string' && mbox) out.mbox = /^mailto:/i.test(mbox) ? mbox : 'mailto:' + mbox;
    else if (typeof sha === 'string' && sha) out.mbox_sha1sum = sha;
    else if (typeof openid === 'string' && openid) out.openid = openid;
    else if (acc && typeof acc === 'object' && (acc.homePage || acc.accountServiceHomePage) &&
      (acc.name || acc.accountName)) {
      out.account = { homePage: String(acc.homePage || acc.accountServiceHomePage), name: String(acc.name || acc.accountName) };
    } else return null;
    return out;
  }

  function launch() {
    var q = new URLSearchParams(window.location.search);
    var endpoint = q.get('endpoint'), actor = q.get('actor') && agent(q.get('actor'));
    var id = q.get('activity_id') || (course && course.id), reg = q.get('registration');
    if (!endpoint || !/^https?:\/\//i.test(endpoint) || !actor || !id) return null;
    return {
      statements: endpoint.replace(/\/?$/, '/') + 'statements',
      // a '+' of a Basic token that was not URL-encoded arrives as a space
      auth: (q.get('auth') || '').replace(/^(\w+) (.*)$/, function (m, scheme, token) {
        return scheme + ' ' + token.replace(/ /g, '+');
      }),
      actor: actor,
      registration: reg && UUID_RE.test(reg) ? reg.toLowerCase() : null,
      object: course && course.id === id ? { objectType: 'Activity', id: id, definition: course.definition }
        : { objectType: 'Activity', id: id },
    };
  }

  function uuid() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // RFC 4122 variant
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  /* ISO 8601 duration, 0.01 s precision */
  function duration(ms) {
    var cs = Math.max(0, Math.round(ms / 10)), h = Math.floor(cs / 360000), m = Math.floor(cs / 6000) % 60;
    var s = ((cs % 6000) / 100).toFixed(2).replace(/\.00$/, '');
    return 'PT' + (h ? h + 'H' : '') + (m ? m + 'M' : '') + s + 'S';
  }

  var L;
  try {
    if (typeof fetch !== 'function' || !window.crypto || !window.URLSearchParams) return;
    L = launch();
  } catch (e) { return; }
  if (!L) return;

  function statement(verb, result) {
    var s = { id: uuid(), timestamp: new Date().toISOString(), actor: L.actor,
      verb: { id: ADL + verb, display: { 'en-US': verb } }, object: L.object };
    if (result) s.result = result;
    var ctx = {};
    if (L.registration) ctx.registration = L.registration;
    if (course && course.language && course.language !== 'und') ctx.language = course.language;
    if (Object.keys(ctx).length) s.context = ctx;
    return s;
  }

  /* Statements go out in order, one POST at a time; on pagehide whatever is waiting leaves at once. keepalive lets
     a request outlive the page. */
  var waiting = [], busy = false;
  function post(list) {
    var headers = { 'Content-Type': 'application/json', 'X-Experience-API-Version': '1.0.3' };
    if (L.auth) headers.Authorization = L.auth;
    return fetch(L.statements, { method: 'POST', headers: headers, body: JSON.stringify(list), mode: 'cors',
      credentials: 'omit', keepalive: true });
  }
  function pump() {
    if (!waiting.length) { busy = false; return; }
    busy = true;
    var list = waiting;
    waiting = [];
    post(list).then(pump, pump);
  }
  function send(s, now) {
    waiting.push(s);
    if (now) {
      var list = waiting;
      waiting = [];
      post(list).catch(function () { /* the page is gone; nothing left to do */ });
    } else if (!busy) pump();
  }

  var started = 0, completed = false, live = false;
  function start() {
    started = Date.now();
    live = true;
    send(statement('initialized'));
  }
  function complete() {
    if (completed) return;
    completed = true;
    send(statement('completed', { completion: true }));
  }
  start();
  if (document.readyState === 'complete') complete();
  else window.addEventListener('load', complete);
  window.addEventListener('pagehide', function () {
    if (!live) return;
    live = false;
    send(statement('terminated', { duration: duration(Date.now() - started) }), true);
  });
  // back from the back/forward cache: a new session
  window.addEventListener('pageshow', function (e) { if (e.persisted && !live) start(); });
})(/*COURSEPACK_ACTIVITY*/null);
