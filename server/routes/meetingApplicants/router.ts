import fs from 'node:fs';
import { Op } from 'sequelize';
import { z } from 'zod';
import { BlindOpinion, Declaration, Expert, MeetingApplicant, Recusal, StoredFile } from '../../../models';
import { fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';
import { idParams, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { authorize, type Actor } from '../../policies';
import { notFound } from '../../errors';
import { loadSetupContext, meetingCommittees } from '../../commands/setup/context';
import { addApplicants, assignApplicants, groupAllBySpecialty, removeApplicant } from '../../commands/setup/applicants';
import { addRecusal, removeRecusal } from '../../commands/setup/recusals';
import { addBlindOpinion, inspectOpinionFile, removeBlindOpinion, storedPath } from '../../commands/setup/blindOpinions';
import { applicantDetails, applicantsOf } from '../../commands/setup/queries';
import { presentBlindOpinion, presentRecusal } from '../../presenters/setup';
import { singleFile, uploaded } from '../library/upload';
import {
  addApplicantsBody,
  applicantQuery,
  applicantView,
  assignBody,
  blindOpinionFields,
  blindOpinionUpload,
  blindOpinionView,
  candidateView,
  groupAllView,
  recusalBody,
  recusalView,
} from './schema';

const roster = async (actor: Actor, meetingId: number) => authorize(actor, 'meeting:roster', await loadSetupContext(actor, meetingId));

/** 参评材料分组, 回避, 盲评意见上传. */
export function registerMeetingApplicantRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/meetings/:id/applicants',
    summary: 'The meeting’s applicants with blind code, group, employer and number of recused experts',
    tags: ['applicants'],
    needs: 'meeting:roster',
    params: idParams,
    query: applicantQuery,
    response: z.object({ items: z.array(applicantView) }),
    async handler({ actor, params, query }) {
      await roster(actor, params.id);
      return { items: await applicantsOf(params.id, query) };
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/candidates',
    summary: 'Declarations ready for a meeting (拟送评) of the meeting’s committees and in no meeting yet',
    tags: ['applicants'],
    needs: 'meeting:setup',
    params: idParams,
    response: z.object({ items: z.array(candidateView) }),
    async handler({ actor, params }) {
      authorize(actor, 'meeting:setup', await loadSetupContext(actor, params.id));
      const committeeIds = (await meetingCommittees(params.id)).map((c) => c.id);
      const ready = await Declaration.findAll({ where: { committeeId: { [Op.in]: committeeIds }, status: 'ready_for_meeting' }, order: [['id', 'ASC']] });
      const taken = new Set((await MeetingApplicant.findAll({ where: { declarationId: { [Op.in]: ready.map((d) => d.id) } }, attributes: ['declarationId'] })).map((a) => a.declarationId));
      const free = ready.filter((d) => !taken.has(d.id));
      const details = await applicantDetails(free.map((d) => d.id));
      return {
        items: free.map((d) => {
          const x = details.get(d.id)!;
          return { declarationId: d.id, committeeId: d.committeeId ?? null, name: x.name, orgName: x.orgName, level: x.level, qualification: x.qualification, specialty: x.specialty, specialtyCode: x.specialtyCode };
        }),
      };
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/applicants',
    summary: 'Add ready declarations of the meeting’s committees (some, or all); blind codes assigned; all or none',
    tags: ['applicants'],
    needs: 'meeting:setup',
    params: idParams,
    body: addApplicantsBody,
    response: z.object({ items: z.array(applicantView) }),
    status: 201,
    async handler({ actor, params, body }) {
      const created = await inTransaction((t) => addApplicants(actor, params.id, body, t));
      const ids = new Set(created.map((c) => c.id));
      return { items: (await applicantsOf(params.id)).filter((a) => ids.has(a.id)) };
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/applicants/assign',
    summary: '批量分组: put applicants into a group (groupId null takes them out of any group)',
    tags: ['applicants'],
    needs: 'meeting:setup',
    params: idParams,
    body: assignBody,
    response: z.object({ assigned: z.number() }),
    async handler({ actor, params, body }) {
      return { assigned: await inTransaction((t) => assignApplicants(actor, params.id, body, t)) };
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/applicants/group-all',
    summary: '全部分组: every ungrouped applicant into the first group listing its specialty; the rest are reported',
    tags: ['applicants'],
    needs: 'meeting:setup',
    params: idParams,
    response: groupAllView,
    async handler({ actor, params }) {
      return inTransaction((t) => groupAllBySpecialty(actor, params.id, t));
    },
  });

  r.add({
    method: 'delete',
    path: '/meeting-applicants/:id',
    summary: 'Take an applicant out of the meeting',
    tags: ['applicants'],
    needs: 'meeting:setup',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => removeApplicant(actor, params.id, t));
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/recusals',
    summary: '回避: found (same employer), declared and ordered recusals',
    tags: ['applicants'],
    needs: 'meeting:roster',
    params: idParams,
    response: z.object({ items: z.array(recusalView) }),
    async handler({ actor, params }) {
      await roster(actor, params.id);
      return { items: (await Recusal.findAll({ where: { meetingId: params.id }, order: [['id', 'ASC']] })).map(presentRecusal) };
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/recusals/export',
    summary: '回避 as a spreadsheet: who recuses from whom, and why',
    tags: ['applicants'],
    needs: 'meeting:roster',
    params: idParams,
    produces: XLSX_MIME,
    async handler({ actor, params, res }) {
      const ctx = await loadSetupContext(actor, params.id);
      authorize(actor, 'meeting:roster', ctx);
      const list = await Recusal.findAll({ where: { meetingId: params.id }, order: [['id', 'ASC']] });
      const [experts, applicants] = await Promise.all([
        Expert.findAll({ attributes: ['id', 'name', 'employerName'], where: { id: list.map((x) => x.expertId) } }),
        MeetingApplicant.findAll({ attributes: ['id', 'declarationId', 'blindCode'], where: { id: list.map((x) => x.meetingApplicantId) } }),
      ]);
      const decls = await Declaration.findAll({ attributes: ['id', 'applicantName'], where: { id: applicants.map((a) => a.declarationId) } });
      const REASONS: Record<string, string> = { same_employer: '同单位回避', declared: '本人申请回避', ordered: '责令回避' };
      const rows = list.map((x) => {
        const e = experts.find((y) => y.id === x.expertId);
        const a = applicants.find((y) => y.id === x.meetingApplicantId);
        return { ...presentRecusal(x), expertName: e?.name ?? '', expertEmployer: e?.employerName ?? '', blindCode: a?.blindCode ?? '', applicantName: decls.find((d) => d.id === a?.declarationId)?.applicantName ?? '' };
      });
      const cols: Column<(typeof rows)[number]>[] = [
        { header: '序号', value: (_r, i) => i + 1 },
        { header: '回避专家', value: (x) => x.expertName },
        { header: '专家工作单位', width: 28, value: (x) => x.expertEmployer },
        { header: '参评人员', value: (x) => x.applicantName },
        { header: '材料编号', width: 12, value: (x) => x.blindCode },
        { header: '回避类型', width: 14, value: (x) => REASONS[x.reason] ?? x.reason },
        { header: '说明', width: 36, value: (x) => x.note },
        { header: '登记时间', width: 18, value: (x) => fmtTime(new Date(x.createdAt)) },
      ];
      await streamXlsx(res, `回避名单-${ctx.meeting.name}`, '回避', cols, [rows]);
    },
  });

  r.add({
    method: 'post',
    path: '/meetings/:id/recusals',
    summary: 'Record a recusal: declared (the expert, or staff for them) or ordered (the office above)',
    tags: ['applicants'],
    needs: 'signedIn',
    params: idParams,
    body: recusalBody,
    response: recusalView,
    status: 201,
    async handler({ actor, params, body }) {
      return presentRecusal(await inTransaction((t) => addRecusal(actor, params.id, body, t)));
    },
  });

  r.add({
    method: 'delete',
    path: '/recusals/:id',
    summary: 'Withdraw a declared (staff) or ordered (office) recusal; same-employer ones follow the data',
    tags: ['applicants'],
    needs: 'signedIn',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => removeRecusal(actor, params.id, t));
    },
  });

  r.add({
    method: 'get',
    path: '/meetings/:id/blind-opinions',
    summary: '盲评意见: the outside reviewers’ opinions recorded for the meeting’s applicants',
    tags: ['applicants'],
    needs: 'meeting:roster',
    params: idParams,
    response: z.object({ items: z.array(blindOpinionView) }),
    async handler({ actor, params }) {
      await roster(actor, params.id);
      return { items: (await BlindOpinion.findAll({ where: { meetingId: params.id }, order: [['id', 'ASC']] })).map(presentBlindOpinion) };
    },
  });

  r.add({
    method: 'post',
    path: '/meeting-applicants/:id/blind-opinions',
    summary: '盲评意见上传: a reviewer code, agree/disagree, a score and the signed PDF, before the meeting',
    tags: ['applicants'],
    needs: 'meeting:setup',
    params: idParams,
    before: [singleFile],
    body: blindOpinionFields,
    requestContent: { 'multipart/form-data': { schema: blindOpinionUpload } },
    response: blindOpinionView,
    status: 201,
    async handler({ actor, params, body, req }) {
      const a = await MeetingApplicant.findByPk(params.id);
      if (!a) throw notFound('meeting applicant');
      authorize(actor, 'meeting:setup', await loadSetupContext(actor, a.meetingId));
      const file = await inspectOpinionFile(uploaded(req));
      return presentBlindOpinion(await inTransaction((t) => addBlindOpinion(actor, params.id, body, file, t)));
    },
  });

  r.add({
    method: 'delete',
    path: '/blind-opinions/:id',
    summary: 'Remove a blind-review opinion recorded by mistake (before the meeting)',
    tags: ['applicants'],
    needs: 'meeting:setup',
    params: idParams,
    async handler({ actor, params }) {
      await inTransaction((t) => removeBlindOpinion(actor, params.id, t));
    },
  });

  r.add({
    method: 'get',
    path: '/blind-opinions/:id/file',
    summary: 'The signed opinion PDF',
    tags: ['applicants'],
    needs: 'meeting:roster',
    params: idParams,
    produces: 'application/pdf',
    async handler({ actor, params, res }) {
      const o = await BlindOpinion.findByPk(params.id);
      if (!o) throw notFound('blind opinion');
      await roster(actor, o.meetingId);
      const f = o.fileId ? await StoredFile.findByPk(o.fileId) : null;
      if (!f || !fs.existsSync(storedPath(f.sha256))) throw notFound('file');
      res.setHeader('Content-Type', 'application/pdf');
      res.setHeader('Content-Disposition', `inline; filename="opinion.pdf"; filename*=UTF-8''${encodeURIComponent(f.originalName)}`);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      await new Promise<void>((resolve, reject) => fs.createReadStream(storedPath(f.sha256)).on('error', reject).on('end', resolve).pipe(res));
    },
  });
}
