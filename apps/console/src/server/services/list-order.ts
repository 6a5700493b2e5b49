import type { Prisma } from '@gatehouse/db/prisma-client';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { ListSort } from '@gatehouse/domain/object/list-filter.schema';

/** Where a page ended, in the terms of its sort: the keyset the next page starts after. */
export interface ListPosition {
  namespace: string;
  name: string;
  /** creationTimestamp in ms; only for the `created` sorts. */
  createdMs?: number;
}

type Dir = 'asc' | 'desc';
const dirOf = (sort: ListSort): Dir => (sort.startsWith('-') ? 'desc' : 'asc');
const byCreated = (sort: ListSort): boolean => sort.endsWith('created');

/**
 * The continue token. For `name` it is the original `{ns, n}` (tokens handed out before sorting existed keep
 * working); other sorts add `s` (the sort) and, for `created`, `t` (ms), so a token is refused if replayed
 * with a different sort instead of silently skipping or repeating rows.
 */
export function encodeContinue(sort: ListSort, p: ListPosition): string {
  const v = sort === 'name' ? { ns: p.namespace, n: p.name } : { s: sort, ns: p.namespace, n: p.name, ...(byCreated(sort) ? { t: p.createdMs } : {}) };
  return Buffer.from(JSON.stringify(v)).toString('base64url');
}

const bad = (message: string) => new DomainError('invalid', `continue token is not valid: ${message}`, [{ path: 'continue', message }]);

export function decodeContinue(token: string, sort: ListSort): ListPosition {
  let v: unknown;
  try {
    v = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a token from a previous page');
  }
  if (!v || typeof v !== 'object') throw bad('not a token from a previous page');
  const o = v as { s?: unknown; ns?: unknown; n?: unknown; t?: unknown };
  if (typeof o.ns !== 'string' || typeof o.n !== 'string') throw bad('not a token from a previous page');
  const tokenSort = o.s === undefined ? 'name' : o.s;
  if (tokenSort !== sort) throw bad(`the token was made for sort=${String(tokenSort)}, not sort=${sort}`);
  if (byCreated(sort)) {
    if (typeof o.t !== 'number' || !Number.isFinite(o.t)) throw bad('not a token from a previous page');
    return { namespace: o.ns, name: o.n, createdMs: o.t };
  }
  return { namespace: o.ns, name: o.n };
}

/** ORDER BY for a sort; namespace and name break ties so the order is total (paging needs that). */
export function orderByFor(sort: ListSort): Prisma.ResourceOrderByWithRelationInput[] {
  const d = dirOf(sort);
  return [...(byCreated(sort) ? [{ createdAt: d }] : []), { namespace: d }, { name: d }];
}

/** The keyset condition "strictly after `p` in this sort" (row-value comparison spelled out for Prisma). */
export function afterWhere(sort: ListSort, p: ListPosition): Prisma.ResourceWhereInput {
  const cmp = dirOf(sort) === 'asc' ? 'gt' : 'lt';
  const nameAfter: Prisma.ResourceWhereInput[] = [{ namespace: { [cmp]: p.namespace } }, { namespace: p.namespace, name: { [cmp]: p.name } }];
  if (!byCreated(sort)) return { OR: nameAfter };
  const t = new Date(p.createdMs ?? 0);
  return { OR: [{ createdAt: { [cmp]: t } }, ...nameAfter.map((c) => ({ createdAt: t, ...c }))] };
}
