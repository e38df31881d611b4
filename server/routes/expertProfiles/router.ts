import { Op } from 'sequelize';
import { z } from 'zod';
import { Committee, CommitteeExpert, Expert } from '../../../models';
import { idParams, type Routes } from '../../http/route';
import { inTransaction } from '../../tx';
import { can, type Actor } from '../../policies';
import { forbidden, notFound } from '../../errors';
import { committeeSubject } from '../../commands/setup/committees';
import { myExpert, profileLog, profileQueue, reviewProfile, saveMyProfile, submitMyProfile } from '../../commands/setup/profiles';
import { presentExpert } from '../../presenters/setup';
import { expertView } from '../library/schema';
import { profileView, reviewBody, saveProfileBody } from './schema';
import { chunks, fmtTime, streamXlsx, XLSX_MIME, type Column } from '../../exports/xlsx';

async function view(e: Expert) {
  const log = await profileLog(e.id);
  return {
    ...presentExpert(e),
    profile: e.profile,
    profileChain: e.profileChain ?? null,
    waitingAtOrgId: e.profileStatus === 'submitted' && e.profileChain && e.profileStep !== null ? e.profileChain[e.profileStep] : null,
    log: log.map((l) => ({ action: l.action, orgId: l.orgId, actorName: l.actorName, opinion: l.opinion, createdAt: l.createdAt.toISOString() })),
  };
}

/** The expert themself, an organisation of the approval chain, or a reader of a library they are in. */
async function authorizeExpertRead(actor: Actor, e: Expert) {
  if (actor.role === 'expert' && e.accountId === actor.id) return;
  if (e.profileChain?.includes(actor.orgId) && (actor.role === 'admin' || actor.role === 'staff')) return;
  const entries = await CommitteeExpert.findAll({ where: { expertId: e.id }, attributes: ['committeeId'] });
  const committees = await Committee.findAll({ where: { id: { [Op.in]: entries.map((x) => x.committeeId) } } });
  for (const c of committees) if (can(actor, 'library:read', await committeeSubject(c))) return;
  throw forbidden();
}

/** 专家个人信息 and its approval chain (专家信息审核). */
export function registerExpertProfileRoutes(r: Routes) {
  r.add({
    method: 'get',
    path: '/me/expert-profile',
    summary: 'The signed-in expert’s own profile, its status and approval log',
    tags: ['experts'],
    needs: 'expertProfile:edit',
    response: profileView,
    async handler({ actor }) {
      return view(await myExpert(actor));
    },
  });

  r.add({
    method: 'put',
    path: '/me/expert-profile',
    summary: 'Save the profile (education, work, honours, awards, expert titles, papers, books) as a draft',
    tags: ['experts'],
    needs: 'expertProfile:edit',
    body: saveProfileBody,
    response: profileView,
    async handler({ actor, body }) {
      return view(await inTransaction((t) => saveMyProfile(actor, body, t)));
    },
  });

  r.add({
    method: 'post',
    path: '/me/expert-profile/submit',
    summary: '提交审批: the profile climbs from the employer to its title office, each approving in turn',
    tags: ['experts'],
    needs: 'expertProfile:edit',
    response: profileView,
    async handler({ actor }) {
      return view(await inTransaction((t) => submitMyProfile(actor, t)));
    },
  });

  r.add({
    method: 'get',
    path: '/expert-profiles/queue',
    summary: '评委材料审核: expert profiles waiting at the actor’s organisation',
    tags: ['experts'],
    needs: 'expertProfile:review',
    response: z.object({ items: z.array(expertView) }),
    async handler({ actor }) {
      return { items: (await profileQueue(actor)).map(presentExpert) };
    },
  });

  r.add({
    method: 'get',
    path: '/expert-profiles/queue/export',
    summary: '评委材料审核 as a spreadsheet: the profiles waiting at my organisation',
    tags: ['experts'],
    needs: 'expertProfile:review',
    produces: XLSX_MIME,
    async handler({ actor, res }) {
      const queue = await profileQueue(actor);
      const cols: Column<Expert>[] = [
        { header: '序号', value: (_e, i) => i + 1 },
        { header: '姓名', value: (e) => e.name },
        { header: '身份证号', width: 20, value: (e) => e.idNumber },
        { header: '工作单位', width: 30, value: (e) => e.employerName },
        { header: '系列', value: (e) => e.seriesCode },
        { header: '专业代码', width: 20, value: (e) => (e.specialties ?? []).join(',') },
        { header: '职称级别', value: (e) => presentExpert(e).titleLevelLabel },
        { header: '职称名称', width: 16, value: (e) => e.titleName },
        { header: '手机号码', width: 14, value: (e) => e.phone },
        { header: '提交时间', width: 18, value: (e) => fmtTime(e.updatedAt) },
      ];
      await streamXlsx(res, '评委材料审核', '待审核', cols, chunks(queue));
    },
  });

  r.add({
    method: 'get',
    path: '/experts/:id',
    summary: 'One expert’s profile (for the expert, the approving organisations and the libraries they are in)',
    tags: ['experts'],
    needs: 'signedIn',
    params: idParams,
    response: profileView,
    async handler({ actor, params }) {
      const e = await Expert.findByPk(params.id);
      if (!e) throw notFound('expert');
      await authorizeExpertRead(actor, e);
      return view(e);
    },
  });

  r.add({
    method: 'post',
    path: '/experts/:id/profile-review',
    summary: 'Approve the profile at the actor’s step (the last step makes it approved) or return it with an opinion',
    tags: ['experts'],
    needs: 'expertProfile:review',
    params: idParams,
    body: reviewBody,
    response: profileView,
    async handler({ actor, params, body }) {
      return view(await inTransaction((t) => reviewProfile(actor, params.id, body.approve, body.opinion ?? null, t)));
    },
  });
}
