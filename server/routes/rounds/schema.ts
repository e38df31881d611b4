import { z } from 'zod';

export const choice = z.enum(['yes', 'no', 'abstain']);

export const ballotSheetBody = z
  .object({
    roundId: z.number().int().positive(),
    idempotencyKey: z.string().regex(/^[\w-]{8,64}$/, '8–64 letters, digits, _ or -'),
    choices: z
      .array(z.object({ meetingApplicantId: z.number().int().positive(), choice }).strict())
      .min(1)
      .max(500),
  })
  .strict();

export const launchBody = z
  .object({
    kind: z.enum(['group', 'committee']),
    groupId: z.number().int().positive().optional(),
    meetingApplicantIds: z.array(z.number().int().positive()).min(1).max(500).optional(),
  })
  .strict();

export const sendBackBody = z.object({ reason: z.string().trim().min(2).max(500) }).strict();

export const roundView = z.object({
  id: z.number(),
  meetingId: z.number(),
  groupId: z.number().nullable(),
  kind: z.enum(['group', 'committee']),
  number: z.number(),
  status: z.enum(['open', 'closed', 'confirmed', 'sent_back']),
  mode: z.enum(['secret', 'named']),
  members: z.number(),
  present: z.number(),
  digest: z.string().nullable(),
  sentBackReason: z.string().nullable(),
});

export const ballotAck = z.object({ roundId: z.number(), accepted: z.literal(true), duplicate: z.boolean() });

export type BallotSheetBody = z.infer<typeof ballotSheetBody>;
