import { UniqueConstraintError } from 'sequelize';
import { conflict } from '../../errors';
import { inTransaction } from '../../tx';
import type { BallotAck } from '../../../realtime/events';
import { log } from '../../logger';
import { checkBallotSheets, closeIfComplete, writeBallotSheets, type CheckedSheet, type RoundFacts, type SheetRequest } from './ballots';

/**
 * Group commit for ballot sheets. One transaction per sheet made every sheet of a round wait its
 * turn on the round row (each holding it for a dozen statements and a COMMIT): about 50 sheets/s
 * for a committee of 200. Here sheets that arrive while a batch is in flight wait for the next one
 * and are checked and written together: an idle server handles a sheet at once, a busy one tens
 * per COMMIT, with the same few queries whatever the batch size. Nobody is answered "accepted"
 * before the transaction holding their sheet has committed.
 */
interface Job {
  request: SheetRequest;
  answers: Array<{ resolve: (a: BallotAck) => void; reject: (e: unknown) => void }>;
}

export interface WriterOptions {
  /** Batches in flight at once (one is read and checked while another commits). */
  parallel: number;
  /** Largest number of sheets in one batch. */
  maxBatch: number;
  /** Told after each commit which rounds got sheets, and how many sheets and ballots. */
  afterCommit: (rounds: RoundFacts[], sheets: number, ballots: number) => void;
}

const alreadyVoted = () => conflict('already_voted', 'You have already submitted your ballot sheet for this vote');

export class BallotWriter {
  private queue: Job[] = [];
  private inFlight = 0;
  private inFlightSheets = 0;
  constructor(private readonly opts: WriterOptions) {}

  submit(request: SheetRequest): Promise<BallotAck> {
    return new Promise((resolve, reject) => {
      // The same expert's sheet twice before either is handled (a quick resend): one job.
      const same = this.queue.find((j) => j.request.input.roundId === request.input.roundId && j.request.actor.id === request.actor.id);
      if (same) {
        if (same.request.input.idempotencyKey !== request.input.idempotencyKey) reject(alreadyVoted());
        else same.answers.push({ resolve: (a) => resolve({ ...a, duplicate: true }), reject });
        return;
      }
      this.queue.push({ request, answers: [{ resolve, reject }] });
      this.pump();
    });
  }

  /** Sheets waiting or being written on this node. */
  pending(): number {
    return this.queue.length + this.inFlightSheets;
  }

  private pump() {
    while (this.inFlight < this.opts.parallel && this.queue.length) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      this.inFlightSheets += batch.length;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.inFlightSheets -= batch.length;
        this.pump();
      });
    }
  }

  private async flush(batch: Job[]): Promise<void> {
    let outcomes;
    try {
      outcomes = await checkBallotSheets(batch.map((j) => j.request));
    } catch (e) {
      for (const j of batch) for (const a of j.answers) a.reject(e);
      return;
    }
    const toWrite: Array<{ job: Job; sheet: CheckedSheet }> = [];
    outcomes.forEach((o, i) => {
      const job = batch[i];
      if ('sheet' in o) toWrite.push({ job, sheet: o.sheet });
      else if ('answer' in o) for (const a of job.answers) a.resolve(o.answer);
      else for (const a of job.answers) a.reject(o.error);
    });
    if (toWrite.length === 0) return;

    let result;
    try {
      result = await inTransaction((t) => writeBallotSheets(toWrite.map((w) => w.sheet), t));
    } catch (e) {
      if (e instanceof UniqueConstraintError) {
        // A copy of one of these sheets was written meanwhile (another node, a retry): handle each
        // on its own, so that copy is answered from what is stored and the others still count.
        if (toWrite.length > 1) {
          for (const w of toWrite) await this.flush([w.job]);
          return;
        }
        // Checked again, it finds the stored row: the same key is a resend, another is a second sheet.
        const [again] = await checkBallotSheets([toWrite[0].job.request]).catch((err: unknown) => [{ error: err }]);
        const answers = toWrite[0].job.answers;
        if ('answer' in again) for (const a of answers) a.resolve(again.answer);
        else for (const a of answers) a.reject('error' in again ? again.error : alreadyVoted());
        return;
      }
      for (const w of toWrite) for (const a of w.job.answers) a.reject(e);
      return;
    }
    const rounds = [...new Map(result.written.map((s) => [s.round.id, s.round])).values()];
    if (rounds.length) {
      // Committed: a failure to close now must not turn an accepted sheet into an error.
      await closeIfComplete(rounds, result.written.at(-1)!.actorId).catch((e: unknown) => log.error({ err: e }, 'closing a completed round failed'));
    }
    const jobOf = new Map(toWrite.map((w) => [w.sheet, w.job]));
    for (const s of result.written) for (const a of jobOf.get(s)!.answers) a.resolve({ roundId: s.round.id, accepted: true, duplicate: false });
    for (const s of result.closed) for (const a of jobOf.get(s)!.answers) a.reject(conflict('round_closed', 'The vote is closed; nothing more is accepted'));
    if (rounds.length) this.opts.afterCommit(rounds, result.written.length, result.written.reduce((n, s) => n + s.choices.length, 0));
  }
}
