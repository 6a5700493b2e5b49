import { authorize, type Permission } from '../auth/principal';
import { authedProcedure } from './init';

/**
 * A procedure whose role is checked before its input is: a caller without the permission learns "forbidden",
 * not which fields of the form were wrong (what a validation error would tell them about a form they may not
 * use). The service still checks again; this only puts the check first.
 */
export function permittedProcedure(permission: Permission) {
  return authedProcedure.use(({ ctx, next }) => {
    authorize(ctx.req, permission);
    return next();
  });
}

/** Procedures for account and token management. */
export const adminProcedure = permittedProcedure('tokens.manage');
