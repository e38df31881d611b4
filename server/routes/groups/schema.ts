import { z } from 'zod';
import { specialtyCodes } from '../committees/schema';

export const groupBody = z
  .object({
    name: z.string().trim().min(1).max(100),
    specialties: specialtyCodes.optional(),
    /** Planned number of experts (人数): at least 3. */
    size: z.number().int().min(1).max(200).optional(),
    /** 考场: where the group sits. */
    room: z.string().trim().max(100).nullable().optional(),
  })
  .strict();
export const updateGroupBody = groupBody.partial().strict();
export const leaderBody = z.object({ meetingExpertId: z.number().int().positive() }).strict();
export { groupSummary as groupView } from '../meetings/schema';
