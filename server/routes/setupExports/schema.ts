import { z } from 'zod';

export const resultsQuery = z.object({ result: z.enum(['passed', 'failed']) }).strict();
