import { db, Account, Committee, DeclarationSection, StoredFile, TitleQualification, TitleSeries, TitleSpecialty, Declaration, type Organisation } from '../models';
import { QueryTypes } from 'sequelize';
import { inTransaction } from '../server/tx';
import { loadConfig } from '../server/config';
import type { Actor } from '../server/policies';
import { createAccount, currentYear, endOfYear, updateAccount, type NewAccountInput } from '../server/commands/accounts';
import { createOrg, decideOrgApproval, submitOrgProfile } from '../server/commands/orgs';
import { createCommittee } from '../server/commands/declarations/committees';
import { createDeclaration } from '../server/commands/declarations/applicant';
import { configureFiles, inspectUpload, writeContent } from '../server/commands/declarations/files';
import { createPlan, decidePlan, submitPlan } from '../server/commands/declarations/around';
import type { Level, ReviewRoute } from '../server/domain/titles';
import { actorOf, type DemoContext } from './context';
import { useDemoPassword } from './orgs';
import { APPLICANT_EMPLOYERS } from './accounts';
import { DEMO_PDF, demoSections, materialsSection } from './declarationData';
import { assertEveryStage, driveToTargets, type Item, type Target } from './declarationStages';
import { withoutAnnouncements } from '../server/commands/declarations/position';
import { prng } from './random';

/**
 * Issue 3 demo data: a committee unit with committees and policy reviewers, plans, and the 200 demo
 * applicants' declarations at every stage, built through the same commands as the API. Sections are
 * parsed by the API's own schemas and written in bulk (the one shortcut, for a fast first start).
 */
async function addAccount(ctx: DemoContext, admin: string, input: NewAccountInput) {
  const { account } = await inTransaction((t) => createAccount(actorOf(ctx, admin), input, t));
  await useDemoPassword(ctx, account);
  ctx.accounts.set(account.username, account);
  return account;
}

async function addCommitteeUnit(ctx: DemoContext) {
  const provAdmin = actorOf(ctx, 'prov-admin');
  const { org, admin } = await inTransaction((t) =>
    createOrg(provAdmin, { parentId: ctx.orgs.get('prov')!.id, name: '河北省职称评审服务中心', kind: 'committee_unit', category: 'government', adminUsername: 'pingwei-admin' }, t),
  );
  await useDemoPassword(ctx, admin);
  ctx.admins.set('pingwei-admin', admin);
  ctx.orgs.set('pingwei', org);
  await inTransaction((t) =>
    submitOrgProfile({ ...actorOf(ctx, 'pingwei-admin'), orgStatus: 'pending_profile' }, org.id, { contactName: '评审服务科', address: '河北省石家庄市', nature: '事业单位' }, undefined, t),
  );
  ctx.orgs.set('pingwei', await inTransaction((t) => decideOrgApproval(provAdmin, org.id, true, undefined, t)));
  await addAccount(ctx, 'pingwei-admin', { orgId: org.id, role: 'staff', staffKind: 'handler', name: '评审服务中心经办人', username: 'pingwei-handler' });
  await addAccount(ctx, 'pingwei-admin', { orgId: org.id, role: 'staff', staffKind: 'leader', name: '评审服务中心负责人', username: 'pingwei-leader' });
}

const POLICY_REVIEWERS: Array<[unit: string, username: string, series: string]> = [
  ['pingwei', 'pr-weisheng', 'weisheng'],
  ['pingwei', 'pr-weisheng-2', 'weisheng'],
  ['pingwei', 'pr-gaoxiao', 'gaoxiao'],
  ['pingwei', 'pr-gaoxiao-2', 'gaoxiao'],
  ['pingwei', 'pr-gongcheng', 'gongcheng'],
  ['pingwei', 'pr-gongcheng-2', 'gongcheng'],
  ['pingwei', 'pr-zhongxiaoxue', 'zhongxiaoxue'],
  ['pingwei', 'pr-zhongxiaoxue-2', 'zhongxiaoxue'],
  ['hebmu-h1', 'pr-hebmu-h1', 'weisheng'],
  ['hebmu-h1', 'pr-hebmu-h1-2', 'weisheng'],
];

