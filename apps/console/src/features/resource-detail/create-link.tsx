'use client';

import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCan } from '../shell/session-context';
import { createHref } from './resource-href';

/**
 * "New …" links for a list page's header, into the namespace the picker shows; hidden from viewers (the server
 * refuses them anyway). `kindParam` picks among several by the page's `?kind=` (TLS policies).
 */
export function CreateLinks({ links, kindParam }: { links: readonly { plural: string; label: string; kind?: string }[]; kindParam?: boolean }) {
  const params = useSearchParams();
  const can = useCan();
  if (!can.write) return null;
  const namespace = params.get('namespace') || undefined;
  const active = kindParam ? params.get('kind') ?? undefined : undefined;
  const shown = kindParam ? links.filter((l) => (l.kind ?? undefined) === active || (active === undefined && l.kind === 'upstream')) : links;
  return (
    <div className="row">
      {shown.map((l, i) => (
        <Link key={l.plural} href={createHref(l.plural, namespace)} className={`button${i === 0 ? ' primary' : ''}`}>{l.label}</Link>
      ))}
    </div>
  );
}
