import type { Channel, CreateChannel, UpdateChannel } from '@gatehouse/domain/notification/channel.schema';
import type { NotificationType } from '@gatehouse/domain/notification/notification.schema';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { decryptValue, encryptValue, redactValue } from '../../secrets/secret-cipher';
import type { MasterKey } from '../../secrets/master-key';

/** A NotificationChannel row (Prisma's shape). */
export interface ChannelRow {
  id: string;
  name: string;
  kind: string;
  enabled: boolean;
  events: string;
  config: string;
  secret: string | null;
  createdAt: Date;
  createdBy: string;
  updatedAt: Date;
}

/** The non-secret settings kept in `config` (JSON). */
export type ChannelConfig =
  | { kind: 'webhook'; url: string }
  | { kind: 'slack'; urlHint: string }
  | { kind: 'email'; host: string; port: number; tls: 'none' | 'starttls' | 'tls'; username?: string; from: string; to: string[] };

/** The credentials kept encrypted in `secret`. */
export interface ChannelSecrets {
  /** webhook: the HMAC key */
  secret?: string;
  /** slack: the incoming-webhook URL */
  url?: string;
  /** email: the SMTP password */
  password?: string;
}

/** What a sender needs: settings and credentials, decrypted in memory only. */
export type ResolvedChannel =
  | { kind: 'webhook'; url: string; secret: string }
  | { kind: 'slack'; url: string }
  | { kind: 'email'; host: string; port: number; tls: 'none' | 'starttls' | 'tls'; username?: string; password?: string; from: string; to: string[] };

const secretAad = (id: string) => `NotificationChannel/${id}/secret`;

export function encryptChannelSecrets(key: MasterKey, id: string, secrets: ChannelSecrets): string | null {
  const present = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string' && v !== ''));
  return Object.keys(present).length ? encryptValue(key, JSON.stringify(present), secretAad(id)) : null;
}

export function decryptChannelSecrets(key: MasterKey, id: string, envelope: string | null): ChannelSecrets {
  return envelope ? (JSON.parse(decryptValue(key, envelope, secretAad(id))) as ChannelSecrets) : {};
}

/** `https://hooks.slack.com/…`: enough to recognise the service; the path is the credential. */
export function slackUrlHint(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}/…`;
}

/** Splits a validated create/update body into the stored settings and credentials (`keep`: the stored credentials). */
export function splitChannel(body: CreateChannel | UpdateChannel, keep: ChannelSecrets): { config: ChannelConfig; secrets: ChannelSecrets } {
  switch (body.kind) {
    case 'webhook':
      return { config: { kind: 'webhook', url: body.url }, secrets: { secret: body.secret ?? keep.secret } };
    case 'slack': {
      const url = body.url ?? keep.url;
      return { config: { kind: 'slack', urlHint: url ? slackUrlHint(url) : '' }, secrets: { url } };
    }
    case 'email': {
      const { host, port, tls, username, from, to } = body;
      // Without a user name there is no authentication, so a stored password goes too.
      const password = username ? (body.password ?? keep.password) : undefined;
      return { config: { kind: 'email', host, port, tls, ...(username ? { username } : {}), from, to }, secrets: { password } };
    }
  }
}

export function parseEvents(row: Pick<ChannelRow, 'events'>): NotificationType[] {
  return JSON.parse(row.events) as NotificationType[];
}

export function parseConfig(row: Pick<ChannelRow, 'config'>): ChannelConfig {
  return JSON.parse(row.config) as ChannelConfig;
}

/** The channel as reads answer it: credentials only as "set" flags (webhook, e-mail) or the Slack URL's host. */
export function toChannel(key: MasterKey, row: ChannelRow, lastDelivery?: Channel['lastDelivery']): Channel {
  const common = {
    id: row.id, name: row.name, enabled: row.enabled, events: parseEvents(row), createdAt: row.createdAt.toISOString(), createdBy: row.createdBy,
    updatedAt: row.updatedAt.toISOString(), ...(lastDelivery ? { lastDelivery } : {}),
  };
  const config = parseConfig(row);
  switch (config.kind) {
    case 'webhook':
      return { ...common, kind: 'webhook', url: config.url, secretSet: row.secret !== null };
    case 'slack':
      return { ...common, kind: 'slack', urlHint: config.urlHint };
    case 'email': {
      const { host, port, tls, username, from, to } = config;
      return { ...common, kind: 'email', host, port, tls, ...(username ? { username } : {}), passwordSet: row.secret !== null, from, to };
    }
  }
}

/** Settings and credentials together, for a sender. Throws if the credentials cannot be decrypted (master key). */
export function resolveChannel(key: MasterKey, row: ChannelRow): ResolvedChannel {
  const config = parseConfig(row);
  const secrets = decryptChannelSecrets(key, row.id, row.secret);
  switch (config.kind) {
    case 'webhook':
      return { kind: 'webhook', url: config.url, secret: secrets.secret ?? '' };
    case 'slack':
      return { kind: 'slack', url: secrets.url ?? '' };
    case 'email':
      return { ...config, ...(secrets.password ? { password: secrets.password } : {}) };
  }
}

/**
 * The channel as its audit events record it: settings in clear, each credential as the keyed hash the audit log
 * uses for Secret values (a change is visible, the value is not).
 */
export function channelForAudit(key: MasterKey, name: string, enabled: boolean, events: readonly string[], config: ChannelConfig, secrets: ChannelSecrets): KubeObject {
  const hashed = Object.fromEntries(Object.entries(secrets).filter(([, v]) => typeof v === 'string' && v !== '').map(([k, v]) => [k, redactValue(key, v as string)]));
  const { kind, ...settings } = config;
  return {
    apiVersion: 'gatehouse.dev/v1', kind: 'NotificationChannel', metadata: { name },
    spec: { type: kind, enabled, events: [...events], ...settings, ...(Object.keys(hashed).length ? { credentials: hashed } : {}) },
  };
}

export const channelRef = (name: string) => ({ group: 'gatehouse.dev', kind: 'NotificationChannel', namespace: '', name });