async function addCommittees(ctx: DemoContext, year: number) {
  const prov = actorOf(ctx, 'prov-admin');
  const pingwei = ctx.orgs.get('pingwei')!.id;
  const deadline = endOfYear(year);
  const list: Array<[string, string, string, 'social' | 'self', number, Level[]]> = [
    ['HBWS-G01', '河北省卫生系列高级评审委员会', 'weisheng', 'social', pingwei, ['zhenggao', 'fugao']],
    ['HBWS-Z01', '河北省卫生系列中级评审委员会', 'weisheng', 'social', pingwei, ['zhongji']],
    ['HBGX-G01', '河北省高校教师系列高级评审委员会', 'gaoxiao', 'social', pingwei, ['zhenggao', 'fugao']],
    ['HBGC-G01', '河北省工程系列高级评审委员会', 'gongcheng', 'social', pingwei, ['zhenggao', 'fugao']],
    ['HBGC-Z01', '河北省工程系列中级评审委员会', 'gongcheng', 'social', pingwei, ['zhongji']],
    ['HBZX-G01', '河北省中小学教师系列高级评审委员会', 'zhongxiaoxue', 'social', pingwei, ['zhenggao', 'fugao']],
    ['HBZX-Z01', '河北省中小学教师系列中级评审委员会', 'zhongxiaoxue', 'social', pingwei, ['zhongji']],
    ['HEBMU1-ZZ01', '河北医科大学第一医院卫生系列自主评审委员会', 'weisheng', 'self', ctx.orgs.get('hebmu-h1')!.id, ['zhenggao', 'fugao', 'zhongji']],
  ];
  const out: Committee[] = [];
  for (const [code, name, seriesCode, type, ownerOrgId, levels] of list) {
    out.push(await inTransaction((t) => createCommittee(prov, { code, name, seriesCode, type, ownerOrgId, levels, materialDeadline: deadline, validFrom: new Date(Date.UTC(year, 0, 1)), validUntil: deadline }, t)));
  }
  return out;
}

/** Plans: approved ones with room to spare, one waiting at the city, one draft. */
async function addPlans(ctx: DemoContext, year: number) {
  const plans: Array<[string, string, Level, number, 'approved' | 'submitted' | 'draft']> = [
    ['prov-hospital', 'weisheng', 'fugao', 40, 'approved'],
    ['zd-hospital', 'weisheng', 'fugao', 30, 'approved'],
    ['sjz-school1', 'zhongxiaoxue', 'fugao', 30, 'approved'],
    ['bd-design', 'gongcheng', 'fugao', 5, 'submitted'],
    ['hb-eng', 'gongcheng', 'zhenggao', 3, 'draft'],
  ];
  for (const [slug, seriesCode, level, quota, until] of plans) {
    const handler = actorOf(ctx, `${slug}-handler`);
    let plan = await inTransaction((t) => createPlan(handler, { year, seriesCode, level, quota }, t));
    if (until === 'draft') continue;
    plan = await inTransaction((t) => submitPlan(handler, plan.id, t));
    const approvers = until === 'approved' ? 5 : 1;
    for (let i = 0; i < approvers && plan.status === 'submitted'; i++) {
      const org = [...ctx.orgs.entries()].find(([, o]) => o.id === plan.approvingOrgId)!;
      if (until === 'submitted' && org[1].level === 'city') break;
      plan = await inTransaction((t) => decidePlan(actorOf(ctx, `${org[0]}-leader`), plan.id, true, '同意', t));
    }
  }
}

interface Kind {
  seriesCode: string;
  level: Level;
  qualification: string;
  specialty: string;
  route: ReviewRoute;
}

/** What each employer's people declare. */
const KINDS: Record<string, Kind[]> = {
  'sjz-school1': [{ seriesCode: 'zhongxiaoxue', level: 'fugao', qualification: '高级教师', specialty: 'yuwen', route: 'review' }],
  'zd-hospital': [{ seriesCode: 'weisheng', level: 'fugao', qualification: '副主任医师', specialty: 'neike', route: 'review' }],
  'bd-design': [
    { seriesCode: 'gongcheng', level: 'fugao', qualification: '高级工程师', specialty: 'jianzhu', route: 'review' },
    { seriesCode: 'gongcheng', level: 'zhongji', qualification: '工程师', specialty: 'jianzhu', route: 'recognition' },
  ],
  'sjz-school2': [{ seriesCode: 'zhongxiaoxue', level: 'zhongji', qualification: '一级教师', specialty: 'shuxue', route: 'review' }],
  'hb-eng': [{ seriesCode: 'gongcheng', level: 'fugao', qualification: '高级工程师', specialty: 'tumu', route: 'review' }],
  'hb-normal': [{ seriesCode: 'gaoxiao', level: 'fugao', qualification: '副教授', specialty: '04', route: 'review' }],
  'hebmu-h1': [
    { seriesCode: 'weisheng', level: 'fugao', qualification: '副主任医师', specialty: 'waike', route: 'review' },
    { seriesCode: 'weisheng', level: 'fugao', qualification: '副主任护师', specialty: 'huli', route: 'self' },
  ],
  'hebmu-h2': [{ seriesCode: 'weisheng', level: 'fugao', qualification: '副主任医师', specialty: 'erke', route: 'review' }],
  'prov-hospital': [
    { seriesCode: 'weisheng', level: 'fugao', qualification: '副主任医师', specialty: 'neike', route: 'review' },
    { seriesCode: 'weisheng', level: 'zhenggao', qualification: '主任医师', specialty: 'waike', route: 'review' },
  ],
};

