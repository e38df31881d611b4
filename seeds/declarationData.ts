import { SECTION_SCHEMAS, type SectionKey } from '../server/domain/sections';
import { LEVEL_LABELS, type Level } from '../server/domain/titles';
import type { Prng } from './random';

/** The title an applicant holds now, one level below what they declare. */
const HELD: Record<string, Partial<Record<Level, { name: string; level: Level }>>> = {
  weisheng: { zhenggao: { name: '副主任医师', level: 'fugao' }, fugao: { name: '主治医师', level: 'zhongji' }, zhongji: { name: '医师', level: 'zhuli' } },
  zhongxiaoxue: { zhenggao: { name: '高级教师', level: 'fugao' }, fugao: { name: '一级教师', level: 'zhongji' }, zhongji: { name: '二级教师', level: 'zhuli' } },
  gaoxiao: { zhenggao: { name: '副教授', level: 'fugao' }, fugao: { name: '讲师', level: 'zhongji' }, zhongji: { name: '助教', level: 'zhuli' } },
  gongcheng: { zhenggao: { name: '高级工程师', level: 'fugao' }, fugao: { name: '工程师', level: 'zhongji' }, zhongji: { name: '助理工程师', level: 'zhuli' } },
};
const SERIES_NAME: Record<string, string> = { weisheng: '卫生', zhongxiaoxue: '中小学教师', gaoxiao: '高校教师', gongcheng: '工程' };
const SCHOOLS = ['河北医科大学', '河北师范大学', '河北工业大学', '燕山大学', '河北大学', '石家庄铁道大学'];
const MAJORS: Record<string, string> = { weisheng: '临床医学', zhongxiaoxue: '汉语言文学', gaoxiao: '教育学', gongcheng: '土木工程' };
const JOURNALS: Record<string, string> = { weisheng: '中华全科医学', zhongxiaoxue: '中小学教学研究', gaoxiao: '高等教育研究', gongcheng: '建筑结构' };

const pad = (n: number) => String(n).padStart(2, '0');

export interface Person {
  name: string;
  idNumber: string;
  employerName: string;
  seriesCode: string;
  level: Level;
}

/**
 * A complete, plausible set of sections for one applicant. Every section is parsed by the same zod
 * schema the API uses, so the demo holds only data the API would accept.
 */
export function demoSections(p: Person, r: Prng, fileId: number): Array<[SectionKey, unknown]> {
  const birthYear = Number(p.idNumber.slice(6, 10));
  const gradYear = Math.max(birthYear + 22, 2003);
  const held = HELD[p.seriesCode]?.[p.level] ?? { name: '助理级', level: 'zhuli' as Level };
  const titleYear = Math.min(2021, gradYear + r.int(5, 10));
  const major = MAJORS[p.seriesCode] ?? '管理学';
  const summary = `本人${gradYear}年毕业于${r.pick(SCHOOLS)}${major}专业，同年参加工作，${titleYear}年取得${held.name}资格。任现职以来，认真履行岗位职责，坚持学习业务理论，积极参与本单位重点工作，在${SERIES_NAME[p.seriesCode] ?? ''}专业技术工作中取得了一定成绩。`
    .repeat(6)
    .slice(0, 780);
  const raw: Array<[SectionKey, unknown]> = [
    [
      'basicInfo',
      {
        name: p.name,
        gender: Number(p.idNumber[16]) % 2 === 1 ? 'male' : 'female',
        birthDate: `${p.idNumber.slice(6, 10)}-${p.idNumber.slice(10, 12)}-${p.idNumber.slice(12, 14)}`,
        ethnicity: '汉族',
        politicalStatus: r.pick(['中共党员', '群众', '民主党派']),
        phone: `13${r.int(100000000, 999999999)}`,
        firstEducation: '本科',
        major,
        degree: r.pick(['学士', '硕士']),
        currentTitle: held.name,
      },
    ],
    [
      'currentStatus',
      {
        employerName: p.employerName,
        position: `${held.name}`,
        workStartDate: `${gradYear}-07-01`,
        professionStartDate: `${gradYear}-07-01`,
        currentTitleDate: `${titleYear}-${pad(r.int(1, 12))}-15`,
        yearsInProfession: 2026 - gradYear,
        ...(p.seriesCode === 'weisheng' || p.seriesCode === 'zhongxiaoxue' ? { grassrootsYears: r.int(1, 5) } : {}),
      },
    ],
    ['declarationInfo', { applyReason: `申报${LEVEL_LABELS[p.level]}职称，符合相应资格条件。` }],
    [
      'education',
      {
        items: [
          {
            kind: 'domestic',
            startDate: `${gradYear - 4}-09-01`,
            endDate: `${gradYear}-07-01`,
            school: r.pick(SCHOOLS),
            major,
            educationLevel: '本科',
            degree: '学士',
            studyMode: '全日制',
            xuexinCode: `A${String(r.int(10000000000, 99999999999))}`.slice(0, 12),
            fileIds: [fileId],
          },
        ],
      },
    ],
    ['workHistory', { items: [{ startDate: `${gradYear}-07-01`, employer: p.employerName, post: held.name }] }],
    [
      'currentTitleCert',
      {
        seriesName: SERIES_NAME[p.seriesCode] ?? p.seriesCode,
        qualificationName: held.name,
        level: held.level,
        obtainedDate: `${titleYear}-06-30`,
        certificateNo: `HB${titleYear}${r.int(100000, 999999)}`,
        issuer: '河北省人力资源和社会保障厅',
        fileIds: [fileId],
      },
    ],
    [
      'workExperience',
      {
        appraisals: [2021, 2022, 2023, 2024, 2025].map((year) => ({ year, result: r.next() < 0.3 ? '优秀' : '合格' })),
        experiences: [{ kind: 'normal', startDate: `${titleYear}-07-01`, content: `承担本专业主要技术工作，${r.pick(['主持', '参与'])}多项重点任务。`, fileIds: [fileId] }],
      },
    ],
    [
      'papers',
      {
        papers: [
          {
            title: `${major}实践中若干问题的研究`,
            journal: JOURNALS[p.seriesCode] ?? '管理世界',
            publishedDate: `${r.int(2021, 2025)}-${pad(r.int(1, 12))}-01`,
            authorRank: r.int(1, 3),
            verificationUrl: `https://kns.cnki.net/kcms/detail/detail.aspx?filename=DEMO${r.int(100000, 999999)}`,
            fileIds: [fileId],
          },
        ],
      },
    ],
    ['supplementary', { professionYears: 2026 - gradYear, adminPost: '无' }],
    ['workSummary', { summary, fileId }],
  ];
  return raw.map(([k, v]) => [k, SECTION_SCHEMAS[k].parse(v)]);
}

/** The required base materials of a series, all pointing at the one demo PDF. */
export const materialsSection = (keys: string[], fileId: number): [SectionKey, unknown] => [
  'baseMaterials',
  SECTION_SCHEMAS.baseMaterials.parse({ materials: keys.map((key) => ({ key, fileIds: [fileId] })) }),
];

/** A small valid PDF (the demo's only upload; stored once by its hash). */
export const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);
