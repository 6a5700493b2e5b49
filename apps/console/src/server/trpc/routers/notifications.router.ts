import { z } from 'zod';
import { createChannel, deleteChannel, getChannel, listChannels, listDeliveries, testChannel, updateChannel } from '../../services/notifications/channel.service';
import { checkNow, listNotifications, markAllRead, markRead, unreadCount } from '../../services/notifications/notification.service';
import { authedProcedure, router } from '../init';

const Id = z.object({ id: z.string().min(1).max(100) });
// Bodies and queries are validated by the services with the REST API's schemas (one schema per request, shared).
const WithBody = z.object({ id: z.string().min(1).max(100), body: z.unknown() });

/** Notifications and their channels for the console: the same services as REST /api/v1/notifications (roles are checked there). */
export const notificationsRouter = router({
  list: authedProcedure.input(z.unknown().optional()).query(({ ctx, input }) => listNotifications(ctx.rt, ctx.req, input ?? {})),
  unreadCount: authedProcedure.query(({ ctx }) => unreadCount(ctx.rt, ctx.req)),
  markRead: authedProcedure.input(z.object({ id: z.number().int() })).mutation(({ ctx, input }) => markRead(ctx.rt, ctx.req, input.id)),
  markAllRead: authedProcedure.mutation(({ ctx }) => markAllRead(ctx.rt, ctx.req)),
  check: authedProcedure.mutation(({ ctx }) => checkNow(ctx.rt, ctx.req)),
  channels: authedProcedure.query(({ ctx }) => listChannels(ctx.rt, ctx.req)),
  channel: authedProcedure.input(Id).query(({ ctx, input }) => getChannel(ctx.rt, ctx.req, input.id)),
  createChannel: authedProcedure.input(z.unknown()).mutation(({ ctx, input }) => createChannel(ctx.rt, ctx.req, input)),
  updateChannel: authedProcedure.input(WithBody).mutation(({ ctx, input }) => updateChannel(ctx.rt, ctx.req, input.id, input.body)),
  deleteChannel: authedProcedure.input(Id).mutation(({ ctx, input }) => deleteChannel(ctx.rt, ctx.req, input.id)),
  // A test sends something now: a mutation, so it never runs on a refetch.
  testChannel: authedProcedure.input(Id).mutation(({ ctx, input }) => testChannel(ctx.rt, ctx.req, input.id)),
  deliveries: authedProcedure.input(z.object({ id: z.string().min(1).max(100), limit: z.number().int().min(1).max(200).optional() })).query(({ ctx, input }) => listDeliveries(ctx.rt, ctx.req, input.id, input.limit ? { limit: input.limit } : {})),
});
