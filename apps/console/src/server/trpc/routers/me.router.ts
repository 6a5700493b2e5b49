import { z } from 'zod';
import { changeOwnPassword, endOtherOwnSessions, endOwnSession, listOwnSessions } from '../../auth/account.service';
import { requireBrowserSession } from '../../auth/authenticate-request';
import { beginTotpEnrolment, confirmTotpEnrolment, disableOwnTotp, totpStatus, TotpConfirmSchema, TotpPasswordSchema } from '../../auth/totp.service';
import { ChangePasswordSchema } from '../../auth/user.schema';
import { authedProcedure, router } from '../init';

/** Procedures about the signed-in person's own browser session: an API token gets a 400 that says so. */
const sessionProcedure = authedProcedure.use(({ ctx, next }) => next({ ctx: { ...ctx, session: requireBrowserSession(ctx.auth, 'your own password and sessions (me.*)') } }));

/** Your own account: the same services as REST /api/v1/me. */
export const meRouter = router({
  sessions: sessionProcedure.query(({ ctx }) => listOwnSessions(ctx.rt, ctx.session)),
  changePassword: sessionProcedure.input(ChangePasswordSchema).mutation(({ ctx, input }) => changeOwnPassword(ctx.rt, ctx.req, ctx.session, input)),
  endSession: sessionProcedure
    .input(z.object({ id: z.string().min(1).max(64) }))
    .mutation(async ({ ctx, input }) => {
      await endOwnSession(ctx.rt, ctx.req, ctx.session, input.id);
      return { ended: input.id };
    }),
  endOtherSessions: sessionProcedure.mutation(({ ctx }) => endOtherOwnSessions(ctx.rt, ctx.req, ctx.session)),
  totp: sessionProcedure.query(({ ctx }) => totpStatus(ctx.rt, ctx.session)),
  beginTotp: sessionProcedure.input(TotpPasswordSchema).mutation(({ ctx, input }) => beginTotpEnrolment(ctx.rt, ctx.req, ctx.session, input)),
  confirmTotp: sessionProcedure.input(TotpConfirmSchema).mutation(({ ctx, input }) => confirmTotpEnrolment(ctx.rt, ctx.req, ctx.session, input)),
  disableTotp: sessionProcedure.input(TotpPasswordSchema).mutation(async ({ ctx, input }) => {
    await disableOwnTotp(ctx.rt, ctx.req, ctx.session, input);
    return { enabled: false };
  }),
});
