'use client';

import { useQuery } from '@tanstack/react-query';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { useTRPC } from '../../trpc/react';
import { clientUrls, type WorkerReport } from './describe/describe-client-urls';

type Listener = { name: string; port: number; protocol: string; hostname?: string };

/** On a Gateway's page: the URL(s) clients use for each listener, from what the workers report serving. */
export function ClientUrlsPanel({ gateway }: { gateway: KubeObject }) {
  const trpc = useTRPC();
  const workers = useQuery({ ...trpc.workers.list.queryOptions(), refetchInterval: 15_000 });
  // Hostnames of the routes that name this Gateway: the Host header to put in the curl line.
  const routes = useQuery(trpc.resources.list.queryOptions({ plural: 'httproutes', limit: 200 }));
  const routeHostnames = (routes.data?.items ?? [])
    .filter((r) => ((r.spec as { parentRefs?: { name: string; namespace?: string }[] } | undefined)?.parentRefs ?? [])
      .some((p) => p.name === gateway.metadata.name && (p.namespace ?? r.metadata.namespace) === gateway.metadata.namespace))
    .flatMap((r) => ((r.spec as { hostnames?: string[] } | undefined)?.hostnames ?? []));
  const listeners = ((gateway.spec as { listeners?: Listener[] } | undefined)?.listeners ?? []);
  const pageHost = typeof window === 'undefined' ? 'localhost' : window.location.hostname;
  const reports = (workers.data?.items ?? []) as unknown as WorkerReport[];
  const rows = clientUrls({ namespace: gateway.metadata.namespace ?? '', name: gateway.metadata.name, listeners }, reports, pageHost, routeHostnames);
  return (
    <section className="card" aria-labelledby="client-urls-heading">
      <h2 id="client-urls-heading">Where clients send traffic</h2>
      {workers.isPending ? <p className="muted" role="status">Asking the workers…</p> : (
        <ul className="stack" style={{ paddingLeft: 18, margin: 0 }}>
          {rows.map((r) => (
            <li key={r.listener}>
              <strong>{r.listener}</strong> (port {r.port}): {r.urls.length ? r.urls.join(', ') : '—'}
              {r.hostHeader ? <> with <code>Host: {r.hostHeader}</code></> : null}
              {r.curl ? <div><code>{r.curl}</code></div> : null}
              {r.note ? <div className="muted">{r.note}</div> : null}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
