import { Op } from 'sequelize';
import {
  Declaration,
  Expert,
  MeetingApplicant,
  MeetingExpert,
  MeetingStaff,
  Organisation,
  Recusal,
  ReviewGroup,
  TitleQualification,
  TitleSpecialty,
} from '../../../models';
import type { ApplicantDetails } from '../../presenters/setup';
import { presentApplicant, presentGroup, presentMeetingExpert } from '../../presenters/setup';
import { loginsOf } from './logins';

/** Read side of the setup: the lists the screens and the spreadsheets show. */
export async function groupsOf(meetingId: number) {
  const [groups, experts, applicants] = await Promise.all([
    ReviewGroup.findAll({ where: { meetingId }, order: [['position', 'ASC'], ['id', 'ASC']] }),
    MeetingExpert.findAll({ where: { meetingId }, attributes: ['id', 'groupId', 'isGroupLeader'] }),
    MeetingApplicant.findAll({ where: { meetingId }, attributes: ['groupId'] }),
  ]);
  return groups.map((g) =>
    presentGroup(g, {
      experts: experts.filter((e) => e.groupId === g.id).length,
      applicants: applicants.filter((a) => a.groupId === g.id).length,
      leaderId: experts.find((e) => e.groupId === g.id && e.isGroupLeader)?.id ?? null,
    }),
  );
}

export async function meetingExpertsOf(meetingId: number, groupId?: number) {
  const rows = await MeetingExpert.findAll({ where: { meetingId, ...(groupId ? { groupId } : {}) }, order: [['groupId', 'ASC'], ['id', 'ASC']] });
  const experts = await Expert.findAll({ where: { id: { [Op.in]: rows.map((r) => r.expertId) } } });
  const logins = await loginsOf(meetingId);
  return rows.map((r) => presentMeetingExpert(r, experts.find((e) => e.id === r.expertId), logins.get(r.id)));
}

export async function applicantDetails(declarationIds: number[]): Promise<Map<number, ApplicantDetails>> {
  const decls = await Declaration.findAll({ where: { id: { [Op.in]: declarationIds } } });
  const [orgs, quals, specs] = await Promise.all([
    Organisation.findAll({ where: { id: { [Op.in]: [...new Set(decls.map((d) => d.orgId))] } }, attributes: ['id', 'name'] }),
    TitleQualification.findAll({ where: { id: { [Op.in]: [...new Set(decls.map((d) => d.qualificationId))] } }, attributes: ['id', 'name'] }),
    TitleSpecialty.findAll({ where: { id: { [Op.in]: decls.map((d) => d.specialtyId).filter((x): x is number => !!x) } }, attributes: ['id', 'name', 'code'] }),
  ]);
  return new Map(
    decls.map((d) => {
      const s = specs.find((x) => x.id === d.specialtyId);
      return [
        d.id,
        {
          name: d.applicantName,
          orgName: orgs.find((o) => o.id === d.orgId)?.name ?? null,
          seriesCode: d.seriesCode,
          level: d.level,
          qualification: quals.find((q) => q.id === d.qualificationId)?.name ?? null,
          specialty: s?.name ?? null,
          specialtyCode: s?.code ?? null,
        },
      ];
    }),
  );
}

export async function applicantsOf(meetingId: number, filter: { groupId?: number | null; result?: 'passed' | 'failed' | 'pending' } = {}) {
  const where = {
    meetingId,
    ...(filter.groupId !== undefined ? { groupId: filter.groupId } : {}),
    ...(filter.result ? { result: filter.result } : {}),
  };
  const rows = await MeetingApplicant.findAll({ where, order: [['position', 'ASC']] });
  const details = await applicantDetails(rows.map((r) => r.declarationId));
  const recusals = await Recusal.findAll({ where: { meetingId, meetingApplicantId: { [Op.in]: rows.map((r) => r.id) } }, attributes: ['meetingApplicantId'] });
  return rows.map((r) => presentApplicant(r, details.get(r.declarationId), recusals.filter((x) => x.meetingApplicantId === r.id).length));
}

export async function staffOf(meetingId: number) {
  return (await MeetingStaff.findAll({ where: { meetingId } })).map((s) => s.accountId);
}
