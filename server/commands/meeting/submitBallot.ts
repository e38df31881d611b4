import type { Actor } from '../../policies';
import type { BallotAck, BallotSheetInput } from '../../../realtime/events';
import type { RoundFacts } from './ballots';
import { countBallotSheets } from '../../metrics';
import { BallotWriter } from './ballotWriter';
import { RoundProgress, type ClaimRounds } from './roundProgress';

export interface VotingSettings {
  /** Longest a room waits for a new count (ms); the first count after a quiet spell goes at once. */
  progressIntervalMs: number;
  /** Largest number of ballot sheets written in one transaction. */
  maxBatch: number;
  /** Ballot-sheet transactions in flight at once per node. */
  parallel: number;
}

export const DEFAULT_VOTING_SETTINGS: VotingSettings = { progressIntervalMs: 50, maxBatch: 100, parallel: 2 };

let progress: RoundProgress | null = null;
let writer: BallotWriter | null = null;

/** Sets the node's voting pipeline up (the meeting area's start); tests get the defaults. */
export function configureVoting(settings: VotingSettings, claim?: ClaimRounds) {
  progress?.stop();
  progress = new RoundProgress(settings.progressIntervalMs, claim);
  writer = new BallotWriter({ parallel: settings.parallel, maxBatch: settings.maxBatch, afterCommit });
}

/** A graceful stop: sheets already taken are written and answered (for up to 5 s) before the sockets close. */
export async function stopVoting() {
  for (let waited = 0; (writer?.pending() ?? 0) > 0 && waited < 5000; waited += 20) await new Promise((r) => setTimeout(r, 20));
  progress?.stop();
}

function pipeline() {
  if (!writer) configureVoting(DEFAULT_VOTING_SETTINGS);
  return { writer: writer!, progress: progress! };
}

/** Sheets accepted but not yet committed on this node. */
export const ballotsInFlight = () => writer?.pending() ?? 0;

function afterCommit(rounds: RoundFacts[], sheets: number, ballots: number) {
  countBallotSheets(sheets, ballots);
  for (const round of rounds) pipeline().progress.changed(round);
}

/**
 * The one entry for a ballot sheet, shared by the socket and REST: checked and written with the
 * other sheets of the moment, answered only after commit. A resent sheet gets the first answer.
 * `tokenVersion`: the socket path has not re-read the account for this event; the batch does.
 */
export function submitBallotSheet(actor: Actor, input: BallotSheetInput, opts: { tokenVersion?: number } = {}): Promise<BallotAck> {
  return pipeline().writer.submit({ actor, input, tokenVersion: opts.tokenVersion });
}
