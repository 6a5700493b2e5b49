'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import { LIST_SORTS, type ListSort } from '@gatehouse/domain/object/list-filter.schema';

export interface ListFilterState {
  sort: ListSort;
  q: string;
  /** Label selector text (`?labels=`). */
  labels: string;
}

const isSort = (v: string | null): v is ListSort => v !== null && (LIST_SORTS as readonly string[]).includes(v);

/**
 * A list's sort and filters, kept in the URL (`?sort=&q=&labels=`) beside `namespace` and the cursor, so a link or a
 * reload shows the same list. Changing them starts from the first page: a cursor is only valid for the sort and
 * filters that made it.
 */
export function useListFilter(): [ListFilterState, (next: ListFilterState) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const sortParam = params.get('sort');
  const state: ListFilterState = { sort: isSort(sortParam) ? sortParam : 'name', q: params.get('q') ?? '', labels: params.get('labels') ?? '' };
  const set = useCallback(
    (next: ListFilterState) => {
      const q = new URLSearchParams(params.toString());
      for (const k of ['cursor', 'trail', 'page']) q.delete(k);
      const put = (k: string, v: string, dflt = '') => (v.trim() && v !== dflt ? q.set(k, v.trim()) : q.delete(k));
      put('sort', next.sort, 'name');
      put('q', next.q);
      put('labels', next.labels);
      const s = q.toString();
      router.push(s ? `${pathname}?${s}` : pathname);
    },
    [params, pathname, router],
  );
  return [state, set];
}

/** The resources.list input fields for a filter state (empty ones left out). */
export function listInputOf(f: ListFilterState): { sort: ListSort; q?: string; labelSelector?: string } {
  return { sort: f.sort, ...(f.q.trim() ? { q: f.q.trim() } : {}), ...(f.labels.trim() ? { labelSelector: f.labels.trim() } : {}) };
}
