'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/** The namespace chosen in the picker, kept in the URL (`?namespace=`); undefined means all namespaces. */
export function useNamespace(): [string | undefined, (ns: string | undefined) => void] {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const namespace = params.get('namespace') || undefined;
  const setNamespace = useCallback(
    (ns: string | undefined) => {
      // A new namespace starts the page's lists from their first page, other filters stay.
      const next = new URLSearchParams(params.toString());
      for (const k of ['page', 'trail', 'cursor']) next.delete(k);
      if (ns) next.set('namespace', ns);
      else next.delete('namespace');
      const q = next.toString();
      router.push(q ? `${pathname}?${q}` : pathname);
    },
    [params, pathname, router],
  );
  return [namespace, setNamespace];
}
