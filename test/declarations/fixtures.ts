import { Account, Organisation, TitleQualification, TitleSeries, TitleSpecialty } from '../../models';
import { inTransaction } from '../../server/tx';
import { createCommittee } from '../../server/commands/declarations/committees';
import { currentYear } from '../../server/commands/accounts';
import type { Permission } from '../../server/domain/accountTypes';
import type { Level } from '../../server/domain/titles';
import { api } from '../helpers/api';
import { sleep } from '../helpers/sockets';
import { actorFor, buildAccount, buildOrg, rootAdmin, tokenFor, unique, type BuiltOrg } from '../helpers/factories';
import { ROOT_CODE } from '../helpers/env';

/** Minimal files whose type file-type recognises from the bytes. */
export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n');
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

export const YEAR = currentYear();

export interface Staff {
  handler: Account;
  leader: Account;
  handlerToken: string;
  leaderToken: string;
}

const OFFICE_LEADER: Permission[] = ['qualification.leader_review', 'qualification.export', 'qualification.entrust_intermediate', 'qualification.entrust_senior'];

/** A handler and a leader at an org (office leaders may also assign to committees). */
export async function staffOf(org: BuiltOrg, opts: { series?: string[]; officeLeader?: boolean } = {}): Promise<Staff> {
  const handler = await buildAccount(org, { role: 'staff', staffKind: 'handler', seriesScope: opts.series ?? [] });
  const leader = await buildAccount(org, {
    role: 'staff',
    staffKind: 'leader',
    seriesScope: opts.series ?? [],
    ...(opts.officeLeader ? { permissions: OFFICE_LEADER } : {}),
  });
  return { handler, leader, handlerToken: await tokenFor(handler), leaderToken: await tokenFor(leader) };
}

export async function rootOrg(): Promise<BuiltOrg> {
  const org = (await Organisation.findOne({ where: { code: ROOT_CODE } }))!;
  const admin = await rootAdmin();
  return { org, admin, adminActor: await actorFor(admin) };
}

/** city office → county office → employer, each with staff; the test root is the province office. */
export async function buildChain() {
  const province = await rootOrg();
  const city = await buildOrg({ parent: province, kind: 'office', name: `测试市职改办${unique('')}` });
  const county = await buildOrg({ parent: city, kind: 'office', name: `测试县职改办${unique('')}` });
  const employer = await buildOrg({ parent: county, kind: 'employer', category: 'hospital', name: `测试县医院${unique('')}` });
  const [provinceStaff, cityStaff, countyStaff, employerStaff] = [
    await staffOf(province, { officeLeader: true }),
    await staffOf(city, { officeLeader: true }),
    await staffOf(county),
    await staffOf(employer),
  ];
  return { province, city, county, employer, provinceStaff, cityStaff, countyStaff, employerStaff };
}

/** A committee unit with a handler, two policy reviewers (weisheng by default) and a committee. */
export async function buildCommittee(opts: { series?: string; levels?: Level[]; parent?: BuiltOrg } = {}) {
  const series = opts.series ?? 'weisheng';
  const province = opts.parent ?? (await rootOrg());
  const unit = await buildOrg({ parent: province, kind: 'committee_unit', category: 'government', name: `测试评委会组建单位${unique('')}` });
  const handler = await buildAccount(unit, { role: 'staff', staffKind: 'handler' });
  const reviewer1 = await buildAccount(unit, { role: 'policy_reviewer', seriesScope: [series] });
  const reviewer2 = await buildAccount(unit, { role: 'policy_reviewer', seriesScope: [series] });
  const committee = await inTransaction((t) =>
    createCommittee(
      province.adminActor,
      { code: unique('C'), name: `测试${series}高级评审委员会`, seriesCode: series, type: 'social', ownerOrgId: unit.org.id, levels: opts.levels ?? ['zhenggao', 'fugao'] },
      t,
    ),
  );
  return {
    unit,
    committee,
    handler,
    handlerToken: await tokenFor(handler),
    reviewer1,
    reviewer2,
    reviewer1Token: await tokenFor(reviewer1),
    reviewer2Token: await tokenFor(reviewer2),
  };
}

