import { z } from 'zod';
import { pageQuery } from '../../http/route';
import { PUBLICITY_KINDS } from '../../domain/titles';

const when = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

export const publicityBody = z
  .object({
    kind: z.enum(PUBLICITY_KINDS),
    title: z.string().trim().min(2).max(200),
    content: z.string().trim().max(5000).nullable().optional(),
    startsAt: when,
    endsAt: when,
    declarationIds: z.array(z.number().int().positive()).min(1).max(500),
  })
  .strict();

export const publicityQuery = z
  .object({ ...pageQuery, kind: z.enum(PUBLICITY_KINDS).optional(), status: z.enum(['open', 'completed']).optional() })
  .strict();

export const publicityView = z.object({
  id: z.number(),
  kind: z.enum(PUBLICITY_KINDS),
  kindName: z.string(),
  org: z.object({ id: z.number(), name: z.string() }).nullable(),
  committeeId: z.number().nullable(),
  year: z.number(),
  title: z.string(),
  content: z.string().nullable(),
  startsAt: z.string(),
  endsAt: z.string(),
  status: z.string(),
  itemCount: z.number(),
  reportCount: z.number().optional(),
});

/** A line of a publicity list: what the public may see (no ID numbers). */
export const publicItem = z.object({
  declarationId: z.number(),
  name: z.string(),
  employer: z.string().nullable(),
  seriesName: z.string().nullable(),
  levelName: z.string(),
  qualificationName: z.string().nullable(),
  specialtyName: z.string().nullable(),
});
export const staffItem = publicItem.extend({ status: z.string(), note: z.string().nullable(), reportCount: z.number() });

export const publicityDetail = publicityView.extend({ items: z.array(staffItem) });
export const publicPublicityDetail = publicityView.omit({ reportCount: true }).extend({ items: z.array(publicItem) });

export const reportBody = z
  .object({
    declarationId: z.number().int().positive(),
    reporterName: z.string().trim().max(50).optional(),
    contact: z.string().trim().max(100).optional(),
    content: z.string().trim().min(10, 'Say what is wrong (at least 10 characters)').max(2000),
  })
  .strict();
export const reportView = z.object({
  id: z.number(),
  declarationId: z.number(),
  applicantName: z.string().nullable(),
  reporterName: z.string().nullable(),
  contact: z.string().nullable(),
  content: z.string(),
  createdAt: z.string(),
});

export const recommendationBody = z
  .object({
    declarationIds: z.array(z.number().int().positive()).min(1).max(500),
    handlerName: z.string().trim().min(2).max(50),
    handlerPhone: z.string().trim().regex(/^[\d+\- ]{5,20}$/),
    opinion: z.string().trim().min(2).max(2000),
    details: z
      .object({
        method: z.string().trim().max(100).optional(),
        groupOpinion: z.string().trim().max(2000).optional(),
        publicityResult: z.string().trim().max(500).optional(),
        groupSize: z.number().int().min(1).max(100).optional(),
      })
      .strict()
      .default({}),
    fileIds: z.array(z.number().int().positive()).max(20).default([]),
  })
  .strict();

export const recommendationView = z.object({
  id: z.number(),
  org: z.object({ id: z.number(), name: z.string() }).nullable(),
  year: z.number(),
  handlerName: z.string(),
  handlerPhone: z.string(),
  opinion: z.string(),
  details: z.record(z.string(), z.unknown()),
  files: z.array(z.object({ id: z.number(), name: z.string(), mime: z.string(), size: z.number() })),
  declarationIds: z.array(z.number()),
  createdAt: z.string(),
});

export const recommendationQuery = z.object({ ...pageQuery, year: z.coerce.number().int().min(2000).max(2100).optional() }).strict();
export const orgFileFields = z.object({}).strict();
