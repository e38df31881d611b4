import { z } from 'zod';
import { LEVELS } from './titles';

/**
 * The sections of a declaration (seed 000 §2.2 (二), seed 001 五), each saved on its own as a draft
 * and validated by its own schema. Completeness across sections is checked only at submit.
 */
const isRealDate = (s: string) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD').refine(isRealDate, 'Not a real date');
const req = (max: number) => z.string().trim().min(1, 'Required').max(max);
const opt = (max: number) => z.string().trim().max(max).optional();
const fileIds = z.array(z.number().int().positive()).max(20).default([]);
const list = <T extends z.ZodType>(item: T, max: number) => z.array(item).max(max).default([]);

function checkRange<T extends { startDate: string; endDate?: string | null }>(rows: T[], ctx: z.RefinementCtx, base: string) {
  rows.forEach((r, i) => {
    if (r.endDate && r.endDate < r.startDate) ctx.addIssue({ code: 'custom', path: [base, i, 'endDate'], message: 'Ends before it starts' });
  });
}

/** 个人基本信息 */
const basicInfo = z
  .object({
    name: req(50),
    gender: z.enum(['male', 'female']),
    birthDate: date,
    ethnicity: req(20),
    politicalStatus: req(20),
    phone: z.string().regex(/^1\d{10}$/, 'An 11-digit mobile number'),
    email: z.email().max(100).optional(),
    /** 第一学历 */
    firstEducation: z.enum(['中专', '高职高专', '本科', '硕士研究生', '博士研究生', '其他']),
    major: req(100),
    degree: z.enum(['无', '学士', '硕士', '博士']),
    /** 行政职务 / 级别: 无 when none (a hidden post counts as fraud, seed 000). */
    adminPost: req(50).default('无'),
    adminLevel: req(20).default('无'),
    /** 现专业技术职务 */
    currentTitle: opt(50),
    photoFileId: z.number().int().positive().optional(),
  })
  .strict();

/** 申报人现状 */
const currentStatus = z
  .object({
    employerName: req(200),
    department: opt(100),
    position: req(100),
    workStartDate: date,
    professionStartDate: date,
    currentTitleDate: date.optional(),
    yearsInProfession: z.number().int().min(0).max(60),
    /** 获现职后基层工作年限: education and health only (seed 000 说明 4). */
    grassrootsYears: z.number().int().min(0).max(60).optional(),
    appraisalSummary: opt(200),
  })
  .strict();

/** 申报基础材料: uploads by material key (the series decides which are required). */
const baseMaterials = z
  .object({
    materials: z
      .array(z.object({ key: z.string().regex(/^[a-z_]{2,40}$/), fileIds: z.array(z.number().int().positive()).min(1).max(20) }).strict())
      .max(30),
  })
  .strict()
  .superRefine((v, ctx) => {
    const seen = new Set<string>();
    v.materials.forEach((m, i) => {
      if (seen.has(m.key)) ctx.addIssue({ code: 'custom', path: ['materials', i, 'key'], message: 'Listed twice' });
      seen.add(m.key);
    });
  });

/** 申报信息 */
const declarationInfo = z
  .object({
    applyReason: opt(2000),
    /** 破格条件: required for an exceptional declaration. */
    exceptionalConditions: opt(2000),
    /** 转评: the title held in the other series. */
    transferFrom: z.object({ seriesName: req(50), qualificationName: req(50), obtainedDate: date }).strict().optional(),
    /** 绿色通道 / 一步到位 / 高技能人才: the basis. */
    specialBasis: opt(2000),
  })
  .strict();

/** 学习资历. Degrees from 2002 on need the 12-character 学信网 verification code (seed 001 五(二)1). */
const education = z
  .object({
    items: list(
      z
        .object({
          kind: z.enum(['domestic', 'foreign', 'hkmt', 'party_school', 'technical']),
          startDate: date,
          endDate: date,
          school: req(100),
          major: req(100),
          educationLevel: z.enum(['中专', '大专', '本科', '硕士研究生', '博士研究生']),
          degree: z.enum(['无', '学士', '硕士', '博士']),
          studyMode: z.enum(['全日制', '在职']),
          certificateNo: opt(40),
          xuexinCode: z.string().regex(/^[A-Za-z0-9]{12}$/, '12 letters or digits').optional(),
          fileIds,
        })
        .strict(),
      10,
    ),
  })
  .strict()
  .superRefine((v, ctx) => {
    checkRange(v.items, ctx, 'items');
    v.items.forEach((e, i) => {
      if (e.kind === 'domestic' && e.endDate >= '2002-01-01' && !e.xuexinCode) {
        ctx.addIssue({ code: 'custom', path: ['items', i, 'xuexinCode'], message: 'A 学信网 verification code is required for degrees from 2002 on' });
      }
    });
  });

