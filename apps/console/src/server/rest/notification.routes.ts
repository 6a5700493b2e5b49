import { authorize } from '../auth/principal';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { ChannelListSchema, ChannelSchema, CreateChannelSchema, UpdateChannelSchema } from '@gatehouse/domain/notification/channel.schema';
import { ChannelTestResultSchema, DeliveryListQuerySchema, DeliveryListSchema } from '@gatehouse/domain/notification/delivery.schema';
import { CheckResultSchema, MarkAllReadResultSchema, NotificationListQuerySchema, NotificationListSchema, NotificationSchema } from '@gatehouse/domain/notification/notification.schema';
import { createChannel, deleteChannel, getChannel, listChannels, listDeliveries, testChannel, updateChannel } from '../services/notifications/channel.service';
import { checkNow, listNotifications, markAllRead, markRead } from '../services/notifications/notification.service';
import { bodyKindOf, jsonResponse, parseJsonBody, readBodyText } from './http';
import type { RouteDef } from './route-def';

const TAG = 'Notifications';

async function readJson(req: Request): Promise<unknown> {
  const text = await readBodyText(req);
  bodyKindOf(req.headers.get('content-type'), ['json']);
  return parseJsonBody(text);
}

function notificationId(raw: string): number {
  if (!/^\d{1,15}$/.test(raw)) throw new DomainError('not_found', `notification ${raw} not found`);
  return Number(raw);
}

/** A channel as answered: webhook secret, Slack URL and SMTP password are never part of it. */
const ChannelAnswer = { status: 200, description: 'the channel (credentials only as set/unset, the Slack URL as its host)', schema: ChannelSchema };

export function notificationRoutes(): RouteDef[] {
  return [
    {
      method: 'GET', path: '/notifications', operationId: 'listNotifications', tag: TAG, authenticated: true,
      summary: 'Notifications, newest first, in pages (everyone signed in); `unread=true` for unread ones only',
      query: NotificationListQuerySchema,
      response: { status: 200, description: 'a page of notifications and the unread count', schema: NotificationListSchema },
      handle: async ({ query, ctx, rt }) => jsonResponse(200, await listNotifications(rt, ctx, query)),
    },
    {
      method: 'POST', path: '/notifications/read-all', operationId: 'markAllNotificationsRead', tag: TAG, authenticated: true,
      summary: 'Mark every notification read (for everyone: the team shares one inbox)',
      response: { status: 200, description: 'how many were unread', schema: MarkAllReadResultSchema },
      handle: async ({ ctx, rt }) => jsonResponse(200, await markAllRead(rt, ctx)),
    },
    {
      method: 'POST', path: '/notifications/check', operationId: 'checkNotificationsNow', tag: TAG, authenticated: true,
      summary: 'Run the detectors now (admins); the console does it every GATEHOUSE_NOTIFY_INTERVAL seconds',
      response: { status: 200, description: 'the notifications that were new', schema: CheckResultSchema },
      handle: async ({ ctx, rt }) => jsonResponse(200, await checkNow(rt, ctx)),
    },
    {
      method: 'POST', path: '/notifications/{id}/read', operationId: 'markNotificationRead', tag: TAG, authenticated: true,
      summary: 'Mark one notification read',
      response: { status: 200, description: 'the notification', schema: NotificationSchema },
      handle: async ({ params, ctx, rt }) => {
        // The role before the id: a caller who may not see notifications must not learn which ids exist.
        authorize(ctx, 'notifications.read');
        return jsonResponse(200, await markRead(rt, ctx, notificationId(params.id!)));
      },
    },
    {
      method: 'GET', path: '/notification-channels', operationId: 'listNotificationChannels', tag: TAG, authenticated: true,
      summary: 'Notification channels with their last delivery (admins)',
      response: { status: 200, description: 'the channels, by name', schema: ChannelListSchema },
      handle: async ({ ctx, rt }) => jsonResponse(200, await listChannels(rt, ctx)),
    },
    {
      method: 'POST', path: '/notification-channels', operationId: 'createNotificationChannel', tag: TAG, authenticated: true,
      summary: 'Add a channel (admins): a signed JSON webhook, a Slack incoming webhook or e-mail over SMTP',
      body: { schema: CreateChannelSchema, description: 'JSON; credentials are encrypted at rest and never returned' },
      response: { ...ChannelAnswer, status: 201 },
      handle: async ({ req, ctx, rt }) => jsonResponse(201, await createChannel(rt, ctx, await readJson(req))),
    },
    {
      method: 'GET', path: '/notification-channels/{id}', operationId: 'readNotificationChannel', tag: TAG, authenticated: true,
      summary: 'One channel (admins)',
      response: ChannelAnswer,
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await getChannel(rt, ctx, params.id!)),
    },
    {
      method: 'PUT', path: '/notification-channels/{id}', operationId: 'updateNotificationChannel', tag: TAG, authenticated: true,
      summary: 'Replace a channel\'s settings (admins); credentials left out are kept; the kind cannot change',
      body: { schema: UpdateChannelSchema, description: 'JSON' },
      response: ChannelAnswer,
      handle: async ({ req, params, ctx, rt }) => jsonResponse(200, await updateChannel(rt, ctx, params.id!, await readJson(req))),
    },
    {
      method: 'DELETE', path: '/notification-channels/{id}', operationId: 'deleteNotificationChannel', tag: TAG, authenticated: true,
      summary: 'Remove a channel and its delivery records (admins)',
      response: ChannelAnswer,
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await deleteChannel(rt, ctx, params.id!)),
    },
    {
      method: 'POST', path: '/notification-channels/{id}/test', operationId: 'testNotificationChannel', tag: TAG, authenticated: true,
      summary: 'Send a test notification to the channel now, once (admins), and answer how the delivery went',
      response: { status: 200, description: '`ok` and the delivery with its attempt (a failure is an answer too, not an error)', schema: ChannelTestResultSchema },
      handle: async ({ params, ctx, rt }) => jsonResponse(200, await testChannel(rt, ctx, params.id!)),
    },
    {
      method: 'GET', path: '/notification-channels/{id}/deliveries', operationId: 'listNotificationDeliveries', tag: TAG, authenticated: true,
      summary: 'The channel\'s deliveries, newest first, with every attempt (admins)',
      query: DeliveryListQuerySchema,
      response: { status: 200, description: 'deliveries', schema: DeliveryListSchema },
      handle: async ({ params, query, ctx, rt }) => jsonResponse(200, await listDeliveries(rt, ctx, params.id!, query)),
    },
  ];
}

