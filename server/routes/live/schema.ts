import { z } from 'zod';

const text = (max: number) => z.string().max(max);

export const attendanceBody = z.object({ meetingExpertId: z.number().int().positive(), present: z.boolean() }).strict();

export const distributeBody = z
  .object({
    items: z
      .array(
        z
          .object({
            meetingApplicantId: z.number().int().positive(),
            reviewers: z
              .array(z.object({ meetingExpertId: z.number().int().positive(), role: z.enum(['main', 'secondary']) }).strict())
              .min(1)
              .max(20),
          })
          .strict(),
      )
      .min(1)
      .max(500),
  })
  .strict();

export const distributeAllBody = z.object({ perApplicant: z.number().int().min(2).max(10).default(2) }).strict();

/** REST only (the socket event distributes all that wait): optionally just the listed applicants. */
export const distributeEvenlyBody = distributeAllBody
  .extend({
    /** Only these applicants (均衡分配所选; any reviewers they had are replaced); all that wait when omitted. */
    meetingApplicantIds: z.array(z.number().int().positive()).min(1).max(500).optional(),
  })
  .strict();

export const copyBody = z
  .object({
    /** 演练 (the default): never published, and not the declarations' open meeting. False: a real re-run. */
    rehearsal: z.boolean().default(true),
  })
  .strict();

export const copyResponse = z.object({
  id: z.number(),
  name: z.string(),
  status: z.string(),
  rehearsal: z.boolean(),
  rehearsalOfId: z.number().nullable(),
  /** The copy's own temporary logins, valid until it ends; the passwords are shown this once. */
  logins: z.array(z.object({ meetingExpertId: z.number(), expertName: z.string(), username: z.string(), password: z.string(), expiresAt: z.string() })),
});

export const reviewBody = z
  .object({
    scores: z.record(z.string().regex(/^[\w-]{1,40}$/), z.number().finite()).optional(),
    opinions: z
      .object({
        academic: text(5000).optional(),
        defenseQuestions: text(5000).optional(),
        defenseEvaluation: text(5000).optional(),
        defenseScore: z.number().finite().optional(),
        overall: text(5000).optional(),
      })
      .strict()
      .optional(),
    verdict: z.enum(['confirm', 'dispute']).optional(),
    verdictReason: text(500).optional(),
  })
  .strict();

export const reasonBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
