import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import WebSocket from 'ws';
import type { Browser, Page } from 'playwright-core';
import { api, errorOf, login } from '../helpers/api';
import { server } from '../helpers/setup';
import { buildOrg, tokenFor, withKnownPassword } from '../helpers/factories';
import { buildMeeting, signIn, tokensFor } from '../helpers/meeting';
import { connect, emitAck, sleep } from '../helpers/sockets';
import { spawnNode, type SpawnedNode } from '../helpers/nodes';
import { launchBrowser, screenshot } from '../helpers/browser';
import { TEST_PASSWORD } from '../helpers/env';
import { countBallotSheets } from '../../server/metrics';
import { ConfigError, loadConfig } from '../../server/config';
import { collabDocName } from '../../realtime/collab/names';

/**
 * HTTP hardening (issue 8 §5) and what a balancer and Prometheus see (§6): security headers and a
 * CSP the built client lives with, closed CORS, body limits, liveness/readiness (also while a node
 * drains), /metrics and who may read it, and no secret in any log line.
 */
const METRICS_TOKEN = 'metrics-token-for-the-hardening-test-0123456789';

/** The value of one sample in Prometheus' text format, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const m = /^([a-zA-Z_:][\w:]*)(?:\{([^}]*)\})? (\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = (m[2] ?? '').split(',').filter(Boolean);
    if (want.every((w) => have.includes(w))) return Number(m[3]);
  }
  return undefined;
}

async function metrics(base = server().url, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/metrics`, { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get('content-type') ?? '' };
}

describe('hardening: headers, CORS, body limits, health, metrics, logs', function () {
  this.timeout(120_000);

  describe('security headers and CORS', () => {
    it('every answer carries helmet’s headers and a CSP that allows only this origin’s scripts', async () => {
      for (const p of ['/', '/api/health', '/api/no-such-route']) {
        const res = await fetch(`${server().url}${p}`);
        const h = res.headers;
        const csp = h.get('content-security-policy') ?? '';
        expect(csp, p).to.include("default-src 'self'");
        expect(csp, p).to.include("script-src 'self'");
        expect(csp, p).not.to.match(/script-src[^;]*'unsafe-(inline|eval)'/);
        expect(csp, p).to.include("connect-src 'self'");
        expect(csp, p).to.include("frame-ancestors 'self'");
        expect(h.get('x-content-type-options'), p).to.equal('nosniff');
        expect(h.get('x-frame-options'), p).to.equal('SAMEORIGIN');
        expect(h.get('referrer-policy'), p).to.equal('no-referrer');
        expect(h.get('cross-origin-opener-policy'), p).to.equal('same-origin');
        expect(h.get('cross-origin-resource-policy'), p).to.equal('same-origin');
        expect(h.get('x-powered-by'), p).to.equal(null);
      }
    });

    it('gives a foreign origin no Access-Control-Allow-Origin and refuses its preflight', async () => {
      const evil = 'https://evil.example';
      const simple = await fetch(`${server().url}/api/health`, { headers: { origin: evil } });
      expect(simple.headers.get('access-control-allow-origin')).to.equal(null);
      const org = await buildOrg();
      const token = await tokenFor(org.admin);
      const me = await fetch(`${server().url}/api/auth/me`, { headers: { origin: evil, authorization: `Bearer ${token}` } });
      expect(me.headers.get('access-control-allow-origin')).to.equal(null);
      expect(me.headers.get('access-control-allow-credentials')).to.equal(null);

      const preflight = await fetch(`${server().url}/api/orgs`, {
        method: 'OPTIONS',
        headers: { origin: evil, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
      });
      expect(preflight.status).to.equal(403);
      expect(preflight.headers.get('access-control-allow-origin')).to.equal(null);
      expect(preflight.headers.get('access-control-allow-methods')).to.equal(null);
      expect(((await preflight.json()) as { error: { code: string } }).error.code).to.equal('cors_forbidden');

      // Socket.IO (cors: { origin: false }) sends no CORS header on its HTTP transport either.
      const polling = await fetch(`${server().url}/socket.io/?EIO=4&transport=polling`, { headers: { origin: evil } });
      expect(polling.headers.get('access-control-allow-origin')).to.equal(null);
    });
  });

  describe('body size limits', () => {
    const big = (n: number) => 'x'.repeat(n);

    it('refuses an oversized JSON body with 413 payload_too_large, declared or streamed', async () => {
      const declared = await api().post('/auth/login', { username: 'x', password: big(300_000) });
      expect(declared.status).to.equal(413);
      expect(errorOf(declared).code).to.equal('payload_too_large');

      // No Content-Length (chunked): express.json counts while it reads.
      const chunks = [Buffer.from('{"username":"x","password":"'), Buffer.from(big(300_000)), Buffer.from('"}')];
      const stream = new ReadableStream({
        start(c) {
          for (const x of chunks) c.enqueue(x);
          c.close();
        },
      });
      const res = await fetch(`${server().url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: stream, duplex: 'half' } as RequestInit);
      expect(res.status).to.equal(413);
      expect(((await res.json()) as { error: { code: string } }).error.code).to.equal('payload_too_large');
    });

    it('refuses oversized bodies of types no route parses (form-encoded, text) and oversized uploads', async () => {
      for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream']) {
        const res = await api().raw('POST', '/auth/login', `password=${big(300_000)}`, { 'content-type': type });
        expect(res.status, type).to.equal(413);
        expect(errorOf(res).code, type).to.equal('payload_too_large');
      }
      // A small form-encoded body is not parsed at all: it reaches the route as no body.
      const form = await api().raw('POST', '/auth/login', 'username=a&password=b', { 'content-type': 'application/x-www-form-urlencoded' });
      expect(form.status).to.equal(400);
      expect(errorOf(form).code).to.equal('validation_failed');

      // An upload larger than UPLOAD_MAX_BYTES (10 MiB here) is refused before it is read.
      const upload = await fetch(`${server().url}/api/declarations/1/files`, {
        method: 'POST',
        headers: { 'content-type': 'multipart/form-data; boundary=----x' },
        body: Buffer.alloc(10 * 1024 * 1024 + 200_000, 1),
      });
      expect(upload.status).to.equal(413);
      expect(((await upload.json()) as { error: { code: string } }).error.code).to.equal('file_too_large');
    });
  });

  describe('liveness, readiness and metrics', () => {
    it('answers liveness and readiness, and lists both in the API description', async () => {
      const live = await api().get('/health/live');
      expect(live.status).to.equal(200);
      expect(live.body).to.include({ status: 'ok', node: `${process.pid}` });
      const ready = await api().get('/health/ready');
      expect(ready.status).to.equal(200);
      expect(ready.body).to.deep.include({ ready: true, shuttingDown: false, database: { ok: true } });
      expect(ready.body.redis).to.include({ ok: true, mode: 'redis' });
      const doc = (await api().get('/openapi.json')).body;
      expect(doc.paths).to.have.property('/api/health/live');
      expect(doc.paths).to.have.property('/api/health/ready');
      expect(doc.paths).to.have.property('/api/health');
    });

    it('exports connections, rooms, ballots, event-loop lag, the database pool, Redis state and HTTP status classes', async () => {
      const org = await buildOrg();
      const token = await tokenFor(org.admin);
      const sockets = [await connect(token), await connect(token)];
      try {
        const before = await metrics();
        expect(before.status).to.equal(200);
        expect(before.type).to.include('text/plain');
        expect(sample(before.text, 'zc_socket_connections')).to.be.at.least(2);
        // Each socket is in its user and organisation rooms.
        expect(sample(before.text, 'zc_socket_rooms')).to.be.at.least(2);
        expect(sample(before.text, 'nodejs_eventloop_lag_seconds')).to.be.a('number');
        expect(sample(before.text, 'nodejs_eventloop_lag_p99_seconds')).to.be.a('number');
        expect(sample(before.text, 'zc_db_pool_connections', { state: 'max' })).to.equal(20);
        for (const state of ['size', 'available', 'using', 'waiting']) expect(sample(before.text, 'zc_db_pool_connections', { state }), state).to.be.a('number');
        expect(sample(before.text, 'zc_redis_up', { mode: 'redis' })).to.equal(1);
        expect(sample(before.text, 'zc_shutting_down')).to.equal(0);
        const sheets0 = sample(before.text, 'zc_ballot_sheets_accepted_total')!;
        const ballots0 = sample(before.text, 'zc_ballots_accepted_total')!;
        const ok0 = sample(before.text, 'zc_http_requests_total', { status_class: '2xx' })!;
        const client0 = sample(before.text, 'zc_http_requests_total', { status_class: '4xx' })!;
        expect(sample(before.text, 'zc_http_requests_total', { status_class: '5xx' })).to.be.a('number');

        countBallotSheets(2, 7);
        countBallotSheets(0, 0);
        await api().get('/health/live');
        await api().get('/no-such-route');
        const after = await metrics();
        expect(sample(after.text, 'zc_ballot_sheets_accepted_total')).to.equal(sheets0 + 2);
        expect(sample(after.text, 'zc_ballots_accepted_total')).to.equal(ballots0 + 7);
        // The first scrape itself was a 2xx too.
        expect(sample(after.text, 'zc_http_requests_total', { status_class: '2xx' })).to.be.at.least(ok0 + 2);
        expect(sample(after.text, 'zc_http_requests_total', { status_class: '4xx' })).to.be.at.least(client0 + 1);
      } finally {
        for (const s of sockets) s.close();
      }
      // /metrics is not an API route and not in the API description.
      expect((await api().get('/openapi.json')).body.paths).not.to.have.property('/metrics');
    });

    it('serves /metrics to loopback only: a client relayed by a local proxy (X-Forwarded-For) is refused', async () => {
      const relayed = await metrics(server().url, { 'x-forwarded-for': '203.0.113.7' });
      expect(relayed.status).to.equal(403);
      expect(JSON.parse(relayed.text).error.code).to.equal('metrics_forbidden');
      // A forged "I am loopback" appended by the proxy after the real address does not help.
      const forged = await metrics(server().url, { 'x-forwarded-for': '127.0.0.1, 203.0.113.7' });
      expect(forged.status).to.equal(403);
      // No token is configured on this server: a Bearer means nothing.
      const guessed = await metrics(server().url, { 'x-forwarded-for': '203.0.113.7', authorization: `Bearer ${METRICS_TOKEN}` });
      expect(guessed.status).to.equal(403);
    });
  });

  it('checks the new settings at start: METRICS_TOKEN, TRUST_PROXY, SHUTDOWN_DRAIN_SECONDS', () => {
    const bad = (env: Record<string, string>, variable: string) => {
      expect(() => loadConfig(env), variable).to.throw(ConfigError, variable);
    };
    bad({ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN');
    bad({ METRICS_TOKEN: 'has a space in it, sixteen+' }, 'METRICS_TOKEN');
    bad({ TRUST_PROXY: 'nginx.internal' }, 'TRUST_PROXY');
    bad({ TRUST_PROXY: '10.0.0.0/33' }, 'TRUST_PROXY');
    bad({ SHUTDOWN_DRAIN_SECONDS: '-1' }, 'SHUTDOWN_DRAIN_SECONDS');
    const ok = loadConfig({ METRICS_TOKEN, TRUST_PROXY: 'loopback, 10.0.0.5, 172.16.0.0/12, ::1', SHUTDOWN_DRAIN_SECONDS: '5' });
    expect(ok).to.include({ METRICS_TOKEN, SHUTDOWN_DRAIN_SECONDS: 5 });
    const defaults = loadConfig({});
    expect(defaults).to.include({ TRUST_PROXY: 'loopback', SHUTDOWN_DRAIN_SECONDS: 0 });
    expect(defaults.METRICS_TOKEN).to.equal(undefined);
  });

  describe('a spawned node: metrics token, draining, logs', () => {
    let logged: SpawnedNode;
    let draining: SpawnedNode;
    before(async () => {
      [logged, draining] = await Promise.all([spawnNode({ LOG_LEVEL: 'debug', METRICS_TOKEN }), spawnNode({ SHUTDOWN_DRAIN_SECONDS: '3' })]);
    });
    after(async () => {
      await Promise.all([logged?.stop(), draining?.stop()]);
    });

    it('with METRICS_TOKEN set, a remote scraper gets in with the token and not without it', async () => {
      const remote = { 'x-forwarded-for': '198.51.100.20' };
      expect((await metrics(logged.url, remote)).status).to.equal(403);
      expect((await metrics(logged.url, { ...remote, authorization: 'Bearer wrong-token-wrong-token-wrong' })).status).to.equal(403);
      expect((await metrics(logged.url, { ...remote, authorization: `Basic ${METRICS_TOKEN}` })).status).to.equal(403);
      const ok = await metrics(logged.url, { ...remote, authorization: `Bearer ${METRICS_TOKEN}` });
      expect(ok.status).to.equal(200);
      expect(sample(ok.text, 'zc_redis_up', { mode: 'redis' })).to.equal(1);
      // The spawned node is its own process with its own figures.
      expect(sample(ok.text, 'process_start_time_seconds')).to.be.a('number');
      expect((await metrics(logged.url)).status).to.equal(200); // loopback, no token
    });

    it('while draining for a graceful shutdown, readiness answers 503 and liveness 200; then it exits 0', async () => {
      expect((await api(null, draining.url).get('/health/ready')).status).to.equal(200);
      const exited = new Promise<number | null>((r) => draining.child.once('exit', (code) => r(code)));
      draining.child.kill('SIGTERM');
      let ready = await api(null, draining.url).get('/health/ready');
      for (let i = 0; i < 40 && ready.status === 200; i++) {
        await sleep(25);
        ready = await api(null, draining.url).get('/health/ready');
      }
      expect(ready.status).to.equal(503);
      expect(ready.body).to.include({ ready: false, shuttingDown: true });
      expect(ready.body.database.ok).to.equal(true);
      expect(ready.headers.get('connection')).to.equal('close');
      const live = await api(null, draining.url).get('/health/live');
      expect(live.status).to.equal(200);
      const m = await metrics(draining.url);
      expect(sample(m.text, 'zc_shutting_down')).to.equal(1);
      expect(await exited).to.equal(0);
    });

    it('never logs a password, access or refresh token, collab ticket, Authorization header or metrics token', async () => {
      const secrets: string[] = [TEST_PASSWORD, METRICS_TOKEN, 'Wrong#Secret77'];
      const org = await buildOrg();
      await withKnownPassword(org.admin);
      const session = await login(org.admin.username, TEST_PASSWORD, logged.url);
      secrets.push(session.accessToken, session.refreshToken);
      await api(null, logged.url).post('/auth/login', { username: org.admin.username, password: 'Wrong#Secret77' });

      // Refresh in the body, then with the cookie the previous answer set; then a reused one (refused).
      const r1 = await api(null, logged.url).post('/auth/refresh', { refreshToken: session.refreshToken });
      expect(r1.status).to.equal(200);
      secrets.push(r1.body.accessToken, r1.body.refreshToken);
      const cookie = (r1.headers.get('set-cookie') ?? '').split(';')[0];
      expect(cookie).to.match(/^zc_refresh=/);
      const r2 = await api(null, logged.url).post('/auth/refresh', {}, { cookie });
      expect(r2.status).to.equal(200);
      secrets.push(r2.body.accessToken, r2.body.refreshToken);
      const reused = await api(null, logged.url).post('/auth/refresh', { refreshToken: session.refreshToken });
      expect(reused.status).to.equal(401);

      // Authorization headers on a good request, a refused one and a 404 (all logged by pino-http).
      const access = r2.body.accessToken as string;
      expect((await api(access, logged.url).get('/auth/me')).status).to.equal(200);
      expect((await api(`${access}x`, logged.url).get('/auth/me')).status).to.equal(401);
      expect((await api(access, logged.url).get('/no-such-route?token=abc')).status).to.equal(404);

      // A collab ticket: issued, redeemed, then presented again (refused and logged).
      const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 1, options: { sharedOpinionFields: ['overall'] } });
      const tokens = await tokensFor(m.accounts, logged.url);
      await signIn(m, await tokenFor(m.staff, logged.url), m.experts, logged.url);
      const leader = tokens.get(m.leaders[0].account.id)!;
      const [applicant] = m.applicants;
      expect(
        (
          await api(leader, logged.url).post(`/groups/${m.groups[0].id}/distribution`, {
            items: [{ meetingApplicantId: applicant.id, reviewers: [{ meetingExpertId: m.experts[0].id, role: 'main' }, { meetingExpertId: m.experts[1].id, role: 'secondary' }] }],
          })
        ).status,
      ).to.equal(200);
      await api(leader, logged.url).post(`/groups/${m.groups[0].id}/start-review`);
      const doc = collabDocName({ meetingId: m.meeting.id, meetingApplicantId: applicant.id, field: 'overall' });
      const expertToken = tokens.get(m.accounts[0].id)!;
      secrets.push(...tokens.values());
      const t = await api(expertToken, logged.url).post('/collab/tickets', { doc });
      expect(t.status).to.equal(201);
      secrets.push(t.body.ticket);
      const ws = logged.url.replace(/^http/, 'ws');
      const opened = await new Promise<boolean>((resolve) => {
        const c = new WebSocket(`${ws}/collab/${doc}?ticket=${encodeURIComponent(t.body.ticket)}`);
        c.once('open', () => {
          c.close();
          resolve(true);
        });
        c.once('error', () => resolve(false));
        c.once('unexpected-response', () => resolve(false));
      });
      expect(opened).to.equal(true);
      await new Promise<void>((resolve) => {
        const again = new WebSocket(`${ws}/collab/${doc}?ticket=${encodeURIComponent(t.body.ticket)}`);
        const done = () => {
          again.terminate();
          resolve();
        };
        again.once('close', done);
        again.once('error', done);
        again.once('unexpected-response', done);
      });

      // A socket's handshake token and a renewal.
      const socket = await connect(access, logged.url);
      const renewed = await login(org.admin.username, TEST_PASSWORD, logged.url);
      secrets.push(renewed.accessToken, renewed.refreshToken);
      expect((await emitAck(socket, 'session:renew', { token: renewed.accessToken })).ok).to.equal(true);
      socket.close();

      // The metrics token, presented from "outside".
      await metrics(logged.url, { 'x-forwarded-for': '198.51.100.20', authorization: `Bearer ${METRICS_TOKEN}` });
      await sleep(300);

      const out = logged.output();
      // The log is there (so the absence below means something): requests, refusals, collab.
      expect(out).to.include('"url":"/api/auth/refresh"');
      expect(out).to.include('"url":"/api/no-such-route?token=[redacted]"');
      expect(out).to.include('collab: connection refused (ticket)');
      expect(out.length).to.be.greaterThan(2000);
      for (const s of new Set(secrets)) {
        expect(s.length, 'a secret too short to search for').to.be.at.least(8);
        expect(out.includes(s), `a secret (${s.slice(0, 6)}…) appears in the log`).to.equal(false);
        // Tokens are JWTs: no part of one (its signature) either.
        for (const part of s.split('.').filter((p) => p.length >= 20)) expect(out.includes(part), 'a piece of a token in the log').to.equal(false);
      }
      expect(out).not.to.match(/Bearer\s+\S{8,}/i);
      expect(out).not.to.match(/zc_refresh=[^;\s"]{8,}/);
    });
  });

  describe('the built client under the CSP (Chromium)', () => {
    const DIST = path.resolve('client/dist/index.html');
    let browser: Browser;
    before(async function () {
      if (!fs.existsSync(DIST)) throw new Error('client/dist is missing: run `npm run build` first');
      fs.mkdirSync('test-results', { recursive: true });
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
    });

    it('loads, signs in, opens its Socket.IO WebSocket and may open /collab/ without a CSP violation', async () => {
      const org = await buildOrg();
      await withKnownPassword(org.admin);
      const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
      const page: Page = await context.newPage();
      const problems: string[] = [];
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (msg) => {
        if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(`console: ${msg.text()}`);
      });
      await page.addInitScript(() => {
        const w = window as unknown as { __csp: string[] };
        w.__csp = [];
        document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
      });
      const sockets: string[] = [];
      page.on('websocket', (ws) => sockets.push(ws.url()));
      try {
        await page.goto(`${server().url}/login`);
        await page.fill('input[name=username]', org.admin.username);
        await page.fill('input[name=password]', TEST_PASSWORD);
        await page.click('[data-testid=sign-in] button[type=submit]');
        await page.waitForURL((u) => !u.pathname.startsWith('/login'), { timeout: 10_000 });
        // The stylesheet applied (a CSP that blocked it would leave the default white body).
        const styled = await page.evaluate(() => document.styleSheets.length);
        expect(styled).to.be.at.least(1);
        for (let i = 0; i < 100 && !sockets.some((u) => u.includes('/socket.io/')); i++) await sleep(50);
        expect(sockets.some((u) => /^ws:\/\/127\.0\.0\.1:\d+\/socket\.io\//.test(u)), sockets.join(' ')).to.equal(true);
        // Statistics draw with ECharts (inline styles, canvas).
        await page.goto(`${server().url}/after/statistics`);
        await page.waitForLoadState('networkidle');
        // A /collab/ WebSocket to the same origin is allowed by the CSP (the server refuses the bogus ticket).
        const collab = await page.evaluate(
          () =>
            new Promise<string>((resolve) => {
              // window.WebSocket: the page's own (this file's `WebSocket` is the ws package).
              const w = new window.WebSocket(`${location.origin.replace(/^http/, 'ws')}/collab/m1.a1.overall?ticket=not-a-ticket`);
              w.onclose = (e) => resolve(`closed ${e.code}`);
              setTimeout(() => resolve('no answer'), 3000);
            }),
        );
        expect(collab).to.match(/^closed \d+$/);
        expect(sockets.some((u) => u.includes('/collab/'))).to.equal(true);
        await screenshot(page, 'hardening-csp-statistics');
        const violations = await page.evaluate(() => (window as unknown as { __csp: string[] }).__csp);
        expect(violations, 'CSP violations').to.deep.equal([]);
        expect(problems).to.deep.equal([]);
      } finally {
        await context.close();
      }
    });
  });
});
