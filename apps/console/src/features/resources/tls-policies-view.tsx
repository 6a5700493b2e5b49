'use client';

import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { BACKEND_POLICY_COLUMNS, UPSTREAM_POLICY_COLUMNS } from './policy-columns';
import { ResourceTable } from './resource-table';

const TABS = [
  { id: 'upstream', label: 'Upstream TLS (FSM)', plural: 'upstreamtlspolicies', columns: UPSTREAM_POLICY_COLUMNS },
  { id: 'backend', label: 'Backend TLS (Gateway API)', plural: 'backendtlspolicies', columns: BACKEND_POLICY_COLUMNS },
] as const;

/** Both policy kinds that make the gateway speak TLS to a Service, one tab each (the tab is in the URL). */
export function TlsPoliciesView() {
  const params = useSearchParams();
  const pathname = usePathname();
  const active = TABS.find((t) => t.id === params.get('kind')) ?? TABS[0];
  const hrefFor = (id: string) => {
    const q = new URLSearchParams();
    const ns = params.get('namespace');
    if (ns) q.set('namespace', ns);
    if (id !== 'upstream') q.set('kind', id);
    const s = q.toString();
    return s ? `${pathname}?${s}` : pathname;
  };
  return (
    <>
      <nav aria-label="Policy kind" className="row filters">
        {TABS.map((t) => (
          <Link key={t.id} href={hrefFor(t.id)} className={`button small${t.id === active.id ? ' primary' : ''}`} aria-current={t.id === active.id ? 'page' : undefined}>
            {t.label}
          </Link>
        ))}
      </nav>
      <ResourceTable key={active.id} plural={active.plural} noun="policies" caption={active.label} columns={[...active.columns]}
        empty={<p>Without a policy the gateway speaks plain HTTP to the upstream port.</p>} />
    </>
  );
}
