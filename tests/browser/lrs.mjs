// A loopback Learning Record Store for the browser tests: the parts of xAPI 1.0.3 the runtime uses.
//
//   POST/PUT  /xapi/statements            every statement is checked with Learning Locker's validator
//                                         (@learninglocker/xapi-validation); a batch with an invalid statement is
//                                         rejected with 400, as an LRS must; valid ones are recorded once per id
//   GET       /xapi/statements?statementId=…
//   GET/PUT/POST/DELETE /xapi/activities/state?activityId=…&agent=…&stateId=…[&registration=…]
//   GET       /xapi/about
//
// Every request must carry X-Experience-API-Version 1.0.3 and the expected Authorization; CORS is open (the
// package is served from another origin, as in an LMS). `lrs.down = true` (or `lrs.downFor(ms)`) answers 503 to
// statements and state requests until it recovers.

import { createServer } from 'node:http';
import validation from '@learninglocker/xapi-validation';

const validate = validation.default ?? validation;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, PUT, POST, DELETE, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type, X-Experience-API-Version, Accept-Language, If-Match, If-None-Match',
  'access-control-expose-headers': 'X-Experience-API-Version, ETag, Last-Modified',
  'access-control-max-age': '600',
};

/** Canonical key of an agent (its one identifier). */
function agentKey(agent) {
  return JSON.stringify(agent?.mbox ?? agent?.mbox_sha1sum ?? agent?.openid ?? agent?.account ?? null);
}

