'use client';

import { useQueries, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { CERTIFICATE_STATE_WORDS } from '../certificates/describe-certificate-state';
import { ExampleLoadedNote, LoadExampleForm, type LoadedExample } from '../examples/load-example-form';
import { useCan } from '../shell/session-context';
import { useNamespace } from '../shell/use-namespace';
import './dashboard-explore.css';

/**
 * The empty dashboard's next step (issue 4 §10): with no Gateway anywhere, offer the seed scenario — editors load
 * it, viewers are told who can.
 */
export function GetStarted() {
  const trpc = useTRPC();
  const can = useCan();
  const [namespace] = useNamespace();
  const gateways = useQuery(trpc.resources.list.queryOptions({ plural: 'gateways', limit: 1 }));
  const [loaded, setLoaded] = useState<LoadedExample | null>(null);
  if (loaded) return <div className="get-started-done"><ExampleLoadedNote loaded={loaded} onDismiss={() => setLoaded(null)} /></div>;
  if (!gateways.data || gateways.data.items.length > 0) return null;
  return (
    <section className="card get-started" aria-labelledby="get-started-heading">
      <h2 id="get-started-heading">Start with the Upstream TLS example</h2>
      <p>
        No Gateway exists yet. The example builds the seed scenario — clients speak HTTP to the gateway, the gateway speaks HTTPS to httpbin —
        up to the point where the gateway cannot verify httpbin yet. Then simulate the request, probe the upstream and add the policy.
      </p>
      {can.write ? <LoadExampleForm defaultNamespace={namespace} onLoaded={setLoaded} /> : <p className="muted">Ask an editor or an administrator to load it; you can look at everything once it exists.</p>}
    </section>
  );
}

/** Ways to look at the configuration that are not lists: topology, simulator, probe. */
function Explore({ namespace }: { namespace: string | undefined }) {
  const ns = namespace ? `?namespace=${encodeURIComponent(namespace)}` : '';
  return (
    <section className="card" aria-labelledby="explore-heading">
      <h2 id="explore-heading">Explore</h2>
      <ul className="explore-links">
        <li><Link href={`/topology${ns}`}>Topology</Link><span className="sub">Gateways → routes → Services → TLS policies → Secrets → certificates, by status.</span></li>
        <li><Link href={`/simulator${ns}`}>Request simulator</Link><span className="sub">Which listener, rule, filters, backends and upstream CA a request gets, and why.</span></li>
        <li><Link href={`/probe${ns}`}>Upstream TLS probe</Link><span className="sub">The chain an upstream presents and whether a CA verifies it, seen by a worker.</span></li>
      </ul>
    </section>
  );
}

const URGENT = ['expired', 'expiring7', 'expiring30'] as const;

/** The certificates that expire soonest (expired first), each linked to its page. */
function ExpiringCertificates() {
  const trpc = useTRPC();
  const lists = useQueries({ queries: URGENT.map((state) => trpc.certificates.list.queryOptions({ state, limit: 5 })) });
  const items = lists.flatMap((q) => q.data?.items ?? []).slice(0, 6);
  const pending = lists.some((q) => q.isPending);
  return (
    <section className="card" aria-labelledby="expiring-heading">
      <h2 id="expiring-heading">Certificates expiring soon</h2>
      {pending ? <p className="muted" role="status">Loading certificates…</p> : items.length === 0 ? (
        <p className="muted" style={{ margin: 0 }}>None within 30 days.</p>
      ) : (
        <ul className="explore-links">
          {items.map((c) => {
            const words = CERTIFICATE_STATE_WORDS[c.state];
            return (
              <li key={c.id}>
                <Link href={`/certificates/${encodeURIComponent(c.id)}`}>{c.name}</Link>{' '}
                <StatusBadge tone={words.tone}>{words.label}</StatusBadge>
                <span className="sub">{c.commonName ?? c.subject} · notAfter <RelativeTime iso={c.notAfter} /></span>
              </li>
            );
          })}
        </ul>
      )}
      <p style={{ margin: '12px 0 0' }}><Link href="/certificates">Open the certificates</Link></p>
    </section>
  );
}

/** Dashboard cards around the topology, simulator, probe and expiring certificates. */
export function DashboardExplore() {
  const [namespace] = useNamespace();
  return (
    <div className="grid-2 dashboard-explore">
      <Explore namespace={namespace} />
      <ExpiringCertificates />
    </div>
  );
}