export async function qualificationOf(series: string, name: string) {
  const s = await TitleSeries.findOne({ where: { code: series } });
  const q = s && (await TitleQualification.findOne({ where: { seriesId: s.id, name } }));
  if (!q) throw new Error(`no qualification ${name} (${series})`);
  return q;
}

export async function specialtyOf(series: string, code: string) {
  const s = await TitleSeries.findOne({ where: { code: series } });
  const sp = s && (await TitleSpecialty.findOne({ where: { seriesId: s.id, code } }));
  if (!sp) throw new Error(`no specialty ${code} in ${series}`);
  return sp;
}

export async function newApplicant(employer: BuiltOrg) {
  const account = await buildAccount(employer, { role: 'applicant', name: `申报人${unique('')}`.slice(0, 12), year: YEAR });
  return { account, token: await tokenFor(account) };
}

export async function upload(token: string, declarationId: number, section: string, data: Buffer, name: string, type = 'application/octet-stream', base?: string) {
  const form = new FormData();
  form.append('section', section);
  form.append('file', new Blob([new Uint8Array(data)], { type }), name);
  return api(token, base).post(`/declarations/${declarationId}/files`, form);
}

const SUMMARY = '本人自取得主治医师资格以来，始终坚持以病人为中心，认真履行岗位职责，积极开展临床诊疗、教学和科研工作。'.repeat(12).slice(0, 800);

