import { z } from 'zod';

const need = z.object({ specialty: z.string().trim().min(1).max(40), count: z.number().int().min(0).max(100) }).strict();
const needs = z.array(need).min(1).max(20);

export const drawBody = z
  .object({ groups: z.array(z.object({ groupId: z.number().int().positive(), needs }).strict()).min(1).max(50) })
  .strict();

const pick = z.object({ expertId: z.number(), specialty: z.string() });
const result = z.array(z.object({ groupId: z.number(), picks: z.array(pick) }));

export const drawView = z.object({
  id: z.number(),
  meetingId: z.number(),
  kind: z.enum(['random', 'entrusted']),
  seed: z.string(),
  drawnAt: z.string(),
  result,
});

export const verifyView = z.object({
  drawId: z.number(),
  meetingId: z.number(),
  kind: z.enum(['random', 'entrusted']),
  seed: z.string(),
  drawnAt: z.string(),
  /** The draw run again from its recorded seed and inputs gives the recorded result. */
  matches: z.boolean(),
  /** The recorded result keeps every rule (one group per expert, specialty, no conflict, no recusal). */
  invariantsHold: z.boolean(),
  error: z.string().nullable(),
  recorded: result,
  recomputed: result.nullable(),
  stillPlaced: z.array(z.object({ expertId: z.number(), groupId: z.number(), placed: z.boolean() })),
});

export const entrustBody = z
  .object({ groupId: z.number().int().positive(), officeOrgId: z.number().int().positive(), needs, note: z.string().trim().max(500).nullable().optional() })
  .strict();
export const performBody = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('random') }).strict(),
  z.object({ mode: z.literal('manual'), expertIds: z.array(z.number().int().positive()).min(1).max(100) }).strict(),
]);
export const entrustmentView = z.object({
  id: z.number(),
  meetingId: z.number(),
  groupId: z.number(),
  officeOrgId: z.number(),
  needs: z.array(need),
  status: z.enum(['pending', 'done', 'cancelled']),
  note: z.string().nullable(),
  drawId: z.number().nullable(),
  doneAt: z.string().nullable(),
});
export const entrustmentQuery = z.object({ status: z.enum(['pending', 'done', 'cancelled']).optional() }).strict();
