import crypto from 'node:crypto';
import type { Table } from '../lib/table';
import { IN_MEETING, MEETING_ROSTER, SIGNED_IN, UNIT } from './who';

/** Who may look at applicant A1's materials (group 1): the unit, the city supervisor, its group's experts and the chair, but not the recused expert. */
const READS_A1 = [...UNIT, 'supervisor', 'chair', 'member', 'groupLeader'] as const;
const ballot = (ids: number[]) => ({ idempotencyKey: crypto.randomUUID(), choices: ids.map((meetingApplicantId) => ({ meetingApplicantId, choice: 'yes' })) });

/** The live meeting (DESIGN §9–10): group 1 reviewed, confirmed and voting; group 2 under review. */
export const live: Table = {
  // Watching: the unit's staff, the supervisors above, the meeting's experts (not the offices, not outsiders).
  'GET /meetings/:id/live': { allow: [...UNIT, 'supervisor', ...IN_MEETING], params: (w) => ({ id: w.ids.live }) },
  'POST /meetings/:id/start': { label: 'the setup meeting (not ready: 409)', allow: UNIT, phase: 8, params: (w) => ({ id: w.ids.setup }) },
  'POST /meetings/:id/copy': { allow: UNIT, phase: 8, params: (w) => ({ id: w.ids.live }), body: () => ({}) },
  // 签到: the unit's staff, or the expert itself (signInBy: both).
  'POST /meetings/:id/attendance': { label: 'the member', allow: [...UNIT, 'member'], params: (w) => ({ id: w.ids.live }), body: (w) => ({ meetingExpertId: w.ids.meMember, present: true }) },
  'POST /groups/:id/distribution': [
    { label: 'group 1 (its leader)', allow: ['groupLeader'], params: (w) => ({ id: w.ids.liveG1 }), body: (w) => ({ items: [{ meetingApplicantId: w.ids.liveA2, reviewers: [{ meetingExpertId: w.ids.meMember, role: 'main' }, { meetingExpertId: w.ids.meChair, role: 'secondary' }] }] }) },
    { label: "group 2 (someone else's group)", allow: [], params: (w) => ({ id: w.ids.liveG2 }), body: (w) => ({ items: [{ meetingApplicantId: w.ids.liveA3, reviewers: [{ meetingExpertId: w.ids.meMember, role: 'main' }, { meetingExpertId: w.ids.meChair, role: 'secondary' }] }] }) },
  ],
  'POST /groups/:id/distribution/all': [
    { label: 'group 1', allow: ['groupLeader'], params: (w) => ({ id: w.ids.liveG1 }), body: () => ({ perApplicant: 2 }) },
    { label: 'group 2', allow: [], params: (w) => ({ id: w.ids.liveG2 }), body: () => ({ perApplicant: 2 }) },
  ],
  'POST /groups/:id/start-review': [
    { label: 'group 1', allow: ['groupLeader'], params: (w) => ({ id: w.ids.liveG1 }) },
    { label: 'group 2', allow: [], params: (w) => ({ id: w.ids.liveG2 }) },
  ],
  // Only the assigned expert writes its review.
  'PUT /assignments/:id/draft': [
    { label: "the member's (final: 409)", allow: ['member'], params: (w) => ({ id: w.ids.asgMember }), body: () => ({ opinions: { overall: '草稿' } }) },
    { label: "a group 2 expert's", allow: [], params: (w) => ({ id: w.ids.asgG2 }), body: () => ({ opinions: { overall: '草稿' } }) },
  ],
  'POST /assignments/:id/finish': [
    { label: "the member's (final: 409)", allow: ['member'], params: (w) => ({ id: w.ids.asgMember }), body: () => ({ opinions: { overall: '同意' }, verdict: 'confirm' }) },
    { label: "a group 2 expert's", allow: [], params: (w) => ({ id: w.ids.asgG2 }), body: () => ({ opinions: { overall: '同意' }, verdict: 'confirm' }) },
  ],
  'POST /meeting-applicants/:id/reopen': { label: 'group 1 applicant', allow: ['groupLeader'], phase: 7, params: (w) => ({ id: w.ids.liveA2 }), body: () => ({ reason: '主审意见有误' }) },
  'POST /groups/:id/confirm': [
    { label: 'group 1', allow: ['groupLeader'], params: (w) => ({ id: w.ids.liveG1 }) },
    { label: 'group 2', allow: [], params: (w) => ({ id: w.ids.liveG2 }) },
  ],
  'POST /groups/:id/chair-confirm': [
    { label: 'group 1', allow: ['chair'], params: (w) => ({ id: w.ids.liveG1 }) },
    { label: 'group 2', allow: ['chair'], params: (w) => ({ id: w.ids.liveG2 }) },
  ],
  // 发起投票: the group's leader for a group vote; the chair or the unit for the committee vote.
  'POST /meetings/:id/rounds': [
    { label: 'group 1 vote (already open: 409)', allow: ['groupLeader'], params: (w) => ({ id: w.ids.live }), body: (w) => ({ kind: 'group', groupId: w.ids.liveG1 }) },
    { label: "group 2 vote (someone else's group)", allow: [], params: (w) => ({ id: w.ids.live }), body: (w) => ({ kind: 'group', groupId: w.ids.liveG2 }) },
    { label: 'committee vote (not ready: 409)', allow: ['chair', ...UNIT], params: (w) => ({ id: w.ids.live }), body: () => ({ kind: 'committee' }) },
  ],
  // Group 1's open vote: its members vote once each (a sheet covers every applicant); the recused
  // expert never on applicant A1, whose sheet covers A2 alone. The chair has voted already (409).
  'POST /rounds/:id/ballots': [
    { label: 'a sheet on A1 and A2 (the recused expert is refused)', allow: ['member', 'groupLeader', 'chair'], refuses: ['recused'], phase: 1, params: (w) => ({ id: w.ids.liveRound }), body: (w) => ballot([w.ids.liveA1, w.ids.liveA2]) },
    { label: "each one's own sheet", allow: IN_MEETING, phase: 2, params: (w) => ({ id: w.ids.liveRound }), body: (w, a) => ballot(a === 'recused' ? [w.ids.liveA2] : [w.ids.liveA1, w.ids.liveA2]) },
  ],
  'POST /rounds/:id/close': { label: 'group 1 vote', allow: ['groupLeader'], phase: 3, params: (w) => ({ id: w.ids.liveRound }) },
  'POST /rounds/:id/confirm': { label: 'group 1 vote', allow: ['groupLeader'], phase: 4, params: (w) => ({ id: w.ids.liveRound }) },
  // After close: the chair, the unit and the supervisors above; never every expert.
  'GET /rounds/:id/ballots': [
    { label: 'group 1 vote', allow: ['chair', ...UNIT, 'supervisor'], phase: 4, params: (w) => ({ id: w.ids.liveRound }) },
    { label: "the decided meeting's committee vote", allow: [...UNIT, 'supervisor'], params: (w) => ({ id: w.ids.decidedRound }) },
  ],
  'POST /rounds/:id/send-back': { label: 'group 1 vote', allow: ['supervisor'], phase: 5, params: (w) => ({ id: w.ids.liveRound }), body: () => ({ reason: '程序有误，重新表决' }) },
  // The meeting record (Art. 23) reads like the ballots.
  'GET /meetings/:id/record': [
    { label: 'the running meeting', allow: ['chair', ...UNIT, 'supervisor'], params: (w) => ({ id: w.ids.live }) },
    { label: 'the decided meeting', allow: [...UNIT, 'supervisor'], params: (w) => ({ id: w.ids.decided }) },
  ],
  'GET /meetings/:id/record.xlsx': { label: 'the running meeting', allow: ['chair', ...UNIT, 'supervisor'], params: (w) => ({ id: w.ids.live }) },
  'GET /meeting-applicants/:id/materials': [
    { label: 'A1 (group 1; the recused expert is out)', allow: READS_A1, params: (w) => ({ id: w.ids.liveA1 }) },
    { label: "A3 (group 2: the chair, not group 1's experts)", allow: [...UNIT, 'supervisor', 'chair'], params: (w) => ({ id: w.ids.liveA3 }) },
  ],
  'GET /meeting-applicants/:id/files/:fileId': { label: "A1's file", allow: READS_A1, params: (w) => ({ id: w.ids.liveA1, fileId: w.ids.liveFile }) },
  'GET /my-meetings': { allow: SIGNED_IN },
  // A shared opinion of A1: its reviewers and the group's leader and chair read (the group is past review), the unit and supervisors read.
  'POST /collab/tickets': { label: "A1's overall opinion", allow: READS_A1, body: (w) => ({ doc: `m${w.ids.live}.a${w.ids.liveA1}.overall` }) },
};

void MEETING_ROSTER;
