import { Op, type Transaction } from 'sequelize';
import {
  Assignment,
  Declaration,
  DeclarationSection,
  MeetingApplicant,
  Organisation,
  ResultItem,
  ReviewGroup,
  RoundItem,
  TitleQualification,
  TitleSeries,
  TitleSpecialty,
  VoteRound,
} from '../../../models';
import { notFound } from '../../errors';
import { authorize, type Actor } from '../../policies';
import { loadSetupContext } from '../setup/context';

/**
 * 评审表 of one applicant (seed 000 第四节(四) 证书及评审表生成): the declaration in brief, the
 * reviewers' scores and opinions (by role, not by name: the expert list is not public, Art. 24),
 * the group and the committee vote and the result.
 */
export async function reviewForm(actor: Actor, meetingApplicantId: number, t?: Transaction) {
  const ap = await MeetingApplicant.findByPk(meetingApplicantId, { transaction: t });
  if (!ap) throw notFound('applicant');
  const ctx = await loadSetupContext(actor, ap.meetingId, t);
  authorize(actor, 'reviewForm:read', ctx);
  const d = (await Declaration.findByPk(ap.declarationId, { transaction: t }))!;
  const [org, series, qualification, specialty, group, sections, assignments, rounds, published] = await Promise.all([
    Organisation.findByPk(d.orgId, { transaction: t }),
    TitleSeries.findOne({ where: { code: d.seriesCode }, transaction: t }),
    TitleQualification.findByPk(d.qualificationId, { transaction: t }),
    d.specialtyId ? TitleSpecialty.findByPk(d.specialtyId, { transaction: t }) : null,
    ap.groupId ? ReviewGroup.findByPk(ap.groupId, { transaction: t }) : null,
    DeclarationSection.findAll({ where: { declarationId: d.id, sectionKey: { [Op.in]: ['basicInfo', 'currentStatus'] } }, transaction: t }),
    Assignment.findAll({ where: { meetingApplicantId: ap.id }, order: [['role', 'ASC'], ['id', 'ASC']], transaction: t }),
    VoteRound.findAll({ where: { meetingId: ap.meetingId, status: 'confirmed' }, order: [['id', 'ASC']], transaction: t }),
    ResultItem.findOne({ where: { meetingApplicantId: ap.id }, transaction: t }),
  ]);
  const items = rounds.length ? await RoundItem.findAll({ where: { roundId: { [Op.in]: rounds.map((r) => r.id) }, meetingApplicantId: ap.id }, transaction: t }) : [];
  const basic = (sections.find((s) => s.sectionKey === 'basicInfo')?.data ?? {}) as Record<string, string | undefined>;
  const status = (sections.find((s) => s.sectionKey === 'currentStatus')?.data ?? {}) as Record<string, string | number | undefined>;
  const vote = (kind: 'group' | 'committee') => {
    const r = [...rounds].reverse().find((x) => x.kind === kind && items.some((i) => i.roundId === x.id));
    const i = r ? items.find((x) => x.roundId === r.id)! : null;
    return r && i ? { members: r.members, present: r.present, eligible: i.eligible, yes: i.yes ?? 0, no: i.no ?? 0, abstain: i.abstain ?? 0, passed: !!i.passed, confirmedAt: r.confirmedAt?.toISOString() ?? null } : null;
  };
  let n = 0;
  return {
    meeting: { id: ctx.meeting.id, name: ctx.meeting.name, startsAt: ctx.meeting.startsAt.toISOString(), standard: ctx.meeting.standard, defense: ctx.meeting.options.defense },
    unitName: ctx.owner.name,
    applicant: {
      blindCode: ap.blindCode,
      name: d.applicantName,
      idNumber: d.idNumber,
      gender: basic.gender ?? null,
      birthDate: basic.birthDate ?? null,
      education: basic.firstEducation ?? null,
      employer: org?.name ?? null,
      position: (status.position as string | undefined) ?? null,
      currentTitle: basic.currentTitle ?? null,
      series: series?.name ?? d.seriesCode,
      level: d.level,
      qualification: qualification?.name ?? '',
      specialty: specialty?.name ?? null,
      declType: d.declType,
      group: group?.name ?? null,
    },
    reviews: assignments.map((a) => ({
      label: a.role === 'main' ? '主审专家' : `副审专家${++n}`,
      role: a.role,
      scores: a.scores,
      totalScore: a.totalScore === null ? null : Number(a.totalScore),
      opinions: a.opinions,
      verdict: a.verdict ?? null,
    })),
    groupVote: vote('group'),
    committeeVote: vote('committee'),
    result: ap.result,
    outcome: published?.outcome ?? null,
  };
}

export type ReviewForm = Awaited<ReturnType<typeof reviewForm>>;
