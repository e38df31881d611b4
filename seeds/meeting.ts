import { Op } from 'sequelize';
import { Account, Committee, Declaration, MeetingExpert, MeetingLogin, ReviewGroup } from '../models';
import { inTransaction } from '../server/tx';
import { updateCommittee } from '../server/commands/setup/committees';
import { addExpertToLibrary } from '../server/commands/setup/library';
import { decideFiling, fileLibraryChange } from '../server/commands/setup/filings';
import { createMeeting } from '../server/commands/setup/meetings';
import { createGroup, setGroupLeader } from '../server/commands/setup/groups';
import { addApplicants, groupAllBySpecialty } from '../server/commands/setup/applicants';
import { drawRandom } from '../server/commands/setup/draws';
import { setChairs } from '../server/commands/setup/placement';
import { decideStandard, reviewPlan, savePlan, saveStandard, submitPlan, submitStandard } from '../server/commands/setup/reviews';
import { issueLogins, prepareLoginSecrets } from '../server/commands/setup/logins';
import { currentYear } from '../server/commands/accounts';
import { actorOf, type DemoContext } from './context';

/**
 * A ready-to-run review meeting (issue 4), built through the setup commands: the committee unit and
 * 卫生 committee of the declarations step, a library of 48 experts filed with and approved by the
 * province office, a meeting with three groups by specialty, 30 applicants whose declarations
 * are ready for the meeting, experts drawn at random (seed "demo-2026") — 25 in all: a chair, two
 * vice chairs and members — an approved plan, a confirmed standard, temporary logins m{id}-01…25
 * with the demo password, and status `ready`, so the live meeting can start it.
 */
const GROUPS = [
  { name: '第一组（内科）', specialties: ['neike'], size: 9, needs: [{ specialty: 'neike', count: 9 }] },
  { name: '第二组（外科）', specialties: ['waike'], size: 8, needs: [{ specialty: 'waike', count: 8 }] },
  { name: '第三组（儿科）', specialties: ['erke'], size: 8, needs: [{ specialty: 'erke', count: 8 }] },
];
const LIBRARY_SIZE = 48;
const APPLICANTS = 30;