/** Every section a weisheng 副主任医师 declaration needs, with one PDF for each required material (on `base`, the in-process server by default). */
export async function fillDeclaration(token: string, id: number, materials: string[], base?: string) {
  const a = api(token, base);
  const pdf = await upload(token, id, 'baseMaterials', PDF, '材料.pdf', undefined, base);
  if (pdf.status !== 201) throw new Error(`upload ${pdf.status} ${JSON.stringify(pdf.body)}`);
  const summaryPdf = await upload(token, id, 'workSummary', PDF, '工作总结.pdf', undefined, base);
  const fid = pdf.body.id as number;
  const put = async (key: string, body: unknown) => {
    const res = await a.put(`/declarations/${id}/sections/${key}`, body);
    if (res.status !== 200) throw new Error(`section ${key}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  await put('basicInfo', {
    name: '张医生',
    gender: 'male',
    birthDate: '1985-06-15',
    ethnicity: '汉族',
    politicalStatus: '中共党员',
    phone: '13800138000',
    firstEducation: '本科',
    major: '临床医学',
    degree: '硕士',
    currentTitle: '主治医师',
  });
  await put('currentStatus', {
    employerName: '测试县医院',
    position: '内科主治医师',
    workStartDate: '2008-07-01',
    professionStartDate: '2008-07-01',
    yearsInProfession: 17,
    grassrootsYears: 5,
  });
  await put('baseMaterials', { materials: materials.map((key) => ({ key, fileIds: [fid] })) });
  await put('declarationInfo', { applyReason: '符合副主任医师申报条件' });
  await put('education', {
    items: [
      {
        kind: 'domestic',
        startDate: '2003-09-01',
        endDate: '2008-07-01',
        school: '河北医科大学',
        major: '临床医学',
        educationLevel: '本科',
        degree: '学士',
        studyMode: '全日制',
        xuexinCode: 'A1B2C3D4E5F6',
        fileIds: [fid],
      },
    ],
  });
  await put('workHistory', { items: [{ startDate: '2008-07-01', employer: '测试县医院', post: '内科医师' }] });
  await put('currentTitleCert', {
    seriesName: '卫生',
    qualificationName: '主治医师',
    level: 'zhongji',
    obtainedDate: '2015-05-20',
    certificateNo: 'ZZ2015001',
    issuer: '河北省卫生健康委员会',
    fileIds: [fid],
  });
  await put('workExperience', {
    appraisals: [2021, 2022, 2023, 2024, 2025].map((year) => ({ year, result: '合格' })),
    experiences: [{ kind: 'normal', startDate: '2015-06-01', content: '负责内科病区诊疗工作' }],
  });
  await put('papers', {
    papers: [
      {
        title: '基层医院慢性病管理研究',
        journal: '中华全科医学',
        publishedDate: '2022-03-01',
        authorRank: 1,
        verificationUrl: 'https://kns.cnki.net/kcms/detail/detail.aspx?dbcode=CJFD&filename=ZHQK202203001',
        fileIds: [fid],
      },
    ],
  });
  await put('supplementary', { professionYears: 17, grassrootsYearsSinceTitle: 5 });
  await put('workSummary', { summary: SUMMARY, fileId: summaryPdf.body.id });
}

export const WEISHENG_REQUIRED = ['evaluation_form', 'appointment_proof', 'annual_appraisal', 'integrity_pledge', 'medical_ethics', 'practice_licence'];

/** A weisheng 副主任医师 draft, fully filled in, for an applicant of the employer. */
export async function readyDraft(employer: BuiltOrg, opts: { level?: Level; qualification?: string } = {}) {
  const applicant = await newApplicant(employer);
  const q = await qualificationOf('weisheng', opts.qualification ?? '副主任医师');
  const sp = await specialtyOf('weisheng', 'neike');
  const res = await api(applicant.token).post('/declarations', {
    year: YEAR,
    seriesCode: 'weisheng',
    level: opts.level ?? 'fugao',
    qualificationId: q.id,
    specialtyId: sp.id,
    route: 'review',
    declType: 'normal',
  });
  if (res.status !== 201) throw new Error(`create: ${res.status} ${JSON.stringify(res.body)}`);
  await fillDeclaration(applicant.token, res.body.id, WEISHENG_REQUIRED);
  return { ...applicant, id: res.body.id as number };
}

/** Posts an action and returns the response. */
export const act = (token: string, id: number, body: Record<string, unknown>, base?: string) => api(token, base).post(`/declarations/${id}/actions`, body);

export async function must<T extends { status: number; body: unknown }>(p: Promise<T>, status = 200): Promise<T> {
  const res = await p;
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
}

/** Opens a unit publicity that is already over (period in the past) and completes it. */
export async function publicise(token: string, ids: number[], base?: string) {
  const now = Date.now();
  const p = await must(
    api(token, base).post('/publicities', {
      kind: 'unit',
      title: '职称申报公示',
      startsAt: new Date(now - 6 * 86400_000).toISOString(),
      endsAt: new Date(now - 1000).toISOString(),
      declarationIds: ids,
    }),
    201,
  );
  await must(api(token, base).post(`/publicities/${p.body.id}/complete`));
  return p.body.id as number;
}

export async function recommendUp(token: string, ids: number[], base?: string) {
  return must(
    api(token, base).post('/recommendations', { declarationIds: ids, handlerName: '王经办', handlerPhone: '0311-1234567', opinion: '同意推荐' }),
    201,
  );
}

/**
 * A submitted declaration up the chain: the employer's handler and leader pass it, its unit
 * publicity runs, the unit recommends it; then each office of `offices` (handler, then leader) passes it.
 */
export async function passUp(c: Awaited<ReturnType<typeof buildChain>>, id: number, offices: Staff[] = [c.countyStaff, c.cityStaff, c.provinceStaff]) {
  await must(act(c.employerStaff.handlerToken, id, { action: 'pass' }));
  await must(act(c.employerStaff.leaderToken, id, { action: 'pass' }));
  await publicise(c.employerStaff.handlerToken, [id]);
  await recommendUp(c.employerStaff.handlerToken, [id]);
  for (const s of offices) {
    await must(act(s.handlerToken, id, { action: 'pass' }));
    await must(act(s.leaderToken, id, { action: 'pass' }));
  }
}

/** Events arrive after commit, possibly before the REST answer: poll what was collected. */
export async function until(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await sleep(20);
  }
}
