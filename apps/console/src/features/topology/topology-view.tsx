'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { QueryError } from '../../components/query-error';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { ExampleLoadedNote, LoadExampleForm, type LoadedExample } from '../examples/load-example-form';
import { useCan } from '../shell/session-context';
import { useNamespace } from '../shell/use-namespace';
import { nodeHref } from './node-href';
import { TopologyGraph } from './topology-graph';
import './topology.css';

/** The topology page (issue 4 §7): the graph for the namespace in the picker, and what needs attention in words. */
export function TopologyView() {
  const trpc = useTRPC();
  const [namespace] = useNamespace();
  const can = useCan();
  const [loaded, setLoaded] = useState<LoadedExample | null>(null);
  const q = useQuery({ ...trpc.topology.get.queryOptions(namespace ? { namespace } : {}), refetchInterval: 15_000 });
  if (q.isPending) return <p className="muted" role="status">Loading the topology…</p>;
  if (q.isError) return <QueryError error={q.error} what="the topology" />;
  const { layout, attention, revision } = q.data;
  if (layout.nodes.length === 0) {
    return (
      <div className="card">
        <EmptyState title={namespace ? `Nothing to draw in namespace ${namespace}` : 'Nothing to draw yet'}>
          <p>The graph starts at Gateways and HTTPRoutes. {can.write ? 'Create them from the Gateways and Routes pages, or load the seed scenario:' : 'An editor can create them, or load the Upstream TLS example.'}</p>
        </EmptyState>
        {loaded ? <ExampleLoadedNote loaded={loaded} /> : can.write ? <LoadExampleForm defaultNamespace={namespace} onLoaded={setLoaded} /> : null}
      </div>
    );
  }
  return (
    <>
      {loaded ? <ExampleLoadedNote loaded={loaded} onDismiss={() => setLoaded(null)} /> : null}
      <div className="topo-toolbar">
        <p className="muted" style={{ margin: 0 }}>
          {namespace ? `Namespace ${namespace} and what its objects lead to or come from` : 'All namespaces'} · configuration revision {revision} · select an object to open it
        </p>
        <div className="topo-legend" role="group" aria-label="Colours">
          <StatusBadge tone="ok">healthy</StatusBadge>
          <StatusBadge tone="pending">needs a look</StatusBadge>
          <StatusBadge tone="bad">broken or missing</StatusBadge>
          <StatusBadge tone="neutral">not ours / no status</StatusBadge>
        </div>
      </div>
      <TopologyGraph layout={layout} namespace={namespace ?? null} />
      <section className="card" aria-labelledby="topo-attention" style={{ marginTop: 20 }}>
        <h2 id="topo-attention">Needs attention</h2>
        {attention.length === 0 ? <p className="muted" style={{ margin: 0 }}>Nothing: every object in the graph is healthy.</p> : (
          <ul className="topo-attention">
            {attention.map((a) => {
              const href = nodeHref({ ...a, name: a.kind === 'Listener' ? (a.gateway ?? a.name) : a.name });
              const title = a.kind === 'Listener' ? `Listener ${a.name} of Gateway ${a.namespace}/${a.gateway ?? ''}` : `${a.kind} ${a.namespace ? `${a.namespace}/` : ''}${a.name}`;
              return (
                <li key={a.id} className={a.tone}>
                  {href ? <Link href={href}>{title}</Link> : <strong>{title}</strong>}
                  <span className="sub">{a.missing ? 'does not exist but is referenced' : a.status}</span>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </>
  );
}
