import { z } from 'zod';
import { CreateTokenSchema, createToken, listTokens, revokeToken } from '../../auth/token.service';
import { adminProcedure } from '../admin-procedure';
import { router } from '../init';

/** API tokens (admins): the same service as REST /api/v1/tokens; a new token's value is in create's answer only. */
export const tokensRouter = router({
  list: adminProcedure.query(({ ctx }) => listTokens(ctx.rt, ctx.req)),
  create: adminProcedure.input(CreateTokenSchema).mutation(({ ctx, input }) => createToken(ctx.rt, ctx.req, input)),
  revoke: adminProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => revokeToken(ctx.rt, ctx.req, input.id)),
});
