import { z } from 'zod';
import { expertView } from '../library/schema';
import { opinion } from '../committees/schema';

const s = (max: number) => z.string().trim().max(max);
const period = { from: s(10).optional(), to: s(10).optional() };

/** 专家个人信息: 学习经历, 工作履历, 荣誉, 奖励, 专家称号, 论文, 论著. */
export const profileSchema = z
  .object({
    education: z.array(z.object({ school: s(100).min(1), major: s(100).optional(), degree: s(50).optional(), ...period }).strict()).max(20).optional(),
    work: z.array(z.object({ employer: s(200).min(1), position: s(100).optional(), ...period }).strict()).max(50).optional(),
    honours: z.array(s(200).min(1)).max(100).optional(),
    awards: z.array(s(200).min(1)).max(100).optional(),
    expertTitles: z.array(s(200).min(1)).max(50).optional(),
    papers: z.array(z.object({ title: s(300).min(1), journal: s(200).optional(), year: z.number().int().min(1900).max(2100).optional() }).strict()).max(300).optional(),
    books: z.array(z.object({ title: s(300).min(1), publisher: s(200).optional(), year: z.number().int().min(1900).max(2100).optional() }).strict()).max(100).optional(),
    note: s(2000).optional(),
  })
  .strict();

export const saveProfileBody = z
  .object({
    profile: profileSchema,
    phone: z
      .string()
      .trim()
      .regex(/^[\d+\- ]{5,20}$/, 'digits, spaces, + and - only')
      .nullable()
      .optional(),
    titleName: s(50).nullable().optional(),
  })
  .strict();

export const profileLogEntry = z.object({ action: z.string(), orgId: z.number().nullable(), actorName: z.string(), opinion: z.string().nullable(), createdAt: z.string() });

export const profileView = expertView.extend({
  profile: profileSchema,
  profileChain: z.array(z.number()).nullable(),
  /** The organisation where a submitted profile waits now. */
  waitingAtOrgId: z.number().nullable(),
  log: z.array(profileLogEntry),
});

export const reviewBody = z.object({ approve: z.boolean(), opinion }).strict();