/** Senior weisheng: most ready for the meeting (the meeting setup starts from them), the rest spread. */
const WEISHENG_SENIOR: Target[] = ['policy_passed', 'policy_second', 'policy_first', 'assigned', 'awaiting_assignment', 'terminal_leader', 'terminal_handler', 'policy_returned', 'upper_handler'];
const OTHERS: Target[] = [
  'draft',
  'unit_handler',
  'unit_leader',
  'awaiting_publicity',
  'in_publicity',
  'awaiting_recommendation',
  'upper_handler',
  'returned',
  'failed',
  'blacklisted',
  'withdrawn',
  'terminal_leader',
  'awaiting_assignment',
  'assigned',
  'terminated',
  'policy_first',
  'policy_second',
  'policy_failed',
  'ready_for_meeting',
];
const SELF: Target[] = ['ready_for_meeting', 'policy_first', 'unit_handler', 'in_publicity'];

/**
 * The embedded SQLite syncs to disk at every commit by default; for the seed's few hundred commits
 * WAL's NORMAL level is enough (a crash loses at most the last commits, never the file), and the
 * previous level is restored afterwards.
 */
export async function seedDeclarations(ctx: DemoContext) {
  // sqlite3 in verbose mode captures a stack trace for every statement, and source-mapped stacks
  // are costly: the seed runs alone before the server listens, so it captures none meanwhile.
  const stackLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  const s = db();
  const sqlite = s.getDialect() === 'sqlite';
  const [[before]] = sqlite ? ((await s.query('PRAGMA synchronous')) as unknown as [[{ synchronous: number }]]) : [[undefined]];
  if (sqlite) await s.query('PRAGMA synchronous = NORMAL');
  try {
    await seedAll(ctx);
  } finally {
    Error.stackTraceLimit = stackLimit;
    if (sqlite) await s.query(`PRAGMA synchronous = ${Number(before?.synchronous ?? 2)}`);
  }
}

