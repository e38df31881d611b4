import { publishReserved, reserveSeqs } from '../../announce';
import { inTransaction } from '../../tx';
import { log } from '../../logger';
import { roundRooms } from './rounds';
import { votedCounts, type RoundFacts } from './ballots';

/**
 * 投票进度: how many have voted, announced at most once per interval per node instead of once per
 * sheet. One broadcast per sheet cannot scale: 2,000 sheets/s into rooms of 40 is 80,000
 * deliveries/s, the whole machine's budget. The first sheet after a quiet spell is announced at
 * once; later ones wait for the next tick, so a count reaches the room at most one interval late.
 *
 * The count is read from the database after the rooms' sequence numbers are taken (their rows stay
 * locked until commit), so a later sequence number never carries a smaller count, whichever node
 * announces.
 *
 * Several nodes: each writes sheets of the same rounds, and each would announce every interval.
 * With `claim` (a short Redis key per round) only the node that claims a round in an interval
 * announces it; the others keep it pending and try again when the claim runs out, by which time the
 * count announced includes their sheets or they announce it themselves.
 */
export type ClaimRounds = (roundIds: number[], ms: number) => Promise<Set<number>>;

export class RoundProgress {
  private dirty = new Map<number, RoundFacts>();
  private timer: NodeJS.Timeout | null = null;
  private flushing = false;
  private last = 0;
  private failures = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly claim?: ClaimRounds,
  ) {}

  changed(round: RoundFacts) {
    this.dirty.set(round.id, round);
    this.schedule();
  }

  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule() {
    if (this.timer || this.flushing || this.dirty.size === 0) return;
    const wait = Math.max(0, this.last + this.intervalMs - Date.now());
    this.timer = setTimeout(() => void this.flush(), wait);
    this.timer.unref?.();
  }

  private async flush() {
    this.timer = null;
    this.flushing = true;
    this.last = Date.now();
    let rounds = [...this.dirty.values()];
    this.dirty.clear();
    if (this.claim) {
      const mine = await this.claim(rounds.map((r) => r.id), Math.max(5, this.intervalMs - 5)).catch(() => null);
      if (mine) {
        for (const r of rounds) if (!mine.has(r.id) && !this.dirty.has(r.id)) this.dirty.set(r.id, r);
        rounds = rounds.filter((r) => mine.has(r.id));
      }
    }
    try {
      if (rounds.length === 0) return;
      await inTransaction(async (t) => {
        // Taken before the counts are read: an acknowledgement stamped earlier than this is in them.
        const at = new Date();
        const pending = rounds.flatMap((r) => roundRooms(r).map((room) => ({ room, roundId: r.id })));
        const seqs = await reserveSeqs(t, pending.map((p) => p.room));
        const counts = await votedCounts(rounds.map((r) => r.id), t);
        const roll = new Map(rounds.map((r) => [r.id, r.present]));
        await publishReserved(
          t,
          seqs,
          pending.map((p) => ({ room: p.room, event: 'round:progress' as const, data: { roundId: p.roundId, voted: counts.get(p.roundId) ?? 0, roll: roll.get(p.roundId)! } })),
          at,
        );
      });
      this.failures = 0;
    } catch (e) {
      // The database is away (or busy): keep the rounds and try again, backing off to 2 s so an
      // outage is not hammered; whoever joins meanwhile gets the count in the snapshot.
      this.failures++;
      if (this.failures === 1 || this.failures % 20 === 0) log.warn({ err: (e as Error).message, failures: this.failures }, 'round progress not announced; trying again');
      this.last = Date.now() + Math.min(2000, this.intervalMs * 2 ** this.failures) - this.intervalMs;
      for (const r of rounds) if (!this.dirty.has(r.id)) this.dirty.set(r.id, r);
    } finally {
      this.flushing = false;
      this.schedule();
    }
  }
}
