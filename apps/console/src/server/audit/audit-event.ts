import { createHash } from 'node:crypto';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { RequestContext } from '../auth/principal';
import type { ObjectRef } from '../store/object-key';
import { stableStringify } from '../store/stable-json';

export type AuditAction =
  | 'create'
  | 'update'
  | 'delete'
  | 'apply'
  | 'export'
  | 'audit.prune'
  | 'login'
  | 'login.failed'
  | 'login.sso.failed'
  | 'login.totp.failed'
  | 'user.totp.enable'
  | 'user.totp.disable'
  | 'user.totp.reset'
  | 'logout'
  | 'user.create'
  | 'user.update'
  | 'user.password'
  | 'user.disable'
  | 'user.enable'
  | 'user.password.failed'
  | 'user.sessions.end'
  | 'session.end'
  | 'session.end-others'
  | 'token.create'
  | 'token.revoke'
  | 'bootstrap'
  | 'certificate.create'
  | 'certificate.import'
  | 'certificate.renew'
  | 'certificate.revoke'
  | 'certificate.update'
  | 'certificate.delete'
  | 'certificate.export'
  | 'certificate.bind'
  | 'certificate.unbind'
  | 'masterkey.rotate'
  | 'cluster.register'
  | 'cluster.remove'
  | 'cluster.install-crds'
  | 'cluster.push'
  | 'cluster.import'
  | 'notification-channel.create'
  | 'notification-channel.update'
  | 'notification-channel.delete';

/** An audit event as the API serves it. */
export interface AuditEvent {
  id: number;
  time: string;
  actor: { type: string; id: string; name: string; role: string };
  sourceIp: string;
  userAgent: string;
  requestId: string;
  action: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  before: KubeObject | null;
  after: KubeObject | null;
  message: string | null;
  prevHash: string;
  hash: string;
}

export interface AuditInput {
  action: AuditAction;
  ref: ObjectRef;
  /** Secret values must already be replaced by keyed hashes (redactForAudit). */
  before?: KubeObject | null;
  after?: KubeObject | null;
  message?: string;
}

export const GENESIS_HASH = '0'.repeat(64);

/** The columns an event is stored with, minus id. */
export interface AuditRecord {
  time: Date;
  actorType: string;
  actorId: string;
  actorName: string;
  role: string;
  sourceIp: string;
  userAgent: string;
  requestId: string;
  action: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  before: string | null;
  after: string | null;
  message: string | null;
  prevHash: string;
}

export function buildAuditRecord(ctx: RequestContext, input: AuditInput, time: Date, prevHash: string): AuditRecord {
  return {
    time,
    actorType: ctx.principal.type,
    actorId: ctx.principal.id,
    actorName: ctx.principal.name,
    role: ctx.principal.role,
    sourceIp: ctx.sourceIp,
    userAgent: ctx.userAgent,
    requestId: ctx.requestId,
    action: input.action,
    group: input.ref.group,
    kind: input.ref.kind,
    namespace: input.ref.namespace,
    name: input.ref.name,
    before: input.before ? stableStringify(input.before) : null,
    after: input.after ? stableStringify(input.after) : null,
    message: input.message ?? null,
    prevHash,
  };
}

/**
 * hash = SHA-256(prevHash ‖ canonical JSON of every other column). Changing, removing or reordering any stored
 * event breaks every hash after it, which /api/v1/audit-events/verify reports.
 */
export function hashAuditRecord(r: AuditRecord): string {
  const canonical = stableStringify({ ...r, time: r.time.toISOString() });
  return createHash('sha256').update(r.prevHash).update('\n').update(canonical).digest('hex');
}

export function recordToEvent(row: AuditRecord & { id: number; hash: string }): AuditEvent {
  return {
    id: row.id,
    time: row.time.toISOString(),
    actor: { type: row.actorType, id: row.actorId, name: row.actorName, role: row.role },
    sourceIp: row.sourceIp,
    userAgent: row.userAgent,
    requestId: row.requestId,
    action: row.action,
    group: row.group,
    kind: row.kind,
    namespace: row.namespace,
    name: row.name,
    before: row.before ? (JSON.parse(row.before) as KubeObject) : null,
    after: row.after ? (JSON.parse(row.after) as KubeObject) : null,
    message: row.message,
    prevHash: row.prevHash,
    hash: row.hash,
  };
}
