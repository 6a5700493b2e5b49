import { z } from 'zod';

export const DryRunQuery = z.object({
  dryRun: z.enum(['true', 'false', 'All']).optional().describe('validate and report the outcome without writing (`All` as kubectl sends it)'),
});

export function isDryRun(q: Record<string, string>): boolean {
  return q.dryRun === 'true' || q.dryRun === 'All';
}

export const ListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(5000).default(500).describe('page size'),
  continue: z.string().optional().describe('metadata.continue of the previous page'),
});