async function seedAll(ctx: DemoContext) {
  const config = loadConfig();
  configureFiles({ dataDir: config.dataDir, maxBytes: config.UPLOAD_MAX_BYTES });
  const year = currentYear();
  const r = prng(20261203);

  await addCommitteeUnit(ctx);
  for (const [unit, username, series] of POLICY_REVIEWERS) {
    await addAccount(ctx, `${unit}-admin`, { orgId: ctx.orgs.get(unit)!.id, role: 'policy_reviewer', name: `政策性审查${username.slice(3)}`, username, seriesScope: [series], year });
  }
  // The self-evaluating hospital's leader assigns its own declarations to its own committee.
  const h1Leader = ctx.accounts.get('hebmu-h1-leader')!;
  await inTransaction((t) =>
    updateAccount(actorOf(ctx, 'hebmu-h1-admin'), h1Leader.id, { permissions: [...h1Leader.permissions, 'qualification.entrust_intermediate', 'qualification.entrust_senior'] }, t),
  );
  ctx.accounts.set('hebmu-h1-leader', (await Account.findByPk(h1Leader.id))!);
  const committees = await addCommittees(ctx, year);
  await addPlans(ctx, year);

  const series = await TitleSeries.findAll();
  const quals = await TitleQualification.findAll();
  const specs = await TitleSpecialty.findAll();
  const seriesOf = (code: string) => series.find((s) => s.code === code)!;

  // Create and fill every applicant's declaration.
  const items: Item[] = [];
  let seniorWs = 0;
  let spread = 0;
  let other = 0;
  let selfN = 0;
  const sections: Array<{ declarationId: number; sectionKey: string; data: unknown }> = [];
  await inspectUpload({ buffer: DEMO_PDF, originalname: 'demo.pdf', size: DEMO_PDF.length }, ['application/pdf']);
  const sha256 = await writeContent(DEMO_PDF);
  await inTransaction(async (t) => {
    for (const [i, account] of ctx.applicants.entries()) {
      const slug = APPLICANT_EMPLOYERS[i % APPLICANT_EMPLOYERS.length];
      const kinds = KINDS[slug];
      const kind = kinds[Math.floor(i / APPLICANT_EMPLOYERS.length) % kinds.length];
      const s = seriesOf(kind.seriesCode);
      const q = quals.find((x) => x.seriesId === s.id && x.name === kind.qualification)!;
      const sp = specs.find((x) => x.seriesId === s.id && x.code === kind.specialty)!;
      const applicant = actorOf(ctx, account.username);
      const d = await createDeclaration(
        applicant,
        { year, seriesCode: kind.seriesCode, level: kind.level, qualificationId: q.id, specialtyId: sp.id, route: kind.route, declType: r.next() < 0.1 ? 'green_channel' : 'normal' },
        t,
      );
      // The same PDF for everyone: stored once by its hash, one file record per declaration.
      const file = await StoredFile.create(
        { sha256, mime: 'application/pdf', size: DEMO_PDF.length, originalName: '申报材料.pdf', declarationId: d.id, purpose: 'baseMaterials', uploadedById: account.id },
        { transaction: t },
      );
      const person = { name: account.name, idNumber: account.idNumber!, employerName: ctx.orgs.get(slug)!.name, seriesCode: kind.seriesCode, level: kind.level };
      const required = s.requiredMaterials.filter((m) => m.required).map((m) => m.key);
      for (const [key, data] of [...demoSections(person, r, file.id), materialsSection(required, file.id)]) sections.push({ declarationId: d.id, sectionKey: key, data });
      let target: Target;
      if (kind.route === 'recognition') target = r.next() < 0.5 ? 'approved' : 'unit_leader';
      else if (kind.route === 'self') target = SELF[selfN++ % SELF.length];
      else if (kind.seriesCode === 'weisheng' && slug !== 'zd-hospital') {
        // Three in five ready for the meeting (the meeting setup starts from them), the rest spread.
        target = seniorWs++ % 5 < 3 ? 'ready_for_meeting' : WEISHENG_SENIOR[spread++ % WEISHENG_SENIOR.length];
      } else target = OTHERS[other++ % OTHERS.length];
      items.push({ id: d.id, target, applicant });
    }
    await DeclarationSection.bulkCreate(sections, { transaction: t });
  });

  const orgById = new Map<number, [string, Organisation]>([...ctx.orgs.entries()].map(([slug, o]) => [o.id, [slug, o]]));
  const slugOf = (id: number) => orgById.get(id)![0];
  const reviewersByUnit = (orgId: number, seriesCode: string): [Actor, Actor] => {
    const unit = slugOf(orgId);
    const base = unit === 'pingwei' ? `pr-${seriesCode}` : `pr-${unit}`;
    return [actorOf(ctx, base), actorOf(ctx, `${base}-2`)];
  };
  await withoutAnnouncements(() => driveToTargets(
    items,
    {
      staff: (orgId, kind) => actorOf(ctx, `${slugOf(orgId)}-${kind}`),
      reviewers: reviewersByUnit,
      committeeFor: (d: Declaration) =>
        committees.find((c) => c.seriesCode === d.seriesCode && c.levels.includes(d.level) && (d.route === 'self' ? c.type === 'self' && c.ownerOrgId === d.path[d.path.length - 1] : c.type === 'social'))!,
      org: (id) => orgById.get(id)![1],
    },
    year,
    ctx.log,
  ));
  const counts = await db().query<{ status: string; n: number }>('SELECT status, COUNT(*) AS n FROM declarations GROUP BY status ORDER BY status', {
    type: QueryTypes.SELECT,
  });
  ctx.log(`demo: ${items.length} declarations: ${counts.map((c) => `${c.status} ${c.n}`).join(', ')}`);
  // A newcomer's workbench has something at every stage, or the seed says which one it missed.
  assertEveryStage(await Declaration.findAll({ attributes: ['status', 'step'], where: { year }, raw: true }));
}
