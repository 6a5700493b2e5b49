import { resetUserTotp } from '../../auth/totp.service';
import { z } from 'zod';
import { endUserSessions, listUserSessions } from '../../auth/account.service';
import { CreateUserSchema, UpdateUserSchema } from '../../auth/user.schema';
import { createUser, disableUser, listUsers, updateUser } from '../../auth/user.service';
import { adminProcedure } from '../admin-procedure';
import { router } from '../init';

const ById = z.object({ id: z.string().min(1) });

/** Console accounts (admins): the same service as REST /api/v1/users. */
export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.rt, ctx.req)),
  create: adminProcedure.input(CreateUserSchema).mutation(({ ctx, input }) => createUser(ctx.rt, ctx.req, input)),
  update: adminProcedure
    .input(z.object({ id: z.string().min(1), patch: UpdateUserSchema }))
    .mutation(({ ctx, input }) => updateUser(ctx.rt, ctx.req, input.id, input.patch)),
  disable: adminProcedure.input(ById).mutation(({ ctx, input }) => disableUser(ctx.rt, ctx.req, input.id)),
  /** The account's active sessions (GET /users/{id}/sessions). */
  sessions: adminProcedure
    .input(ById)
    .query(({ ctx, input }) => listUserSessions(ctx.rt, ctx.req, input.id, ctx.auth?.via === 'session' ? ctx.auth.session.session.id : undefined)),
  /** Sign the account out everywhere (DELETE /users/{id}/sessions). */
  endSessions: adminProcedure.input(ById).mutation(({ ctx, input }) => endUserSessions(ctx.rt, ctx.req, input.id)),
  resetTotp: adminProcedure.input(ById).mutation(({ ctx, input }) => resetUserTotp(ctx.rt, ctx.req, input.id)),
});
