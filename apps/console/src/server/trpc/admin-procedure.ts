import { authorize } from '../auth/principal';
import { authedProcedure } from './init';

/**
 * Procedures for account and token management: the role is checked before the input is, so a viewer learns
 * "forbidden", not which fields of an administrator's form were wrong.
 */
export const adminProcedure = authedProcedure.use(({ ctx, next }) => {
  authorize(ctx.req, 'tokens.manage');
  return next();
});
