import { expect } from 'chai';
import { io } from 'socket.io-client';
import { api, login } from '../helpers/api';
import { buildAccount, buildOrg, tokenFor } from '../helpers/factories';
import { connect, emitAck, waitFor, collect, sleep } from '../helpers/sockets';
import { server } from '../helpers/setup';
import { TEST_PASSWORD } from '../helpers/env';

describe('realtime base', () => {
  it('refuses a handshake without a valid token', async () => {
    const socket = io(server().url, { auth: { token: 'nope' }, transports: ['websocket'], reconnection: false, forceNew: true });
    const err = await new Promise<Error & { data?: { code: string } }>((resolve) => socket.once('connect_error', resolve));
    expect(err.message).to.equal('token_invalid');
    expect(err.data?.code).to.equal('token_invalid');
    socket.close();
  });

  it('puts a socket in its user and org rooms, and org events carry increasing sequence numbers', async () => {
    const city = await buildOrg();
    const socket = await connect(await tokenFor(city.admin));
    try {
      const rooms = await emitAck(socket, 'session:rooms', {});
      expect(rooms.ok).to.equal(true);
      expect(Object.keys((rooms as { data: Record<string, number> }).data)).to.have.members([`user:${city.admin.id}`, `org:${city.org.id}`]);
      const seen = collect(socket, 'org:changed');
      const token = await tokenFor(city.admin);
      const a = await api(token).post('/orgs', { parentId: city.org.id, name: '甲单位', kind: 'employer', category: 'enterprise' });
      const b = await api(token).post('/orgs', { parentId: city.org.id, name: '乙单位', kind: 'employer', category: 'enterprise' });
      while (!seen.some((e) => e.data.childId === b.body.org.id)) await sleep(20);
      const created = seen.filter((e) => e.room === `org:${city.org.id}`);
      expect(created.map((e) => e.data.childId)).to.deep.equal([a.body.org.id, b.body.org.id]);
      expect(created[1].seq).to.equal(created[0].seq + 1);
      expect(created[0].data.change).to.equal('created');
    } finally {
      socket.close();
    }
  });

  it('lets a socket join only rooms its account may see', async () => {
    const city = await buildOrg();
    const county = await buildOrg({ parent: city });
    const stranger = await buildOrg();
    const socket = await connect(await tokenFor(city.admin));
    try {
      const ok = await emitAck(socket, 'room:join', { room: `org:${county.org.id}` });
      expect(ok).to.deep.include({ ok: true });
      const no = await emitAck(socket, 'room:join', { room: `org:${stranger.org.id}` });
      expect(no.ok).to.equal(false);
      expect((no as { error: { code: string } }).error.code).to.equal('room_forbidden');
      const other = await emitAck(socket, 'room:join', { room: `user:${stranger.admin.id}` });
      expect(other.ok).to.equal(false);
      const junk = await emitAck(socket, 'room:join', { room: 'user:1;drop' });
      expect(junk.ok).to.equal(false);
      const invalid = await emitAck(socket, 'room:join', { nope: 1 });
      expect((invalid as { error: { code: string } }).error.code).to.equal('validation_failed');
    } finally {
      socket.close();
    }
  });

  it('drops the sockets of an account whose password is reset, telling it why', async () => {
    const org = await buildOrg();
    const staff = await buildAccount(org, { role: 'staff' });
    const oldToken = await tokenFor(staff);
    const socket = await connect(oldToken);
    const ended = waitFor(socket, 'session:ended');
    const gone = new Promise<string>((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    const reset = await api(await tokenFor(org.admin)).post(`/accounts/${staff.id}/reset-password`);
    expect(reset.status).to.equal(200);
    expect(await ended).to.deep.equal({ reason: 'revoked' });
    expect(await gone).to.equal('io server disconnect');
    // The revoked (old) token, still validly signed and unexpired, no longer opens a socket.
    const s2 = io(server().url, { auth: { token: oldToken }, transports: ['websocket'], reconnection: false, forceNew: true });
    try {
      const outcome = await new Promise<{ connected: true } | { connected: false; err: Error & { data?: { code: string } } }>((resolve) => {
        s2.once('connect', () => resolve({ connected: true }));
        s2.once('connect_error', (err) => resolve({ connected: false, err }));
      });
      expect(outcome.connected, 'the revoked token opened a socket').to.equal(false);
      const err = (outcome as { err: Error & { data?: { code: string } } }).err;
      expect(err.message).to.equal('token_revoked');
      expect(err.data?.code).to.equal('token_revoked');
    } finally {
      s2.close();
    }
    // A fresh sign-in of another account still connects (the refusal is about that token only).
    const s3 = await connect((await login(org.admin.username, TEST_PASSWORD)).accessToken);
    s3.close();
  });

  it('renews a live socket with a fresh token of the same account only', async () => {
    const org = await buildOrg();
    const other = await buildOrg();
    const socket = await connect(await tokenFor(org.admin));
    try {
      const fresh = await tokenFor(org.admin);
      const ok = await emitAck(socket, 'session:renew', { token: fresh });
      expect(ok.ok).to.equal(true);
      const wrong = await emitAck(socket, 'session:renew', { token: await tokenFor(other.admin) });
      expect((wrong as { error: { code: string } }).error.code).to.equal('token_other_account');
      await sleep(10);
    } finally {
      socket.close();
    }
  });
});
