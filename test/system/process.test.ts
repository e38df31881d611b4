import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { api, login } from '../helpers/api';
import { buildOrg, tokenFor } from '../helpers/factories';
import { connect, waitFor } from '../helpers/sockets';
import { spawnNode } from '../helpers/nodes';
import { TEST_PASSWORD } from '../helpers/env';

describe('the server process', function () {
  this.timeout(60000);

  it('refuses to start with an invalid configuration and says which variable is wrong', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: 'postgres://nope', PORT: 'abc' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise<number | null>((r) => child.once('exit', r));
    expect(code).to.equal(1);
    expect(err).to.include('Invalid configuration');
    expect(err).to.include('DATABASE_URL');
    expect(err).to.include('PORT');
    expect(err).not.to.match(/\n\s+at /); // no stack trace
  });

  it('rate-limits sign-in per address, and never logs a password or token', async () => {
    const node = await spawnNode({ LOGIN_RATE_LIMIT_PER_MINUTE: '3', LOG_LEVEL: 'info' });
    try {
      const org = await buildOrg();
      const ok = await login(org.admin.username, TEST_PASSWORD, node.url);
      await api(ok.accessToken, node.url).get('/auth/me');
      await api(null, node.url).post('/auth/login', { username: org.admin.username, password: 'Wrong#Secret77' });
      await api(null, node.url).post('/auth/login', { username: org.admin.username, password: 'Wrong#Secret77' });
      const limited = await api(null, node.url).post('/auth/login', { username: org.admin.username, password: TEST_PASSWORD });
      expect(limited.status).to.equal(429);
      expect(limited.body.error.code).to.equal('rate_limited');
      const out = node.output();
      expect(out).to.include('"url":"/api/auth/login"');
      for (const secret of [TEST_PASSWORD, 'Wrong#Secret77', ok.accessToken, ok.refreshToken]) expect(out).not.to.include(secret);
    } finally {
      await node.stop();
    }
  });

  it('drops a socket when its access token expires', async () => {
    const node = await spawnNode({ ACCESS_TOKEN_TTL_SECONDS: '2' });
    try {
      const org = await buildOrg();
      const socket = await connect(await tokenFor(org.admin, node.url), node.url);
      const ended = await waitFor(socket, 'session:ended', () => true, 6000);
      expect(ended).to.deep.equal({ reason: 'expired' });
      socket.close();
    } finally {
      await node.stop();
    }
  });

  it('shuts down gracefully on SIGTERM: sockets are closed (so clients reconnect elsewhere), the process exits 0', async () => {
    const node = await spawnNode();
    const org = await buildOrg();
    const socket = await connect(await tokenFor(org.admin, node.url), node.url);
    const gone = new Promise<string>((r) => socket.once('disconnect', (reason) => r(reason)));
    const started = Date.now();
    await node.stop();
    // "transport close" is the reason a socket.io client reconnects on by itself.
    expect(await gone).to.equal('transport close');
    expect(node.child.exitCode).to.equal(0);
    expect(Date.now() - started).to.be.lessThan(5000);
  });
});
