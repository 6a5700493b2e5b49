'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../../trpc/react';
import { useFieldValue } from '../fields';

/** Names of existing objects of a kind in the form's namespace: suggestions for reference fields. */
export function useNames(plural: string, scope: 'namespace' | 'cluster' = 'namespace'): string[] {
  const trpc = useTRPC();
  const namespace = useFieldValue<string>('metadata.namespace');
  const query = useQuery({
    ...trpc.resources.list.queryOptions({ plural, limit: 500, ...(scope === 'namespace' && namespace ? { namespace } : {}) }),
    enabled: scope === 'cluster' || Boolean(namespace),
  });
  return (query.data?.items ?? []).map((o) => o.metadata.name);
}
