import { z } from 'zod';
import { parseLabelSelector } from './label-selector';

/** List orders: `name` is namespace then name (the store's natural key); `created` is creationTimestamp. `-` reverses. */
export const LIST_SORTS = ['name', '-name', 'created', '-created'] as const;
export type ListSort = (typeof LIST_SORTS)[number];

/**
 * Sorting and filtering of a resource list, shared by REST (`?sort=&q=&labelSelector=`), tRPC `resources.list` and
 * the console's list toolbar. `labelSelector` is Kubernetes equality syntax (`a=b,c!=d,e,!f`).
 */
export const ListFilterSchema = z.object({
  sort: z.enum(LIST_SORTS).default('name').describe('name (namespace, then name), -name, created (oldest first) or -created'),
  q: z.string().max(253).optional().describe('case-insensitive substring of metadata.name'),
  labelSelector: z
    .string()
    .max(1024)
    .optional()
    .superRefine((v, ctx) => {
      if (v === undefined) return;
      try {
        parseLabelSelector(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: e instanceof Error ? e.message : 'not a valid label selector' });
      }
    })
    .describe('equality-based label selector: a=b,c!=d,e,!f'),
});
export type ListFilter = z.output<typeof ListFilterSchema>;