/** 工作履历, newest first. */
const workHistory = z
  .object({
    items: list(z.object({ startDate: date, endDate: date.nullable().default(null), employer: req(200), post: req(100), note: opt(500) }).strict(), 30),
  })
  .strict()
  .superRefine((v, ctx) => checkRange(v.items, ctx, 'items'));

/** 现任专业技术职务任职资格证书 */
const currentTitleCert = z
  .object({
    seriesName: req(50),
    qualificationName: req(50),
    level: z.enum(LEVELS),
    obtainedDate: date,
    certificateNo: req(50),
    issuer: req(100),
    approvalDocNo: opt(100),
    fileIds: z.array(z.number().int().positive()).min(1).max(20),
  })
  .strict();

/** 以考代评 / 考评结合 certificates */
const examCertificates = z
  .object({
    items: list(
      z
        .object({
          kind: z.enum(['exam_instead', 'exam_combined', 'other']),
          name: req(100),
          certificateNo: opt(50),
          passedDate: date,
          score: opt(20),
          fileIds,
        })
        .strict(),
      10,
    ),
  })
  .strict();

/** 其他证书 and 学术团体和社会兼职 */
const otherCertificates = z
  .object({
    certificates: list(z.object({ name: req(100), certificateNo: opt(50), issuer: opt(100), obtainedDate: date, fileIds }).strict(), 20),
    academicPosts: list(z.object({ organisation: req(100), post: req(50), startDate: date, endDate: date.nullable().default(null) }).strict(), 20),
  })
  .strict()
  .superRefine((v, ctx) => checkRange(v.academicPosts, ctx, 'academicPosts'));

/** 专业技术工作经历: 任职以来年度考核, 专业技术工作经验, 特殊专业技术工作经验 */
const workExperience = z
  .object({
    appraisals: list(z.object({ year: z.number().int().min(1990).max(2100), result: z.enum(['优秀', '合格', '基本合格', '不合格']) }).strict(), 10),
    experiences: list(
      z
        .object({
          kind: z.enum(['normal', 'special']),
          startDate: date,
          endDate: date.nullable().default(null),
          content: req(2000),
          role: opt(100),
          fileIds,
        })
        .strict(),
      30,
    ),
  })
  .strict()
  .superRefine((v, ctx) => {
    checkRange(v.experiences, ctx, 'experiences');
    const years = new Set<number>();
    v.appraisals.forEach((a, i) => {
      if (years.has(a.year)) ctx.addIssue({ code: 'custom', path: ['appraisals', i, 'year'], message: 'Listed twice' });
      years.add(a.year);
    });
  });

/** 业绩成果 */
const named = { name: req(200), fileIds };
const achievements = z
  .object({
    honours: list(z.object({ ...named, grantor: req(100), date, grade: opt(20) }).strict(), 30),
    awards: list(z.object({ ...named, grantor: req(100), date, grade: opt(20), rank: z.number().int().min(1).max(50) }).strict(), 30),
    expertTitles: list(z.object({ ...named, grantor: req(100), date }).strict(), 20),
    projects: list(
      z
        .object({
          ...named,
          source: req(100),
          role: req(50),
          startDate: date,
          endDate: date.nullable().default(null),
          state: z.enum(['立项', '在研', '结题']),
        })
        .strict(),
      30,
    ),
    patents: list(
      z.object({ ...named, patentNo: req(40), kind: z.enum(['发明', '实用新型', '外观设计']), rank: z.number().int().min(1).max(50), date }).strict(),
      30,
    ),
    other: list(z.object({ ...named, description: opt(2000), date: date.optional() }).strict(), 30),
  })
  .strict();

/** Papers must be verifiable on 中国知网, 万方 or 维普 (seed 001 五(四)1). */
export const PAPER_HOSTS = ['cnki.net', 'cnki.com.cn', 'wanfangdata.com.cn', 'cqvip.com'];
const verificationUrl = z
  .url({ protocol: /^https?$/ })
  .max(500)
  .refine((u) => {
    const host = new URL(u).hostname;
    return PAPER_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
  }, `Must be a search result on ${PAPER_HOSTS.join(', ')}`);

/** 论文论著 */
const papers = z
  .object({
    papers: list(
      z
        .object({
          title: req(300),
          journal: req(200),
          issn: opt(40),
          publishedDate: date,
          authorRank: z.number().int().min(1).max(50),
          verificationUrl,
          fileIds,
        })
        .strict(),
      50,
    ),
    books: list(
      z
        .object({
          title: req(300),
          publisher: req(200),
          isbn: opt(40),
          publishedDate: date,
          role: z.enum(['独著', '主编', '副主编', '参编']),
          thousandWords: z.number().min(0).max(10000),
          fileIds,
        })
        .strict(),
      20,
    ),
  })
  .strict();

