import { Op, type Transaction } from 'sequelize';
import { Expert, MeetingApplicant, MeetingExpert, NamedSheetVoter, RoundItem, RoundVoter } from '../../../models';
import { conflict } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { tallyApplicant } from '../../domain/voting';
import { loadMeetingContext } from './context';
import { countChoices, loadRoundForUpdate, sealedSheets } from './rounds';

/**
 * 票源: after close, the round's ballots as stored — anonymous sheets in a secret round — with the
 * tally recomputed from them and the digest checked against the one sealed at close.
 */
export async function roundBallots(actor: Actor, roundId: number, t: Transaction) {
  const round = await loadRoundForUpdate(roundId, t);
  const ctx = await loadMeetingContext(actor, round.meetingId, t);
  authorize(actor, 'round:readBallots', ctx);
  if (round.status === 'open') throw conflict('round_open', 'Ballots are sealed until the vote closes');
  const { sheets, digest } = await sealedSheets(round, t);
  const voters = await RoundVoter.count({ where: { roundId: round.id }, transaction: t });
  const items = await RoundItem.findAll({ where: { roundId: round.id }, order: [['id', 'ASC']], transaction: t });
  const applicants = await MeetingApplicant.findAll({ where: { id: { [Op.in]: items.map((i) => i.meetingApplicantId) } }, transaction: t });
  const counted = countChoices(sheets);
  const recomputed = items.map((item) => {
    const counts = counted.get(item.meetingApplicantId) ?? { yes: 0, no: 0, abstain: 0 };
    const tally = tallyApplicant(counts, item.eligible, round.members, round.rules.pass);
    return {
      meetingApplicantId: item.meetingApplicantId,
      blindCode: applicants.find((a) => a.id === item.meetingApplicantId)!.blindCode,
      ...counts,
      eligible: item.eligible,
      requiredYes: tally.requiredYes,
      passed: tally.passed,
      matchesStored: item.yes === counts.yes && item.no === counts.no && item.abstain === counts.abstain && item.passed === tally.passed,
    };
  });
  // 记名 only: who cast which sheet.
  let byExpert: Record<string, { meetingExpertId: number; name: string }> = {};
  if (round.mode === 'named') {
    const links = await NamedSheetVoter.findAll({ where: { sheetId: { [Op.in]: sheets.map((s) => s.id) } }, transaction: t });
    const mes = await MeetingExpert.findAll({ where: { id: { [Op.in]: links.map((l) => l.meetingExpertId) } }, include: [{ model: Expert, as: 'expert' }], transaction: t });
    byExpert = Object.fromEntries(
      links.map((l) => {
        const me = mes.find((x) => x.id === l.meetingExpertId) as MeetingExpert & { expert: Expert };
        return [l.sheetId, { meetingExpertId: l.meetingExpertId, name: me.expert.name }];
      }),
    );
  }
  return {
    roundId: round.id,
    mode: round.mode,
    status: round.status,
    voters,
    sheets: sheets.map((s) => ({ sheetId: s.id, ballots: s.ballots, ...(round.mode === 'named' ? { voter: byExpert[s.id] ?? null } : {}) })),
    results: recomputed,
    digest: { sealed: round.digest, recomputed: digest, intact: round.digest === digest && sheets.length === voters },
  };
}
