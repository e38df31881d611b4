import { z } from 'zod';
import { LEVELS } from '../../domain/titles';
import { pageQuery } from '../../http/route';
import { opinion, specialtyCodes } from '../committees/schema';

export const expertBody = z
  .object({
    idNumber: z.string().trim().min(15).max(18),
    name: z.string().trim().min(2).max(50),
    employerOrgId: z.number().int().positive(),
    specialties: specialtyCodes.min(1),
    titleLevel: z.enum(LEVELS).nullable().optional(),
    titleName: z.string().trim().max(50).nullable().optional(),
    phone: z
      .string()
      .trim()
      .regex(/^[\d+\- ]{5,20}$/, 'digits, spaces, + and - only')
      .nullable()
      .optional(),
  })
  .strict();

export const expertView = z.object({
  id: z.number(),
  accountId: z.number(),
  name: z.string(),
  idNumber: z.string(),
  employerOrgId: z.number().nullable(),
  employerName: z.string().nullable(),
  seriesCode: z.string().nullable(),
  specialties: z.array(z.string()),
  titleLevel: z.string().nullable(),
  titleLevelLabel: z.string().nullable(),
  titleName: z.string().nullable(),
  phone: z.string().nullable(),
  profileStatus: z.enum(['draft', 'submitted', 'approved', 'returned']),
});

export const libraryEntryView = expertView.extend({
  expertId: z.number(),
  libraryStatus: z.enum(['pending', 'active', 'removed']),
  addedVia: z.string(),
  addedAt: z.string(),
});

export const addedExpertView = z.object({
  entry: libraryEntryView,
  /** Only when a new account was made: its one-time initial password. */
  initialPassword: z.string().nullable(),
});

export const libraryQuery = z
  .object({
    ...pageQuery,
    status: z.enum(['pending', 'active', 'removed', 'all']).default('all'),
    specialty: z.string().trim().max(40).optional(),
    q: z.string().trim().max(50).optional(),
  })
  .strict();

export const expertParams = z.object({ id: z.coerce.number().int().positive(), expertId: z.coerce.number().int().positive() }).strict();

export const importJobView = z.object({
  id: z.number(),
  kind: z.string(),
  committeeId: z.number().nullable(),
  fileName: z.string().nullable(),
  status: z.enum(['queued', 'validating', 'applying', 'done', 'failed']),
  total: z.number(),
  processed: z.number(),
  errorCount: z.number(),
  errors: z.array(z.object({ row: z.number(), column: z.string(), code: z.string(), reason: z.string() })),
  result: z.record(z.string(), z.unknown()).nullable(),
  finishedAt: z.string().nullable(),
});

export const importUpload = z.object({ file: z.string().meta({ format: 'binary', description: 'the filled template (.xlsx)' }) });

export const filingBody = z
  .object({
    note: z.string().trim().max(500).nullable().optional(),
    items: z
      .array(z.object({ expertId: z.number().int().positive(), action: z.enum(['add', 'remove']), reason: z.string().trim().max(500).nullable().optional() }).strict())
      .min(1)
      .max(500),
  })
  .strict();

export const filingView = z.object({
  id: z.number(),
  committeeId: z.number(),
  officeOrgId: z.number().nullable(),
  status: z.enum(['draft', 'submitted', 'approved', 'returned']),
  note: z.string().nullable(),
  opinion: z.string().nullable(),
  submittedAt: z.string().nullable(),
  decidedAt: z.string().nullable(),
  items: z.array(z.object({ expertId: z.number(), expertName: z.string().nullable(), action: z.enum(['add', 'remove']), reason: z.string().nullable() })),
});
export const filingQuery = z.object({ status: z.enum(['submitted', 'approved', 'returned']).optional() }).strict();
export const decideBody = z.object({ approve: z.boolean(), opinion }).strict();

export const recommendBody = expertBody.omit({ employerOrgId: true }).extend({ committeeId: z.number().int().positive(), note: z.string().trim().max(500).nullable().optional() }).strict();
export const recommendationView = z.object({
  id: z.number(),
  committeeId: z.number(),
  fromOrgId: z.number(),
  expertId: z.number(),
  expertName: z.string().nullable(),
  specialties: z.array(z.string()),
  status: z.enum(['pending', 'accepted', 'refused']),
  note: z.string().nullable(),
  opinion: z.string().nullable(),
  createdAt: z.string(),
});
export const recommendationQuery = z.object({ side: z.enum(['incoming', 'outgoing']).default('incoming'), status: z.enum(['pending', 'accepted', 'refused']).optional() }).strict();
export const acceptBody = z.object({ accept: z.boolean(), opinion }).strict();
