import { z } from 'zod';
import { ROLES } from './principal';

/** POST /api/v1/tokens, tokens.create and the console's token form (zod only, so the browser can use it). */
export const CreateTokenSchema = z.object({
  name: z.string().trim().min(1, 'give the token a name').max(100, 'at most 100 characters'),
  role: z.enum(ROLES),
  /** Lifetime in days; omitted means no expiry. */
  expiresInDays: z.number().int('a whole number of days').min(1, 'at least 1 day').max(3650, 'at most 3650 days').optional(),
});
export type CreateToken = z.infer<typeof CreateTokenSchema>;
