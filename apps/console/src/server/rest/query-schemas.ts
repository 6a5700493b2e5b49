import { z } from 'zod';
import { ListFilterSchema } from '@gatehouse/domain/object/list-filter.schema';

export const DryRunQuery = z.object({
  dryRun: z.enum(['true', 'false', 'All']).optional().describe('validate and report the outcome without writing (`All` as kubectl sends it)'),
});

export function isDryRun(q: Record<string, string>): boolean {
  return q.dryRun === 'true' || q.dryRun === 'All';
}

export const ListQuery = ListFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('page size'),
  continue: z.string().optional().describe('metadata.continue of the previous page (made with the same sort)'),
});

/** The sort and filter part of a parsed list query, without the fields left out. */
export function listFilterOf(q: z.output<typeof ListQuery>): { sort: z.output<typeof ListQuery>['sort']; q?: string; labelSelector?: string } {
  return { sort: q.sort, ...(q.q ? { q: q.q } : {}), ...(q.labelSelector ? { labelSelector: q.labelSelector } : {}) };
}
