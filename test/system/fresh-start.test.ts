import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api } from '../helpers/api';
import { startFreshEmbedded, type FreshProc } from '../helpers/freshProcess';

/**
 * "On a fresh clone, `npm install && npm start` with no environment serves the client and
 * /api/health answers ok, on SQLite; prov-admin can sign in." The server is started in an empty
 * working directory with no DATABASE_URL, REDIS_URL or DATA_DIR: everything it keeps goes to ./data.
 */
describe('a fresh start on the embedded default (no DATABASE_URL, no REDIS_URL, no DATA_DIR)', function () {
  this.timeout(300_000);
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'zc-fresh-'));
  let node: FreshProc | null = null;

  before(async () => {
    node = await startFreshEmbedded(cwd);
  });
  after(async () => {
    await node?.stop();
    fs.rmSync(cwd, { recursive: true, force: true });
  });

  it('says where it runs and on what, and keeps its SQLite file and generated keys under ./data', async () => {
    const out = node!.output();
    expect(out).to.match(/First start: loading the demo data/);
    expect(out).to.include(`database: embedded SQLite (${path.join(fs.realpathSync(cwd), 'data')})`);
    expect(out).to.include('realtime: one node, in-process');
    expect(out).to.include('prov-admin / Demo#2026');
    const data = path.join(cwd, 'data');
    const sqlite = fs.readdirSync(data).filter((f) => f.endsWith('.sqlite'));
    expect(sqlite, 'one SQLite file in ./data').to.have.length(1);
    expect(fs.statSync(path.join(data, sqlite[0])).size).to.be.greaterThan(100_000);
    expect(fs.readdirSync(path.join(data, 'keys')).length, 'generated signing keys').to.be.greaterThan(0);
  });

  it('GET /api/health answers ok with database sqlite and realtime in-process', async () => {
    const res = await api(null, node!.url).get('/health');
    expect(res.status).to.equal(200);
    expect(res.body.status).to.equal('ok');
    expect(res.body.database).to.include({ ok: true, dialect: 'sqlite' });
    expect(res.body.redis).to.include({ ok: true, mode: 'in-process' });
    expect((await api(null, node!.url).get('/health/ready')).status).to.equal(200);
  });

  it('GET / serves the built client (its HTML shell and the script it loads); client routes get the shell too', async () => {
    const res = await fetch(`${node!.url}/`);
    expect(res.status).to.equal(200);
    expect(res.headers.get('content-type')).to.match(/text\/html/);
    const html = await res.text();
    expect(html).to.include('<title>职称评审系统</title>');
    expect(html).to.include('<div id="root"></div>');
    const script = /<script type="module"[^>]*src="(\/assets\/[^"]+\.js)"/.exec(html);
    expect(script, 'the shell loads a built script').to.not.equal(null);
    const js = await fetch(`${node!.url}${script![1]}`);
    expect(js.status).to.equal(200);
    expect(js.headers.get('content-type')).to.match(/javascript/);
    expect((await js.text()).length).to.be.greaterThan(1000);
    const deep = await fetch(`${node!.url}/orgs`);
    expect(deep.status).to.equal(200);
    expect(await deep.text()).to.equal(html);
  });

  it('prov-admin / Demo#2026 signs in (200, tokens, no forced change) and sees province 13', async () => {
    const res = await api(null, node!.url).post('/auth/login', { username: 'prov-admin', password: 'Demo#2026' });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(res.body.accessToken).to.be.a('string').with.length.greaterThan(20);
    expect(res.body.refreshToken).to.be.a('string').with.length.greaterThan(20);
    expect(res.body.mustChangePassword).to.equal(false);
    expect(res.body.account).to.include({ username: 'prov-admin', role: 'admin' });
    expect(res.body.org).to.include({ code: '13' });
    const me = await api(res.body.accessToken, node!.url).get('/auth/me');
    expect(me.status).to.equal(200);
    expect(me.body.can).to.include('org:create');
    const wrong = await api(null, node!.url).post('/auth/login', { username: 'prov-admin', password: 'Demo#2025' });
    expect(wrong.status).to.equal(401);
  });
});
