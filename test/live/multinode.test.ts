import { expect } from 'chai';
import crypto from 'node:crypto';
import { api } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { connect, collect, emitAck, sleep, type ClientSocket } from '../helpers/sockets';
import { spawnNode, type SpawnedNode } from '../helpers/nodes';
import { buildMeeting, reviewGroup, signIn, tokensFor } from '../helpers/meeting';
import { BallotSheet, RoundVoter, VoteRound } from '../../models';

const key = () => crypto.randomUUID();

describe('live meeting across two server processes', function () {
  this.timeout(120000);
  let a: SpawnedNode;
  let b: SpawnedNode;
  before(async () => {
    [a, b] = await Promise.all([spawnNode(), spawnNode()]);
  });
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  async function setup() {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 3, extraMembers: 6, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    await signIn(m, await tokenFor(m.staff));
    await reviewGroup(m, 0, tokens);
    return { m, tokens };
  }

  it('experts on both nodes vote at once; every watcher and every expert in the room, on both nodes, sees the same counts and tally', async () => {
    const { m, tokens } = await setup();
    const watchers = [await connect(await tokenFor(m.supervisor, a.url), a.url), await connect(await tokenFor(m.staff, b.url), b.url)];
    for (const w of watchers) expect((await emitAck(w, 'room:join', { room: `watch:${m.meeting.id}` })).ok).to.equal(true);
    const progress = watchers.map((w) => collect(w, 'round:progress'));
    const closed = watchers.map((w) => collect(w, 'round:closed'));
    const experts: ClientSocket[] = [];
    try {
      const chairToken = tokens.get(m.chair.account.id)!;
      const round = (await api(chairToken, a.url).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
      expect(round.present).to.equal(9);
      for (let i = 0; i < 9; i++) {
        const node = i % 2 ? b : a;
        const s = await connect(tokens.get(m.accounts[i].id)!, node.url);
        // The experts hear the committee vote in the meeting room (not the watchers' room).
        expect((await emitAck(s, 'room:join', { room: `meeting:${m.meeting.id}` })).ok).to.equal(true);
        experts.push(s);
      }
      const expertProgress = experts.map((s) => collect(s, 'round:progress'));
      const expertClosed = experts.map((s) => collect(s, 'round:closed'));
      const acks = await Promise.all(
        experts.map((s, i) =>
          emitAck(s, 'ballot:submit', {
            roundId: round.id,
            idempotencyKey: key(),
            choices: m.applicants.map((ap, k) => ({ meetingApplicantId: ap.id, choice: i < 6 + k - 1 ? 'yes' : 'no' })),
          }),
        ),
      );
      expect(acks.every((x) => x.ok)).to.equal(true);
      for (const p of progress) {
        while (!p.some((e) => e.data.roundId === round.id && e.data.voted === 9)) await sleep(20);
      }
      // Counts are coalesced (a few per second per room, from either node), but in sequence order
      // they never go down, and both watchers heard the same announcements whichever node they are on.
      const seen = progress.map((p) => p.filter((e) => e.data.roundId === round.id).sort((x, y) => x.seq - y.seq).map((e) => e.data.voted));
      for (const counts of seen) {
        expect(counts.at(-1)).to.equal(9);
        expect(counts).to.deep.equal([...counts].sort((x, y) => x - y));
      }
      expect(seen[0]).to.deep.equal(seen[1]);
      // The nine experts, five on A and four on B, heard the meeting room's same counts in the same order.
      for (const p of expertProgress) {
        while (!p.some((e) => e.data.roundId === round.id && e.data.voted === 9)) await sleep(20);
      }
      const heard = expertProgress.map((p) => p.filter((e) => e.data.roundId === round.id).map((e) => [e.room, e.seq, e.data.voted]));
      for (const h of heard) {
        expect(h.every(([room]) => room === `meeting:${m.meeting.id}`)).to.equal(true);
        expect(h.map(([, , v]) => v).at(-1)).to.equal(9);
      }
      const onA = heard.filter((_, i) => i % 2 === 0);
      const onB = heard.filter((_, i) => i % 2 === 1);
      for (const h of [...onA.slice(1), ...onB]) expect(h).to.deep.equal(onA[0]);

      await api(chairToken, b.url).post(`/rounds/${round.id}/close`);
      for (const c of closed) while (!c.some((e) => e.data.roundId === round.id)) await sleep(20);
      const [ra, rb] = closed.map((c) => c.find((e) => e.data.roundId === round.id)!.data);
      expect(ra).to.deep.equal(rb);
      for (const c of expertClosed) {
        while (!c.some((e) => e.data.roundId === round.id)) await sleep(20);
        expect(c.find((e) => e.data.roundId === round.id)!.data).to.deep.equal(ra);
      }
      // applicant k gets 5 + k yes of 9 present: 6 and 7 pass (≥ 6), 5 fails.
      expect(ra.results.map((r: any) => [r.yes, r.passed])).to.deep.equal([
        [5, false],
        [6, true],
        [7, true],
      ]);
    } finally {
      for (const s of [...experts, ...watchers]) s.close();
    }
  });

  it('the same sheet sent twice, to both nodes at once, is stored once', async () => {
    const { m, tokens } = await setup();
    const chairToken = tokens.get(m.chair.account.id)!;
    const round = (await api(chairToken, a.url).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
    const token = tokens.get(m.accounts[2].id)!;
    const [sa, sb] = [await connect(token, a.url), await connect(token, b.url)];
    try {
      const sheet = { roundId: round.id, idempotencyKey: key(), choices: m.applicants.map((ap) => ({ meetingApplicantId: ap.id, choice: 'yes' })) };
      const acks = await Promise.all([emitAck(sa, 'ballot:submit', sheet), emitAck(sb, 'ballot:submit', sheet), emitAck(sa, 'ballot:submit', sheet)]);
      expect(acks.every((x) => x.ok)).to.equal(true);
      expect(acks.filter((x: any) => x.data.duplicate === false)).to.have.length(1);
      expect(await RoundVoter.count({ where: { roundId: round.id } })).to.equal(1);
      expect(await BallotSheet.count({ where: { roundId: round.id } })).to.equal(1);
    } finally {
      sa.close();
      sb.close();
    }
  });

  it('a node killed mid-vote loses no acknowledged ballot; clients reconnect to the other node and see the database tally', async () => {
    const { m, tokens } = await setup();
    const chairToken = tokens.get(m.chair.account.id)!;
    const c = await spawnNode();
    let killed = false;
    const sockets: ClientSocket[] = [];
    try {
      const round = (await api(chairToken, c.url).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body;
      const sheets = m.accounts.slice(0, 9).map((_, i) => ({
        roundId: round.id,
        idempotencyKey: key(),
        choices: m.applicants.map((ap) => ({ meetingApplicantId: ap.id, choice: i % 3 === 0 ? 'no' : 'yes' })),
      }));
      for (let i = 0; i < 9; i++) sockets.push(await connect(tokens.get(m.accounts[i].id)!, c.url));
      // Five ballots are acknowledged by node C; then it dies without a goodbye.
      const acked: number[] = [];
      for (let i = 0; i < 5; i++) {
        const ack = await emitAck(sockets[i], 'ballot:submit', sheets[i]);
        if (ack.ok) acked.push(i);
      }
      expect(acked).to.deep.equal([0, 1, 2, 3, 4]);
      // Two more are in flight when it is killed: they may or may not have committed.
      const inFlight = [5, 6].map((i) => emitAck(sockets[i], 'ballot:submit', sheets[i], 3000).catch(() => null));
      await c.kill();
      killed = true;
      await Promise.all(inFlight);

      // Everyone reconnects to node B and (re)sends their sheet with the same key.
      const again = [];
      for (let i = 0; i < 9; i++) {
        const s = await connect(tokens.get(m.accounts[i].id)!, b.url);
        sockets.push(s);
        again.push(await emitAck(s, 'ballot:submit', sheets[i]));
      }
      expect(again.every((x) => x.ok)).to.equal(true);
      for (const i of acked) expect((again[i] as any).data.duplicate).to.equal(true);
      expect(await RoundVoter.count({ where: { roundId: round.id } })).to.equal(9);
      expect(await BallotSheet.count({ where: { roundId: round.id } })).to.equal(9);

      const snap = await api(chairToken, b.url).get(`/meetings/${m.meeting.id}/live`);
      expect(snap.body.rounds.find((r: any) => r.id === round.id).voted).to.equal(9);
      await api(chairToken, b.url).post(`/rounds/${round.id}/close`);
      const audit = (await api(chairToken, b.url).get(`/rounds/${round.id}/ballots`)).body;
      expect(audit.digest.intact).to.equal(true);
      expect(audit.results.every((r: any) => r.yes === 6 && r.no === 3)).to.equal(true);
      expect((await VoteRound.findByPk(round.id))!.status).to.equal('closed');
    } finally {
      for (const s of sockets) s.close();
      if (!killed) await c.kill();
    }
  });
});
