import { randomUUID } from 'node:crypto';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { appendAuditEvent } from '../audit/audit.repo';
import type { ServiceDeps } from '../services/deps';
import { runWrite } from '../services/write-transaction';
import { authorize, type Principal, type RequestContext, type Role } from './principal';
import { hashToken, newTokenValue, tokenPrefix } from './token-codec';
import type { CreateToken } from './token.schema';

export { CreateTokenSchema, type CreateToken } from './token.schema';

export interface TokenInfo {
  id: string;
  name: string;
  prefix: string;
  role: string;
  createdBy: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

type TokenRow = { id: string; name: string; prefix: string; role: string; createdBy: string; createdAt: Date; expiresAt: Date | null; lastUsedAt: Date | null; revokedAt: Date | null };

function toInfo(r: TokenRow): TokenInfo {
  return {
    id: r.id, name: r.name, prefix: r.prefix, role: r.role, createdBy: r.createdBy,
    createdAt: r.createdAt.toISOString(), expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null, revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}

const tokenRef = (id: string, name: string) => ({ group: 'gatehouse.dev', kind: 'ApiToken', namespace: '', name: `${name} (${id})` });

/** Makes a token; the clear value is in the answer once and never stored. */
export async function createToken(deps: ServiceDeps, ctx: RequestContext, input: CreateToken, value = newTokenValue()): Promise<TokenInfo & { token: string }> {
  authorize(ctx, 'tokens.manage');
  const now = deps.now();
  const row = await runWrite(deps, {}, async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        id: randomUUID(), name: input.name, prefix: tokenPrefix(value), tokenHash: hashToken(value), role: input.role,
        createdBy: ctx.principal.name, createdAt: now,
        expiresAt: input.expiresInDays ? new Date(now.getTime() + input.expiresInDays * 86_400_000) : null,
      },
    });
    await appendAuditEvent(tx, ctx, { action: 'token.create', ref: tokenRef(created.id, created.name), message: `role ${created.role}` }, now);
    return created;
  });
  return { ...toInfo(row), token: value };
}

export async function listTokens(deps: ServiceDeps, ctx: RequestContext): Promise<TokenInfo[]> {
  authorize(ctx, 'tokens.manage');
  const rows = await deps.db.prisma.apiToken.findMany({ orderBy: { createdAt: 'asc' } });
  return rows.map(toInfo);
}

export async function revokeToken(deps: ServiceDeps, ctx: RequestContext, id: string): Promise<TokenInfo> {
  authorize(ctx, 'tokens.manage');
  const now = deps.now();
  return runWrite(deps, {}, async (tx) => {
    const row = await tx.apiToken.findUnique({ where: { id } });
    if (!row) throw new DomainError('not_found', `token ${id} not found`);
    if (row.revokedAt) return toInfo(row);
    const updated = await tx.apiToken.update({ where: { id }, data: { revokedAt: now } });
    await appendAuditEvent(tx, ctx, { action: 'token.revoke', ref: tokenRef(row.id, row.name) }, now);
    return toInfo(updated);
  });
}

// lastUsedAt is written at most once a minute per token: a write per API call would serialise reads behind writes.
const LAST_USED_GRANULARITY_MS = 60_000;

/** The principal a bearer token stands for, or undefined when it is unknown, revoked or expired. */
export async function authenticateToken(deps: ServiceDeps, value: string): Promise<Principal | undefined> {
  const row = await deps.db.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(value) } });
  const now = deps.now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= now)) return undefined;
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > LAST_USED_GRANULARITY_MS) {
    await deps.db.prisma.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } }).catch(() => undefined);
  }
  return { type: 'token', id: row.id, name: row.name, role: row.role as Role };
}

/**
 * Makes sure a token with this exact value exists with this role (GATEHOUSE_BOOTSTRAP_TOKEN for admins when no
 * admin token exists yet; the worker's token). Idempotent; audited as the system when it creates one.
 */
export async function ensureToken(deps: ServiceDeps, ctx: RequestContext, value: string, name: string, role: Role, onlyIfNoneWithRole: boolean): Promise<boolean> {
  const existing = await deps.db.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(value) } });
  if (existing) return false;
  if (onlyIfNoneWithRole) {
    const any = await deps.db.prisma.apiToken.findFirst({ where: { role, revokedAt: null } });
    if (any) return false;
  }
  try {
    await createToken(deps, ctx, { name, role }, value);
  } catch (e) {
    // Another console replica made it at the same moment: the unique hash says so.
    const again = await deps.db.prisma.apiToken.findUnique({ where: { tokenHash: hashToken(value) } });
    if (!again) throw e;
    return false;
  }
  return true;
}
