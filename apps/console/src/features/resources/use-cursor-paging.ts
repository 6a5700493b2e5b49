'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';

/**
 * Cursor paging kept in the URL: `cursor` is the current page's start (the server's opaque continue token), `trail`
 * the starts of the pages before it, so "Previous" works and a link reopens the same page. Cursors are base64url or
 * numbers, which never contain the `,` that joins the trail.
 */
export function useCursorPaging() {
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const cursor = params.get('cursor') || undefined;
  const trail = (params.get('trail') ?? '').split(',').filter(Boolean);
  const go = (nextCursor: string | undefined, nextTrail: string[]) => {
    const q = new URLSearchParams(params.toString());
    if (nextCursor) q.set('cursor', nextCursor);
    else q.delete('cursor');
    if (nextTrail.length > 0) q.set('trail', nextTrail.join(','));
    else q.delete('trail');
    const s = q.toString();
    router.push(s ? `${pathname}?${s}` : pathname);
  };
  return {
    cursor,
    /** 1-based number of the page shown. */
    pageNumber: cursor ? trail.length + 2 : 1,
    next: (nextCursor: string) => go(nextCursor, cursor ? [...trail, cursor] : trail),
    previous: () => go(trail.at(-1), trail.slice(0, -1)),
    first: () => go(undefined, []),
  };
}
