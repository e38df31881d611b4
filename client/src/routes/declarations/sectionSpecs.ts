import type { SectionKey } from '../../api/declarations';

/**
 * The declaration's sections as the wizard draws them (seed 000 §2.2 (二)), field for field after the
 * server's schemas in server/domain/sections.ts, which stay the judge: the form only shapes what it
 * sends (numbers as numbers, empty optional fields left out) and shows the server's 400 details next
 * to the fields they name.
 */
export type FieldKind = 'text' | 'textarea' | 'date' | 'number' | 'select' | 'files' | 'file' | 'photo';

export interface FieldSpec {
  key: string;
  kind: FieldKind;
  required?: boolean;
  /** Allowed values (the server's enum); labels come from i18n `decl.opt.<value>` or the value itself. */
  options?: readonly string[];
  /** An empty value is sent as null (an end date left empty means 至今). */
  nullable?: boolean;
  max?: number;
  /** Spans the whole row. */
  wide?: boolean;
  /** Default for a new row or an empty section. */
  initial?: string;
  /** Decimal numbers (字数 in thousands). */
  decimal?: boolean;
}

export interface ListSpec {
  key: string;
  item: FieldSpec[];
  max: number;
}

export interface SectionSpec {
  key: SectionKey;
  fields?: FieldSpec[];
  lists?: ListSpec[];
  /** Nested object (转评前 title) in declarationInfo. */
  nested?: { key: string; fields: FieldSpec[] };
}

const EDU = ['中专', '高职高专', '本科', '硕士研究生', '博士研究生', '其他'] as const;
const DEGREE = ['无', '学士', '硕士', '博士'] as const;
const LEVELS = ['zhenggao', 'fugao', 'zhongji', 'zhuli', 'yuan'] as const;

const files: FieldSpec = { key: 'fileIds', kind: 'files', wide: true };
const start: FieldSpec = { key: 'startDate', kind: 'date', required: true };
const endOpen: FieldSpec = { key: 'endDate', kind: 'date', nullable: true };

