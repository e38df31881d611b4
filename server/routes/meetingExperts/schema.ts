import { z } from 'zod';
import { EXPERT_TITLES } from '../../domain/meetingTypes';

export const placeBody = z
  .object({
    expertIds: z.array(z.number().int().positive()).min(1).max(200),
    groupId: z.number().int().positive().nullable().optional(),
    title: z.enum(EXPERT_TITLES).optional(),
  })
  .strict();
export const updateMeetingExpertBody = z
  .object({ groupId: z.number().int().positive().nullable().optional(), title: z.enum(EXPERT_TITLES).optional() })
  .strict();
export const chairsBody = z
  .object({ chairId: z.number().int().positive(), viceChairIds: z.array(z.number().int().positive()).max(10).default([]) })
  .strict();
export const loginsBody = z
  .object({ meetingExpertIds: z.array(z.number().int().positive()).min(1).max(500).optional(), reissue: z.boolean().default(false) })
  .strict();
export const expertListQuery = z.object({ groupId: z.coerce.number().int().positive().optional() }).strict();

export const meetingExpertView = z.object({
  id: z.number(),
  expertId: z.number(),
  name: z.string().nullable(),
  employerOrgId: z.number().nullable(),
  employerName: z.string().nullable(),
  specialties: z.array(z.string()),
  titleName: z.string().nullable(),
  groupId: z.number().nullable(),
  title: z.enum(EXPERT_TITLES),
  isGroupLeader: z.boolean(),
  source: z.enum(['manual', 'random', 'entrusted']),
  drawId: z.number().nullable(),
  accountId: z.number(),
  temporaryLogin: z.object({ username: z.string(), expiresAt: z.string().nullable(), disabled: z.boolean() }).nullable(),
});
export const issuedLogins = z.object({
  items: z.array(z.object({ meetingExpertId: z.number(), expertName: z.string(), username: z.string(), password: z.string(), expiresAt: z.string() })),
});
