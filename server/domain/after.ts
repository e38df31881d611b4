import crypto from 'node:crypto';

/**
 * After the meeting (DESIGN §11, issue 7): result publicity, re-checks and complaints, filing,
 * certificates. Pure values and rules; nothing here touches the database.
 */

/** 评审结果公示 */
export const PUBLICITY_STATUSES = ['open', 'completed'] as const;
export type ResultPublicityStatus = (typeof PUBLICITY_STATUSES)[number];

/**
 * One applicant on a result publicity. `pending` while the period runs; at completion a passed
 * result is `confirmed`, or `held` (暂缓) when a report stands against it; a held result is later
 * `confirmed` or `revoked`. A failed result is `failed` from publication on.
 */
export const ITEM_OUTCOMES = ['pending', 'confirmed', 'held', 'revoked', 'failed'] as const;
export type ItemOutcome = (typeof ITEM_OUTCOMES)[number];
export const ITEM_OUTCOME_LABELS: Record<ItemOutcome, string> = {
  pending: '公示中',
  confirmed: '评审通过',
  held: '暂缓确认',
  revoked: '取消通过',
  failed: '评审未通过',
};

/** 举报: open until the committee unit finds it true (upheld) or not (dismissed). */
export const REPORT_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, string> = { open: '待处理', upheld: '属实', dismissed: '不属实' };

/** 复查 (re-check of one's result) or 投诉 (complaint), Art. 27. */
export const APPEAL_KINDS = ['recheck', 'complaint'] as const;
export type AppealKind = (typeof APPEAL_KINDS)[number];
export const APPEAL_KIND_LABELS: Record<AppealKind, string> = { recheck: '申请复查', complaint: '投诉' };
export const APPEAL_STATUSES = ['submitted', 'accepted', 'concluded', 'rejected'] as const;
export type AppealStatus = (typeof APPEAL_STATUSES)[number];
export const APPEAL_STATUS_LABELS: Record<AppealStatus, string> = { submitted: '已提交', accepted: '已受理', concluded: '已办结', rejected: '不予受理' };
/** Which way a handler may move an appeal. */
export const APPEAL_MOVES: Record<AppealStatus, AppealStatus[]> = {
  submitted: ['accepted', 'rejected'],
  accepted: ['concluded'],
  concluded: [],
  rejected: [],
};

/** 评审工作备案 (seed 004 §6.2.11) and its four attachments. */
export const FILING_STATUSES = ['draft', 'submitted', 'passed', 'returned'] as const;
export type FilingStatus = (typeof FILING_STATUSES)[number];
export const FILING_STATUS_LABELS: Record<FilingStatus, string> = { draft: '草稿', submitted: '待审核', passed: '已备案', returned: '已退回' };
export const FILING_ATTACHMENTS = ['notice', 'list', 'explanation', 'qualification'] as const;
export type FilingAttachment = (typeof FILING_ATTACHMENTS)[number];
export const FILING_ATTACHMENT_LABELS: Record<FilingAttachment, string> = {
  notice: '评委会通知',
  list: '评审结果公示名单',
  explanation: '公示情况说明',
  qualification: '任职资格文件',
};

/** The filings column holding an attachment's file id. */
export const fileColumn = (kind: FilingAttachment) => `${kind}FileId` as const;

/** 证书 */
export const CERTIFICATE_STATUSES = ['valid', 'revoked'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];
export const CERTIFICATE_SOURCES = ['issued', 'imported'] as const;
export type CertificateSource = (typeof CERTIFICATE_SOURCES)[number];

/** Serials are printed with this many digits; a range may not go beyond. */
export const SERIAL_DIGITS = 6;
export const MAX_SERIAL = 10 ** SERIAL_DIGITS - 1;

/**
 * 证书编号: the issuing unit's code, the year and the serial (e.g. `1300` + `2026` + `000017`).
 * Unit codes are digits, so numbers of different units and years never collide.
 */
export function certificateNumber(unitCode: string, year: number, serial: number): string {
  return `${unitCode}${year}${String(serial).padStart(SERIAL_DIGITS, '0')}`;
}

/** Ranges [a1, b1] and [a2, b2] share a serial. */
export const rangesOverlap = (a1: number, b1: number, a2: number, b2: number) => a1 <= b2 && a2 <= b1;

/**
 * 核验码: 16 characters from a 31-letter alphabet without look-alikes (no 0/O, 1/I/L), 79 bits of
 * randomness, so a code cannot be guessed; shown in groups of four.
 */
const ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export function newVerifyCode(): string {
  let s = '';
  for (let i = 0; i < 16; i++) s += ALPHABET[crypto.randomInt(ALPHABET.length)];
  return s;
}
export const formatVerifyCode = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');
/** What a person types or a QR link carries: any case, with or without dashes and spaces. */
export const normaliseVerifyCode = (input: string) => input.toUpperCase().replace(/[\s-]/g, '');
export const VERIFY_CODE_RE = /^[2-9A-HJKMNP-Z]{16}$/;

/** The person's key for "one valid certificate per person and level". */
export const holderKey = (idNumber: string, level: string) => `${idNumber}|${level}`;

/** 张三 → 张*, 欧阳明 → 欧*明: how the public notices show a name. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}

/** 统计 dimensions (seed 002 七 报表查询). */
export const STAT_DIMENSIONS = ['series', 'level', 'education', 'unitLevel', 'age'] as const;
export type StatDimension = (typeof STAT_DIMENSIONS)[number];
export const STAT_MEASURES = ['declared', 'passed', 'certified'] as const;
export type StatMeasure = (typeof STAT_MEASURES)[number];
export const AGE_BUCKETS: Array<{ key: string; label: string; max: number }> = [
  { key: 'le30', label: '30岁及以下', max: 30 },
  { key: '31_35', label: '31-35岁', max: 35 },
  { key: '36_40', label: '36-40岁', max: 40 },
  { key: '41_45', label: '41-45岁', max: 45 },
  { key: '46_50', label: '46-50岁', max: 50 },
  { key: '51_55', label: '51-55岁', max: 55 },
  { key: 'gt55', label: '56岁及以上', max: 200 },
];
export const EDUCATION_ORDER = ['博士研究生', '硕士研究生', '本科', '大专', '高职高专', '中专', '其他'] as const;
export const UNIT_LEVEL_LABELS: Record<string, string> = { province: '省直单位', city: '市直单位', county: '县（区）属单位', other: '其他' };

/** Settings of this area with their defaults (table `after_settings`). */
export interface AfterSettings {
  /** 公示期: at least this many working days (Art. 26: 5). */
  publicityMinWorkingDays: number;
  /** 黑名单 years a person may be banned for (seed 002: 1, 3, 5). */
  blacklistYears: number[];
}
export const DEFAULT_AFTER_SETTINGS: AfterSettings = { publicityMinWorkingDays: 5, blacklistYears: [1, 3, 5] };