export const SECTION_SPECS: SectionSpec[] = [
  {
    key: 'basicInfo',
    fields: [
      { key: 'name', kind: 'text', required: true, max: 50 },
      { key: 'gender', kind: 'select', required: true, options: ['male', 'female'] },
      { key: 'birthDate', kind: 'date', required: true },
      { key: 'ethnicity', kind: 'text', required: true, max: 20, initial: '汉族' },
      { key: 'politicalStatus', kind: 'text', required: true, max: 20 },
      { key: 'phone', kind: 'text', required: true, max: 11 },
      { key: 'email', kind: 'text', max: 100 },
      { key: 'firstEducation', kind: 'select', required: true, options: EDU },
      { key: 'major', kind: 'text', required: true, max: 100 },
      { key: 'degree', kind: 'select', required: true, options: DEGREE },
      { key: 'adminPost', kind: 'text', required: true, max: 50, initial: '无' },
      { key: 'adminLevel', kind: 'text', required: true, max: 20, initial: '无' },
      { key: 'currentTitle', kind: 'text', max: 50 },
      { key: 'photoFileId', kind: 'photo' },
    ],
  },
  {
    key: 'currentStatus',
    fields: [
      { key: 'employerName', kind: 'text', required: true, max: 200, wide: true },
      { key: 'department', kind: 'text', max: 100 },
      { key: 'position', kind: 'text', required: true, max: 100 },
      { key: 'workStartDate', kind: 'date', required: true },
      { key: 'professionStartDate', kind: 'date', required: true },
      { key: 'currentTitleDate', kind: 'date' },
      { key: 'yearsInProfession', kind: 'number', required: true },
      { key: 'grassrootsYears', kind: 'number' },
      { key: 'appraisalSummary', kind: 'textarea', max: 200, wide: true },
    ],
  },
  { key: 'baseMaterials' },
  {
    key: 'declarationInfo',
    fields: [
      { key: 'applyReason', kind: 'textarea', max: 2000, wide: true },
      { key: 'exceptionalConditions', kind: 'textarea', max: 2000, wide: true },
      { key: 'specialBasis', kind: 'textarea', max: 2000, wide: true },
    ],
    nested: {
      key: 'transferFrom',
      fields: [
        { key: 'seriesName', kind: 'text', required: true, max: 50 },
        { key: 'qualificationName', kind: 'text', required: true, max: 50 },
        { key: 'obtainedDate', kind: 'date', required: true },
      ],
    },
  },
  {
    key: 'education',
    lists: [
      {
        key: 'items',
        max: 10,
        item: [
          { key: 'kind', kind: 'select', required: true, options: ['domestic', 'foreign', 'hkmt', 'party_school', 'technical'], initial: 'domestic' },
          start,
          { key: 'endDate', kind: 'date', required: true },
          { key: 'school', kind: 'text', required: true, max: 100 },
          { key: 'major', kind: 'text', required: true, max: 100 },
          { key: 'educationLevel', kind: 'select', required: true, options: ['中专', '大专', '本科', '硕士研究生', '博士研究生'], initial: '本科' },
          { key: 'degree', kind: 'select', required: true, options: DEGREE, initial: '学士' },
          { key: 'studyMode', kind: 'select', required: true, options: ['全日制', '在职'], initial: '全日制' },
          { key: 'certificateNo', kind: 'text', max: 40 },
          { key: 'xuexinCode', kind: 'text', max: 12 },
          files,
        ],
      },
    ],
  },
  {
    key: 'workHistory',
    lists: [{ key: 'items', max: 30, item: [start, endOpen, { key: 'employer', kind: 'text', required: true, max: 200 }, { key: 'post', kind: 'text', required: true, max: 100 }, { key: 'note', kind: 'text', max: 500, wide: true }] }],
  },
  {
    key: 'currentTitleCert',
    fields: [
      { key: 'seriesName', kind: 'text', required: true, max: 50 },
      { key: 'qualificationName', kind: 'text', required: true, max: 50 },
      { key: 'level', kind: 'select', required: true, options: LEVELS, initial: 'zhongji' },
      { key: 'obtainedDate', kind: 'date', required: true },
      { key: 'certificateNo', kind: 'text', required: true, max: 50 },
      { key: 'issuer', kind: 'text', required: true, max: 100 },
      { key: 'approvalDocNo', kind: 'text', max: 100 },
      { ...files, required: true },
    ],
  },
  {
    key: 'examCertificates',
    lists: [
      {
        key: 'items',
        max: 10,
        item: [
          { key: 'kind', kind: 'select', required: true, options: ['exam_instead', 'exam_combined', 'other'], initial: 'exam_instead' },
          { key: 'name', kind: 'text', required: true, max: 100 },
          { key: 'certificateNo', kind: 'text', max: 50 },
          { key: 'passedDate', kind: 'date', required: true },
          { key: 'score', kind: 'text', max: 20 },
          files,
        ],
      },
    ],
  },
  {
    key: 'otherCertificates',
    lists: [
      {
        key: 'certificates',
        max: 20,
        item: [{ key: 'name', kind: 'text', required: true, max: 100 }, { key: 'certificateNo', kind: 'text', max: 50 }, { key: 'issuer', kind: 'text', max: 100 }, { key: 'obtainedDate', kind: 'date', required: true }, files],
      },
      { key: 'academicPosts', max: 20, item: [{ key: 'organisation', kind: 'text', required: true, max: 100 }, { key: 'post', kind: 'text', required: true, max: 50 }, start, endOpen] },
    ],
  },
  {
    key: 'workExperience',
    lists: [
      { key: 'appraisals', max: 10, item: [{ key: 'year', kind: 'number', required: true }, { key: 'result', kind: 'select', required: true, options: ['优秀', '合格', '基本合格', '不合格'], initial: '合格' }] },
      {
        key: 'experiences',
        max: 30,
        item: [
          { key: 'kind', kind: 'select', required: true, options: ['normal', 'special'], initial: 'normal' },
          start,
          endOpen,
          { key: 'role', kind: 'text', max: 100 },
          { key: 'content', kind: 'textarea', required: true, max: 2000, wide: true },
          files,
        ],
      },
    ],
  },
  {
    key: 'achievements',
    lists: [
      { key: 'honours', max: 30, item: [{ key: 'name', kind: 'text', required: true, max: 200 }, { key: 'grantor', kind: 'text', required: true, max: 100 }, { key: 'date', kind: 'date', required: true }, { key: 'grade', kind: 'text', max: 20 }, files] },
      {
        key: 'awards',
        max: 30,
        item: [
          { key: 'name', kind: 'text', required: true, max: 200 },
          { key: 'grantor', kind: 'text', required: true, max: 100 },
          { key: 'date', kind: 'date', required: true },
          { key: 'grade', kind: 'text', max: 20 },
          { key: 'rank', kind: 'number', required: true, initial: '1' },
          files,
        ],
      },
      { key: 'expertTitles', max: 20, item: [{ key: 'name', kind: 'text', required: true, max: 200 }, { key: 'grantor', kind: 'text', required: true, max: 100 }, { key: 'date', kind: 'date', required: true }, files] },
      {
        key: 'projects',
        max: 30,
        item: [
          { key: 'name', kind: 'text', required: true, max: 200 },
          { key: 'source', kind: 'text', required: true, max: 100 },
          { key: 'role', kind: 'text', required: true, max: 50 },
          start,
          endOpen,
          { key: 'state', kind: 'select', required: true, options: ['立项', '在研', '结题'], initial: '在研' },
          files,
        ],
      },
      {
        key: 'patents',
        max: 30,
        item: [
          { key: 'name', kind: 'text', required: true, max: 200 },
          { key: 'patentNo', kind: 'text', required: true, max: 40 },
          { key: 'kind', kind: 'select', required: true, options: ['发明', '实用新型', '外观设计'], initial: '发明' },
          { key: 'rank', kind: 'number', required: true, initial: '1' },
          { key: 'date', kind: 'date', required: true },
          files,
        ],
      },
      { key: 'other', max: 30, item: [{ key: 'name', kind: 'text', required: true, max: 200 }, { key: 'date', kind: 'date' }, { key: 'description', kind: 'textarea', max: 2000, wide: true }, files] },
    ],
  },
  {
    key: 'papers',
    lists: [
      {
        key: 'papers',
        max: 50,
        item: [
          { key: 'title', kind: 'text', required: true, max: 300, wide: true },
          { key: 'journal', kind: 'text', required: true, max: 200 },
          { key: 'issn', kind: 'text', max: 40 },
          { key: 'publishedDate', kind: 'date', required: true },
          { key: 'authorRank', kind: 'number', required: true, initial: '1' },
          { key: 'verificationUrl', kind: 'text', required: true, max: 500, wide: true },
          files,
        ],
      },
      {
        key: 'books',
        max: 20,
        item: [
          { key: 'title', kind: 'text', required: true, max: 300, wide: true },
          { key: 'publisher', kind: 'text', required: true, max: 200 },
          { key: 'isbn', kind: 'text', max: 40 },
          { key: 'publishedDate', kind: 'date', required: true },
          { key: 'role', kind: 'select', required: true, options: ['独著', '主编', '副主编', '参编'], initial: '独著' },
          { key: 'thousandWords', kind: 'number', required: true, decimal: true },
          files,
        ],
      },
    ],
  },
  {
    key: 'supplementary',
    fields: [
      { key: 'professionYears', kind: 'number', required: true },
      { key: 'grassrootsYearsSinceTitle', kind: 'number' },
      { key: 'adminPost', kind: 'text', required: true, max: 50, initial: '无' },
      { key: 'exceptionalConditions', kind: 'textarea', max: 2000, wide: true },
      { key: 'notes', kind: 'textarea', max: 2000, wide: true },
    ],
  },
  {
    key: 'workSummary',
    fields: [
      { key: 'summary', kind: 'textarea', required: true, max: 1500, wide: true },
      { key: 'fileId', kind: 'file', required: true },
    ],
  },
];