/** 一览表补充信息 (seed 000 说明) */
const supplementary = z
  .object({
    professionYears: z.number().int().min(0).max(60),
    grassrootsYearsSinceTitle: z.number().int().min(0).max(60).optional(),
    adminPost: req(50).default('无'),
    exceptionalConditions: opt(2000),
    notes: opt(2000),
  })
  .strict();

/** 工作总结: about 800 characters, plus the PDF. */
const workSummary = z
  .object({
    summary: z.string().trim().min(200, 'At least 200 characters (about 800 expected)').max(1500, 'At most 1500 characters'),
    fileId: z.number().int().positive(),
  })
  .strict();

export const SECTION_SCHEMAS = {
  basicInfo,
  currentStatus,
  baseMaterials,
  declarationInfo,
  education,
  workHistory,
  currentTitleCert,
  examCertificates,
  otherCertificates,
  workExperience,
  achievements,
  papers,
  supplementary,
  workSummary,
} as const;
export type SectionKey = keyof typeof SECTION_SCHEMAS;
export const SECTION_KEYS = Object.keys(SECTION_SCHEMAS) as SectionKey[];
export type SectionData<K extends SectionKey> = z.infer<(typeof SECTION_SCHEMAS)[K]>;

export const SECTION_LABELS: Record<SectionKey, string> = {
  basicInfo: '个人基本信息',
  currentStatus: '申报人现状',
  baseMaterials: '申报基础材料',
  declarationInfo: '申报信息',
  education: '学习资历',
  workHistory: '工作履历',
  currentTitleCert: '现任专业技术职务任职资格证书',
  examCertificates: '考试合格证书',
  otherCertificates: '其他证书及学术团体和社会兼职',
  workExperience: '专业技术工作经历',
  achievements: '业绩成果',
  papers: '论文论著',
  supplementary: '一览表补充信息',
  workSummary: '工作总结',
};

/** Chinese names of the sections' fields, for read-only views (the materials experts review). */
export const FIELD_LABELS: Record<string, string> = {
  name: '姓名', gender: '性别', birthDate: '出生日期', ethnicity: '民族', politicalStatus: '政治面貌', phone: '手机号码', email: '电子邮箱',
  firstEducation: '第一学历', major: '所学专业', degree: '学位', adminPost: '行政职务', adminLevel: '行政级别', currentTitle: '现专业技术职务',
  photoFileId: '照片', employerName: '工作单位', department: '所在部门', position: '岗位', workStartDate: '参加工作时间',
  professionStartDate: '从事专业技术工作时间', currentTitleDate: '取得现职时间', yearsInProfession: '专业技术工作年限',
  grassrootsYears: '基层工作年限', grassrootsYearsSinceTitle: '取得现职后基层工作年限', appraisalSummary: '近五年考核情况',
  materials: '材料', key: '材料', fileIds: '附件', fileId: '附件', items: '明细', startDate: '起始时间', endDate: '结束时间',
  school: '学校', educationLevel: '学历', studyMode: '学习形式', xuexinCode: '学信网验证码', employer: '单位', post: '职务', note: '备注',
  notes: '备注', seriesName: '系列', qualificationName: '资格名称', level: '层级', obtainedDate: '取得时间', certificateNo: '证书编号',
  issuer: '发证机关', approvalDocNo: '批准文号', kind: '类别', passedDate: '通过时间', score: '成绩', title: '名称', role: '本人角色',
  organisation: '组织/单位', content: '内容', year: '年度', result: '结果', grade: '等级', rank: '排名', grantor: '授予单位',
  description: '说明', patentNo: '专利号', journal: '刊物', issn: '刊号', publishedDate: '发表时间', authorRank: '作者排名',
  publisher: '出版社', isbn: 'ISBN', thousandWords: '字数（千字）', source: '来源', summary: '工作总结摘要', applyReason: '申报理由',
  exceptionalConditions: '破格条件', specialBasis: '特殊依据', transferFrom: '转评前系列', professionYears: '专业年限',
  declType: '申报类型', honours: '荣誉', awards: '奖励', expertTitles: '专家称号', projects: '项目', patents: '专利', other: '其他',
  books: '论著', experiences: '经历', appraisals: '年度考核', certificates: '证书', academicPosts: '学术团体与社会兼职', url: '检索验证地址',
};
