import { z } from 'zod';
import { CreateUserSchema, UpdateUserSchema } from '../../auth/user.schema';
import { createUser, disableUser, listUsers, updateUser } from '../../auth/user.service';
import { adminProcedure } from '../admin-procedure';
import { router } from '../init';

/** Console accounts (admins): the same service as REST /api/v1/users. */
export const usersRouter = router({
  list: adminProcedure.query(({ ctx }) => listUsers(ctx.rt, ctx.req)),
  create: adminProcedure.input(CreateUserSchema).mutation(({ ctx, input }) => createUser(ctx.rt, ctx.req, input)),
  update: adminProcedure
    .input(z.object({ id: z.string().min(1), patch: UpdateUserSchema }))
    .mutation(({ ctx, input }) => updateUser(ctx.rt, ctx.req, input.id, input.patch)),
  disable: adminProcedure.input(z.object({ id: z.string().min(1) })).mutation(({ ctx, input }) => disableUser(ctx.rt, ctx.req, input.id)),
});