/** Start the LRS on 127.0.0.1. `auth` is the Authorization header value every request must carry. */
export async function startLrs({ auth } = {}) {
  const lrs = {
    url: '',
    endpoint: '',
    auth,
    statements: [],     // stored, in arrival order
    byId: new Map(),
    invalid: [],        // {statement, warnings}
    duplicates: [],     // ids received again after they were stored
    conflicts: [],      // ids received again with different content
    problems: [],       // protocol problems (headers, methods, bodies)
    rejected: 0,        // requests answered 503 while down
    rejectedIds: [],    // ids of statements in POSTs answered 503
    requests: [],       // {method, path, status}
    state: new Map(),   // key -> {body, contentType, updated}
    down: false,
    downFor(ms) {
      lrs.down = true;
      setTimeout(() => { lrs.down = false; }, ms);
    },
    /** Stored statements with a verb (short name), optionally for one registration. */
    withVerb(name, registration) {
      return lrs.statements.filter((s) => s.verb.id === `http://adlnet.gov/expapi/verbs/${name}` &&
        (!registration || s.context?.registration === registration));
    },
    /** Wait until `pred()` holds (polls every 50 ms), or fail with `what`. */
    async until(pred, what, timeout = 15000) {
      const end = Date.now() + timeout;
      while (!pred()) {
        if (Date.now() > end) throw new Error(`LRS: timed out waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: null,
  };

  const send = (res, status, body, type = 'application/json') => {
    res.writeHead(status, { ...CORS, 'x-experience-api-version': '1.0.3', 'content-type': type,
      'cache-control': 'no-store' });
    res.end(body == null ? '' : typeof body === 'string' ? body : JSON.stringify(body));
  };

  /** Validate and record; returns [status, body]. */
  function storeStatements(list) {
    const warnings = [];
    for (const s of list) {
      const w = validate(s);
      if (!s || typeof s !== 'object' || !s.id) w.push({ message: 'statement has no id made by the content' });
      if (w.length) warnings.push({ statement: s, warnings: w });
    }
    if (warnings.length) {
      lrs.invalid.push(...warnings);
      return [400, { message: 'invalid statements', warnings }];
    }
    for (const s of list) {
      const have = lrs.byId.get(s.id);
      if (have) {
        if (JSON.stringify(have) === JSON.stringify(s)) lrs.duplicates.push(s.id);
        else { lrs.conflicts.push(s.id); return [409, { message: `statement ${s.id} exists with other content` }]; }
        continue;
      }
      lrs.byId.set(s.id, s);
      lrs.statements.push(s);
    }
    return [200, list.map((s) => s.id)];
  }

  function stateKey(q) {
    let agent;
    try { agent = JSON.parse(q.get('agent')); } catch { return null; }
    if (!q.get('activityId') || !agent) return null;
    return [q.get('activityId'), agentKey(agent), q.get('registration') ?? '', q.get('stateId') ?? ''].join('|');
  }

  function handle(req, res, body) {
    const url = new URL(req.url, 'http://127.0.0.1');
    const path = url.pathname.replace(/^\/xapi\//, '');
    const q = url.searchParams;
    const log = (status) => lrs.requests.push({ method: req.method, path, status });
    if (req.method === 'OPTIONS') { log(204); return send(res, 204, null); }
    if (req.headers['x-experience-api-version'] !== '1.0.3') {
      lrs.problems.push(`${req.method} ${path}: X-Experience-API-Version ${req.headers['x-experience-api-version']}`);
      log(400);
      return send(res, 400, { message: 'X-Experience-API-Version 1.0.3 required' });
    }
    if (lrs.auth && req.headers.authorization !== lrs.auth) {
      lrs.problems.push(`${req.method} ${path}: Authorization ${req.headers.authorization}`);
      log(401);
      return send(res, 401, { message: 'unauthorised' });
    }
    if (path === 'about') { log(200); return send(res, 200, { version: ['1.0.3'] }); }
    if (lrs.down && (path === 'statements' || path === 'activities/state')) {
      lrs.rejected++;
      if (path === 'statements' && req.method === 'POST') {
        try { lrs.rejectedIds.push(...[JSON.parse(body)].flat().map((s) => s.id)); } catch { /* not JSON */ }
      }
      log(503);
      return send(res, 503, { message: 'temporarily unavailable' });
    }
    if (path === 'statements') {
      if (req.method === 'GET') {
        const id = q.get('statementId');
        const s = id ? lrs.byId.get(id) : null;
        if (id) { log(s ? 200 : 404); return s ? send(res, 200, s) : send(res, 404, { message: 'no such statement' }); }
        log(200);
        return send(res, 200, { statements: lrs.statements, more: '' });
      }
      let parsed;
      try { parsed = JSON.parse(body); } catch {
        lrs.problems.push(`${req.method} statements: body is not JSON`);
        log(400);
        return send(res, 400, { message: 'body is not JSON' });
      }
      if (!/^application\/json/.test(req.headers['content-type'] ?? '')) {
        lrs.problems.push(`${req.method} statements: content-type ${req.headers['content-type']}`);
      }
      if (req.method === 'PUT') {
        if (!q.get('statementId') || parsed?.id !== q.get('statementId')) {
          log(400);
          return send(res, 400, { message: 'statementId must match the statement id' });
        }
        const [status, out] = storeStatements([parsed]);
        log(status === 200 ? 204 : status);
        return status === 200 ? send(res, 204, null) : send(res, status, out);
      }
      if (req.method === 'POST') {
        const [status, out] = storeStatements(Array.isArray(parsed) ? parsed : [parsed]);
        log(status);
        return send(res, status, out);
      }
    }
    if (path === 'activities/state') {
      const key = stateKey(q);
      if (!key || (req.method !== 'GET' && req.method !== 'DELETE' && !q.get('stateId'))) {
        lrs.problems.push(`${req.method} activities/state: bad parameters ${url.search}`);
        log(400);
        return send(res, 400, { message: 'activityId, agent and stateId are required' });
      }
      if (req.method === 'GET') {
        const doc = lrs.state.get(key);
        log(doc ? 200 : 404);
        return doc ? send(res, 200, doc.body, doc.contentType) : send(res, 404, { message: 'no such document' });
      }
      if (req.method === 'PUT' || req.method === 'POST') {
        lrs.state.set(key, { body, contentType: req.headers['content-type'] ?? 'application/octet-stream', updated: Date.now() });
        log(204);
        return send(res, 204, null);
      }
      if (req.method === 'DELETE') { lrs.state.delete(key); log(204); return send(res, 204, null); }
    }
    lrs.problems.push(`${req.method} ${path}: not part of this LRS`);
    log(404);
    return send(res, 404, { message: 'not found' });
  }

  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try { handle(req, res, Buffer.concat(chunks).toString('utf8')); } catch (e) {
        lrs.problems.push(`LRS crashed on ${req.method} ${req.url}: ${e.stack}`);
        send(res, 500, { message: 'internal error' });
      }
    });
  });
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  lrs.url = `http://127.0.0.1:${server.address().port}`;
  lrs.endpoint = `${lrs.url}/xapi/`;
  lrs.close = () => new Promise((ok) => { server.closeAllConnections?.(); server.close(() => ok()); });
  return lrs;
}
