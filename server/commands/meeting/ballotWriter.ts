import { UniqueConstraintError } from 'sequelize';
import { conflict } from '../../errors';
import { inTransaction } from '../../tx';
import type { BallotAck } from '../../../realtime/events';
import { earlierAnswer, writeBallotSheets, type CheckedSheet, type WrittenRound } from './ballots';

/**
 * Group commit for ballot sheets. One transaction per sheet made every sheet of a round wait its
 * turn on the round row (each holding it for a dozen statements and a COMMIT): about 50 sheets/s.
 * Here sheets that arrive while a write is in flight wait for the next one and are written
 * together: an idle server writes a sheet at once, a busy one writes tens per COMMIT. Nobody is
 * answered before the transaction holding their sheet has committed.
 */
interface Job {
  sheet: CheckedSheet;
  answers: Array<{ resolve: (a: BallotAck) => void; reject: (e: unknown) => void }>;
}

export interface WriterOptions {
  /** Transactions in flight at once (one prepares while the other commits). */
  parallel: number;
  /** Largest number of sheets in one transaction. */
  maxBatch: number;
  /** Told after each commit which rounds changed, with their counts. */
  afterCommit: (rounds: WrittenRound[]) => void;
}

export class BallotWriter {
  private queue: Job[] = [];
  private inFlight = 0;
  constructor(private readonly opts: WriterOptions) {}

  write(sheet: CheckedSheet): Promise<BallotAck> {
    return new Promise((resolve, reject) => {
      // The same expert's sheet twice before either is written (a quick resend): one job.
      const same = this.queue.find((j) => j.sheet.round.id === sheet.round.id && j.sheet.meetingExpertId === sheet.meetingExpertId);
      if (same) {
        if (same.sheet.idempotencyKey !== sheet.idempotencyKey) {
          reject(conflict('already_voted', 'You have already submitted your ballot sheet for this vote'));
          return;
        }
        same.answers.push({ resolve: (a) => resolve({ ...a, duplicate: true }), reject });
        return;
      }
      this.queue.push({ sheet, answers: [{ resolve, reject }] });
      this.pump();
    });
  }

  /** Sheets waiting or being written (for metrics and a graceful stop). */
  pending(): number {
    return this.queue.length + this.inFlight;
  }

  private pump() {
    while (this.inFlight < this.opts.parallel && this.queue.length) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      this.inFlight++;
      void this.flush(batch).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async flush(batch: Job[]): Promise<void> {
    let result;
    try {
      result = await inTransaction((t) => writeBallotSheets(batch.map((j) => j.sheet), t));
    } catch (e) {
      if (e instanceof UniqueConstraintError) {
        // A copy of one of these sheets was written meanwhile (another node, a retry): write the
        // others on their own so only that one is answered from what is stored.
        if (batch.length > 1) {
          for (const j of batch) await this.flush([j]);
          return;
        }
        await this.answerFromStore(batch[0]);
        return;
      }
      for (const j of batch) for (const a of j.answers) a.reject(e);
      return;
    }
    for (const j of result.written) {
      const job = batch.find((b) => b.sheet === j)!;
      for (const a of job.answers) a.resolve({ roundId: j.round.id, accepted: true, duplicate: false });
    }
    for (const j of result.closed) {
      const job = batch.find((b) => b.sheet === j)!;
      for (const a of job.answers) a.reject(conflict('round_closed', 'The vote is closed; nothing more is accepted'));
    }
    if (result.rounds.length) this.opts.afterCommit(result.rounds);
  }

  private async answerFromStore(job: Job) {
    const s = job.sheet;
    try {
      const answer = await earlierAnswer(s.round.id, s.meetingExpertId, s.idempotencyKey);
      if (!answer) throw conflict('already_voted', 'You have already submitted your ballot sheet for this vote');
      for (const a of job.answers) a.resolve(answer);
    } catch (e) {
      for (const a of job.answers) a.reject(e);
    }
  }
}
