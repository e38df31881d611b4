import { expect } from 'chai';
import crypto from 'node:crypto';
import { api } from '../helpers/api';
import { tokenFor } from '../helpers/factories';
import { connect, collect, emitAck, sleep, type ClientSocket } from '../helpers/sockets';
import { spawnNode, type SpawnedNode } from '../helpers/nodes';
import { buildMeeting, reviewGroup, signIn, tokensFor } from '../helpers/meeting';
import { BallotSheet, RoundVoter } from '../../models';

/**
 * Ballot sheets are checked and written in batches (server/commands/meeting/ballotWriter.ts): many
 * sheets per transaction, an answer each, and the same guarantees as one at a time.
 */
const key = () => crypto.randomUUID();

describe('ballot sheets written in batches', function () {
  this.timeout(120000);
  let b: SpawnedNode;
  before(async () => {
    b = await spawnNode();
  });
  after(async () => {
    await b?.stop();
  });

  async function committee(members: number) {
    const m = await buildMeeting({ groups: 1, expertsPerGroup: 3, applicantsPerGroup: 2, extraMembers: members - 3, options: { requireGroupVote: false } });
    const tokens = await tokensFor(m.accounts);
    await signIn(m, await tokenFor(m.staff));
    await reviewGroup(m, 0, tokens);
    const chair = tokens.get(m.chair.account.id)!;
    const round = (await api(chair).post(`/meetings/${m.meeting.id}/rounds`, { kind: 'committee' })).body as { id: number; present: number };
    return { m, tokens, chair, round };
  }

  it('every sheet of a burst sent to both nodes at once is stored once, answered once as new and once as a duplicate', async () => {
    const { m, tokens, round } = await committee(25);
    const onA: ClientSocket[] = [];
    const onB: ClientSocket[] = [];
    try {
      for (const acc of m.accounts) {
        onA.push(await connect(tokens.get(acc.id)!));
        onB.push(await connect(tokens.get(acc.id)!, b.url));
      }
      const sheets = m.accounts.map((_, i) => ({
        roundId: round.id,
        idempotencyKey: key(),
        choices: m.applicants.map((ap, k) => ({ meetingApplicantId: ap.id, choice: (i + k) % 3 === 0 ? 'no' : 'yes' })),
      }));
      // Each sheet twice, on both nodes, all at once: batches on both nodes hold copies of each other's sheets.
      const acks = await Promise.all(sheets.flatMap((s, i) => [emitAck(onA[i], 'ballot:submit', s, 20000), emitAck(onB[i], 'ballot:submit', s, 20000)]));
      expect(acks.filter((a) => !a.ok)).to.deep.equal([]);
      expect(acks.filter((a: any) => a.data.duplicate === false)).to.have.length(25);
      expect(acks.filter((a: any) => a.data.duplicate === true)).to.have.length(25);
      expect(await RoundVoter.count({ where: { roundId: round.id } })).to.equal(25);
      expect(await BallotSheet.count({ where: { roundId: round.id } })).to.equal(25);
      // A second, different sheet from someone who voted: refused, nothing stored.
      const second = await emitAck(onB[3], 'ballot:submit', { ...sheets[3], idempotencyKey: key() });
      expect((second as any).error.code).to.equal('already_voted');
      expect(await RoundVoter.count({ where: { roundId: round.id } })).to.equal(25);
    } finally {
      for (const s of [...onA, ...onB]) s.close();
    }
  });

  it('a batch that straddles a close: each sheet is counted before the close or refused, and the tally is the stored sheets', async () => {
    const { m, tokens, chair, round } = await committee(25);
    const sockets = await Promise.all(m.accounts.map((a, i) => connect(tokens.get(a.id)!, i % 2 ? b.url : undefined)));
    try {
      const sends = sockets.map((s, i) =>
        sleep(i * 3).then(() =>
          emitAck(s, 'ballot:submit', { roundId: round.id, idempotencyKey: key(), choices: m.applicants.map((ap) => ({ meetingApplicantId: ap.id, choice: 'yes' })) }, 20000),
        ),
      );
      await sleep(30);
      const close = await api(chair, b.url).post(`/rounds/${round.id}/close`);
      const acks = await Promise.all(sends);
      expect(close.status).to.equal(200);
      const accepted = acks.filter((a) => a.ok).length;
      const refused = acks.filter((a: any) => !a.ok);
      expect(refused.every((a: any) => a.error.code === 'round_closed')).to.equal(true);
      expect(accepted + refused.length).to.equal(25);
      // The tally counts exactly the accepted sheets: nothing accepted was left out, nothing refused got in.
      expect(close.body.voted ?? (await RoundVoter.count({ where: { roundId: round.id } }))).to.equal(accepted);
      expect(await BallotSheet.count({ where: { roundId: round.id } })).to.equal(accepted);
    } finally {
      for (const s of sockets) s.close();
    }
  });

  it('round counts are coalesced: far fewer announcements than sheets, in order, ending at the roll', async () => {
    const { m, tokens, round } = await committee(25);
    const watcher = await connect(await tokenFor(m.supervisor), b.url);
    await emitAck(watcher, 'room:join', { room: `watch:${m.meeting.id}` });
    const progress = collect(watcher, 'round:progress');
    const sockets = await Promise.all(m.accounts.map((a, i) => connect(tokens.get(a.id)!, i % 2 ? b.url : undefined)));
    try {
      const acks = await Promise.all(
        sockets.map((s) => emitAck(s, 'ballot:submit', { roundId: round.id, idempotencyKey: key(), choices: m.applicants.map((ap) => ({ meetingApplicantId: ap.id, choice: 'yes' })) }, 20000)),
      );
      expect(acks.every((a) => a.ok)).to.equal(true);
      for (let n = 0; !progress.some((e) => e.data.voted === 25) && n < 100; n++) await sleep(20);
      const mine = progress.filter((e) => e.data.roundId === round.id).sort((x, y) => x.seq - y.seq);
      expect(mine.at(-1).data).to.deep.equal({ roundId: round.id, voted: 25, roll: 25 });
      expect(mine.length).to.be.lessThan(25);
      const counts = mine.map((e) => e.data.voted);
      expect(counts).to.deep.equal([...counts].sort((x, y) => x - y));
      // Sequence numbers are the room's, with no gap a client would take for a missed event.
      const seqs = mine.map((e) => e.seq);
      expect(new Set(seqs).size).to.equal(seqs.length);
    } finally {
      for (const s of [...sockets, watcher]) s.close();
    }
  });

  it('limits how fast one socket may send sheets; other sockets are not affected', async () => {
    const { m, tokens, round } = await committee(5);
    const noisy = await connect(tokens.get(m.accounts[1].id)!);
    const calm = await connect(tokens.get(m.accounts[2].id)!);
    try {
      const bad = { roundId: round.id, idempotencyKey: key(), choices: [] };
      const answers = [];
      for (let i = 0; i < 31; i++) answers.push(await emitAck(noisy, 'ballot:submit', bad));
      expect(answers.slice(0, 30).every((a: any) => a.error.code !== 'rate_limited')).to.equal(true);
      expect((answers[30] as any).error.code).to.equal('rate_limited');
      const ok = await emitAck(calm, 'ballot:submit', { roundId: round.id, idempotencyKey: key(), choices: m.applicants.map((ap) => ({ meetingApplicantId: ap.id, choice: 'yes' })) });
      expect(ok.ok).to.equal(true);
      expect(await RoundVoter.count({ where: { roundId: round.id } })).to.equal(1);
    } finally {
      noisy.close();
      calm.close();
    }
  });
});
