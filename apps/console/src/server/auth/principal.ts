import { DomainError } from '@gatehouse/domain/errors/domain-error';

/** Roles shared by API tokens and (later) console users. `worker` may only read the feed. */
export const ROLES = ['admin', 'editor', 'viewer', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling: resolved once per request by the adapters, then passed to every service. */
export interface Principal {
  type: 'token' | 'user' | 'system';
  id: string;
  name: string;
  role: Role;
}

/** What a request carries besides its principal; all of it lands in audit events. */
export interface RequestContext {
  principal: Principal;
  requestId: string;
  sourceIp: string;
  userAgent: string;
}

export type Permission =
  | 'resources.read'
  | 'resources.write'
  | 'secrets.readValues'
  | 'audit.read'
  | 'audit.manage'
  | 'tokens.manage'
  | 'feed.read'
  | 'certificates.read'
  | 'certificates.write'
  | 'certificates.exportKey'
  | 'clusters.read'
  | 'clusters.push'
  | 'clusters.manage'
  | 'notifications.read'
  | 'notifications.manage';

const GRANTS: Record<Role, readonly Permission[]> = {
  admin: ['resources.read', 'resources.write', 'secrets.readValues', 'audit.read', 'audit.manage', 'tokens.manage', 'feed.read', 'certificates.read', 'certificates.write', 'certificates.exportKey', 'clusters.read', 'clusters.push', 'clusters.manage', 'notifications.read', 'notifications.manage'],
  editor: ['resources.read', 'resources.write', 'audit.read', 'certificates.read', 'certificates.write', 'clusters.read', 'clusters.push', 'notifications.read'],
  viewer: ['resources.read', 'audit.read', 'certificates.read', 'clusters.read', 'notifications.read'],
  worker: ['feed.read'],
};

/** What a role may do, in the order the grants list it (the console words role changes with describePermission). */
export function permissionsOf(role: Role): readonly Permission[] {
  return GRANTS[role];
}

export function can(principal: Principal, permission: Permission): boolean {
  return GRANTS[principal.role].includes(permission);
}

export function authorize(ctx: RequestContext, permission: Permission): void {
  if (!can(ctx.principal, permission)) {
    throw new DomainError('forbidden', `role ${ctx.principal.role} may not ${describePermission(permission)}`);
  }
}

export function describePermission(p: Permission): string {
  switch (p) {
    case 'resources.read': return 'read resources';
    case 'resources.write': return 'change resources';
    case 'secrets.readValues': return 'read Secret values';
    case 'audit.read': return 'read the audit log';
    case 'audit.manage': return 'prune the audit log';
    case 'tokens.manage': return 'manage API tokens and users';
    case 'feed.read': return 'read the worker feed';
    case 'certificates.read': return 'read certificates';
    case 'certificates.write': return 'change certificates';
    case 'certificates.exportKey': return 'export private keys';
    case 'clusters.read': return 'see clusters';
    case 'clusters.push': return 'plan and push to clusters';
    case 'clusters.manage': return 'register or remove clusters, install CRDs or import Secret values';
    case 'notifications.read': return 'see notifications';
    case 'notifications.manage': return 'manage notification channels';
  }
}

export const SYSTEM_PRINCIPAL: Principal = { type: 'system', id: 'system', name: 'gatehouse', role: 'admin' };

export function systemContext(reason: string): RequestContext {
  return { principal: SYSTEM_PRINCIPAL, requestId: `system:${reason}`, sourceIp: '', userAgent: 'gatehouse' };
}