export const SECTION_KEYS = SECTION_SPECS.map((s) => s.key);
export const specOf = (key: SectionKey) => SECTION_SPECS.find((s) => s.key === key)!;

/** Form values are strings (and id lists); a row is one object of them. */
export type FormValue = string | number[];
export type FormRow = Record<string, FormValue>;

export function emptyRow(fields: FieldSpec[]): FormRow {
  const row: FormRow = {};
  for (const f of fields) row[f.key] = f.kind === 'files' ? [] : (f.initial ?? '');
  return row;
}

/** Server data → form strings. */
export function toRow(fields: FieldSpec[], data: Record<string, unknown> | undefined): FormRow {
  const row = emptyRow(fields);
  if (!data) return row;
  for (const f of fields) {
    const v = data[f.key];
    if (f.kind === 'files') row[f.key] = Array.isArray(v) ? (v as number[]) : [];
    else if (v === null || v === undefined) row[f.key] = f.initial && !(f.key in data) ? f.initial : '';
    else row[f.key] = String(v);
  }
  return row;
}

/** Form strings → what the schema takes: empty optional fields left out, nullable ones null. */
export function fromRow(fields: FieldSpec[], row: FormRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = row[f.key];
    if (f.kind === 'files') {
      out[f.key] = v;
      continue;
    }
    const s = typeof v === 'string' ? v.trim() : '';
    if (s === '') {
      if (f.nullable) out[f.key] = null;
      else if (f.required && f.kind !== 'number' && f.kind !== 'file' && f.kind !== 'photo') out[f.key] = ''; // the server names it
      continue;
    }
    if (f.kind === 'number' || f.kind === 'file' || f.kind === 'photo') {
      const n = Number(s);
      out[f.key] = Number.isFinite(n) ? n : s;
    } else out[f.key] = s;
  }
  return out;
}