export async function seedMeeting(ctx: DemoContext) {
  const admin = actorOf(ctx, 'pingwei-admin');
  const year = currentYear();

  // The declarations step's senior 卫生 committee, now with its founding unit and fees (issue 4 fields).
  const hbws = (await Committee.findOne({ where: { code: 'HBWS-G01' } }))!;
  const committee = await inTransaction((t) =>
    updateCommittee(
      actorOf(ctx, 'prov-admin'),
      hbws.id,
      {
        specialties: ['neike', 'waike', 'fuchan', 'erke', 'huli'],
        foundingUnits: [{ orgId: ctx.orgs.get('health')!.id }],
        feeItems: [
          { item: '评审费', amount: 300 },
          { item: '答辩费', amount: 150 },
        ],
      },
      t,
    ),
  );

  // The library: demo experts (their accounts exist; the command links them), specialties in turn.
  const specs = ['neike', 'waike', 'erke'];
  // One transaction for the lot keeps the embedded first start quick (each commit is a disk sync).
  const expertIds = await inTransaction(async (t) => {
    const ids: number[] = [];
    for (const [i, account] of ctx.experts.slice(0, LIBRARY_SIZE).entries()) {
      const senior = i % 3 === 0;
      const input = { idNumber: account.idNumber!, name: account.name, employerOrgId: account.orgId, specialties: [specs[i % specs.length]] };
      const out = await addExpertToLibrary(admin, committee.id, { ...input, titleLevel: senior ? 'zhenggao' : 'fugao', titleName: senior ? '主任医师' : '副主任医师' }, t);
      ids.push(out.expert.id);
    }
    return ids;
  });
  const filing = await inTransaction((t) => fileLibraryChange(admin, committee.id, { note: '评委会专家库组建备案', items: expertIds.map((expertId) => ({ expertId, action: 'add' as const })) }, t));
  await inTransaction((t) => decideFiling(actorOf(ctx, 'prov-handler'), filing.id, true, '同意备案', t));

  // Thirty of the declarations the declarations step brought to 拟送评 (ready for the meeting) in this committee.
  const ready = await Declaration.findAll({
    where: { committeeId: committee.id, status: 'ready_for_meeting', year },
    order: [['id', 'ASC']],
    limit: APPLICANTS,
  });
  const declarationIds = ready.map((d) => d.id);

  const now = new Date();
  const startsAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), 0, 0));
  const meeting = await inTransaction((t) =>
    createMeeting(
      admin,
      {
        name: `${year}年度河北省卫生系列高级职称评审会议`,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 30 * 24 * 3600_000),
        address: '石家庄市裕华区槐安东路省职称评审中心三楼会议室',
        notes: '闭门评审；评委名单不公开。',
        committeeIds: [committee.id],
        staffAccountIds: [ctx.accounts.get('pingwei-handler')!.id],
        options: { defense: true },
      },
      t,
    ),
  );
  const groups: ReviewGroup[] = await inTransaction(async (t) => {
    const made = [];
    for (const [i, g] of GROUPS.entries()) made.push(await createGroup(admin, meeting.id, { name: g.name, specialties: g.specialties, size: g.size, room: `${301 + i}室` }, t));
    return made;
  });
  await inTransaction((t) => addApplicants(admin, meeting.id, { declarationIds }, t));
  await inTransaction((t) => groupAllBySpecialty(admin, meeting.id, t));
  await inTransaction((t) => drawRandom(admin, meeting.id, { groups: groups.map((g, i) => ({ groupId: g.id, needs: GROUPS[i].needs })) }, t, { seed: 'demo-2026' }));

  const placed = await MeetingExpert.findAll({ where: { meetingId: meeting.id }, order: [['groupId', 'ASC'], ['id', 'ASC']] });
  const inGroup = (g: number) => placed.filter((p) => p.groupId === groups[g].id);
  await inTransaction((t) => setChairs(admin, meeting.id, { chairId: inGroup(0)[0].id, viceChairIds: [inGroup(1)[0].id, inGroup(2)[0].id] }, t));
  await inTransaction(async (t) => {
    for (const [g, group] of groups.entries()) await setGroupLeader(admin, group.id, inGroup(g)[1].id, t);
  });

  await inTransaction((t) =>
    savePlan(admin, meeting.id, { kind: 'normal', text: `${year}年度卫生系列高级职称评审方案：三个评议组，盲评后答辩，组内评议后提交评委会无记名投票表决。` }, t),
  );
  await inTransaction((t) => submitPlan(admin, meeting.id, t));
  await inTransaction((t) => reviewPlan(actorOf(ctx, 'pingwei-handler'), meeting.id, { approve: true, opinion: '经办人审核通过' }, t));
  await inTransaction((t) => reviewPlan(actorOf(ctx, 'prov-handler'), meeting.id, { approve: true, opinion: '同意' }, t));

  const handler = actorOf(ctx, 'pingwei-handler');
  await inTransaction((t) =>
    saveStandard(
      handler,
      meeting.id,
      [
        { key: 'ethics', name: '职业道德', weight: 20, max: 20 },
        { key: 'ability', name: '专业能力', weight: 40, max: 40 },
        { key: 'results', name: '业绩成果', weight: 40, max: 40 },
      ],
      t,
    ),
  );
  await inTransaction((t) => submitStandard(handler, meeting.id, t));
  await inTransaction((t) => decideStandard(actorOf(ctx, 'pingwei-leader'), meeting.id, { approve: true }, 'approve', t));
  const chairAccount = (await Account.findByPk(inGroup(0)[0].accountId))!;
  await inTransaction((t) => decideStandard(actorOf(ctx, chairAccount.username), meeting.id, { approve: true, opinion: '确认' }, 'confirm', t));

  // 专家登录信息: one temporary login per expert, with the demo password, dead when the meeting ends.
  const secrets = await prepareLoginSecrets(placed.length);
  await inTransaction((t) => issueLogins(admin, meeting.id, {}, secrets, t));
  const logins = await MeetingLogin.findAll({ where: { meetingId: meeting.id } });
  await Account.update({ passwordHash: ctx.demoHash }, { where: { id: { [Op.in]: logins.map((l) => l.accountId) } } });

  await meeting.reload();
  ctx.log(`demo: meeting ${meeting.id} "${meeting.name}" is ${meeting.status} (${placed.length} experts in ${groups.length} groups, ${declarationIds.length} applicants)`);
}
