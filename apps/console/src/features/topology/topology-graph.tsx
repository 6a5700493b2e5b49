'use client';

import { useRouter } from 'next/navigation';
import type { KeyboardEvent, MouseEvent } from 'react';
import type { PlacedNode, TopologyLayout } from '../../server/services/topology/topology-model';
import { nodeHref } from './node-href';

const KIND_WORDS: Record<PlacedNode['kind'], string> = {
  Gateway: 'GATEWAY', HTTPRoute: 'HTTPROUTE', TLSRoute: 'TLSROUTE', Service: 'SERVICE', UpstreamTLSPolicy: 'UPSTREAM TLS POLICY', BackendTLSPolicy: 'BACKEND TLS POLICY',
  Secret: 'SECRET', ConfigMap: 'CONFIGMAP', Certificate: 'CERTIFICATE',
};

/** Fits text into about `max` characters (SVG text does not wrap); the full text is in the tooltip and label. */
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function Node({ n, namespace, go }: { n: PlacedNode; namespace: string | null; go: (href: string) => void }) {
  const href = nodeHref(n);
  const chars = Math.floor((n.width - 20) / 6.6);
  const portChars = Math.floor((n.width - 30) / 6);
  // Another namespace's object says so in its kind line (the name lines are the object's own name).
  const kindLine = `${KIND_WORDS[n.kind]}${n.missing ? ' · MISSING' : n.namespace && namespace !== null && n.namespace !== namespace ? ` · ${n.namespace}` : ''}`;
  const label = `${n.kind} ${n.namespace ? `${n.namespace}/` : ''}${n.name}: ${n.status}`;
  const below = (n.nameLines.length - 1) * 16;
  const open = (e: MouseEvent | KeyboardEvent) => {
    if (!href) return;
    if ('key' in e && e.key !== 'Enter' && e.key !== ' ') return;
    e.preventDefault();
    go(href);
  };
  const body = (
    <>
      <title>{label}</title>
      <rect className={`topo-node ${n.tone}${n.missing ? ' missing' : ''}`} x={n.x} y={n.y} width={n.width} height={n.height} rx={7} />
      <rect className={`topo-bar ${n.tone}`} x={n.x} y={n.y} width={5} height={n.height} rx={2} />
      <text className="topo-kind" x={n.x + 13} y={n.y + 17}>{clip(kindLine, chars + 2)}</text>
      {n.nameLines.map((line, i) => <text key={i} className="topo-name" x={n.x + 13} y={n.y + 35 + i * 16}>{line}</text>)}
      <text className="topo-detail" x={n.x + 13} y={n.y + 52 + below}>{clip(n.detail || n.status, chars)}</text>
      {n.ports.map((p) => {
        const cy = n.y + (n.portOffsets[p.id] ?? 0);
        return (
          <g key={p.id}>
            <title>{`Listener ${p.label}: ${p.status}`}</title>
            <rect className="topo-port" x={n.x + 8} y={cy - 10} width={n.width - 16} height={20} rx={4} />
            <circle className={`topo-dot ${p.tone}`} cx={n.x + 17} cy={cy} r={4} />
            <text className="topo-port-text" x={n.x + 26} y={cy + 4}>{clip(p.label, portChars)}</text>
          </g>
        );
      })}
    </>
  );
  if (!href) return <g role="img" aria-label={label}>{body}</g>;
  return (
    <a href={href} onClick={open} onKeyDown={open} aria-label={label} className="topo-link">
      {body}
    </a>
  );
}

/**
 * The namespace graph as SVG, laid out by the server (layout-topology.ts): columns left to right, edges as
 * curves, a red dashed edge for a reference that does not hold. Every node is a link to its object's page.
 */
export function TopologyGraph({ layout, namespace }: { layout: TopologyLayout; namespace: string | null }) {
  const router = useRouter();
  const pad = 8;
  return (
    <div className="topo-scroll">
      <svg
        className="topo-svg"
        viewBox={`${-pad} ${-pad} ${layout.width + 2 * pad} ${layout.height + 2 * pad}`}
        width={layout.width + 2 * pad}
        role="group"
        aria-label={`Topology${namespace ? ` of namespace ${namespace}` : ''}: gateways, routes, services, TLS policies, secrets and certificates`}
      >
        {layout.columns.map((c) => <text key={c.title} className="topo-column" x={c.x} y={14}>{c.title}</text>)}
        <g aria-hidden="true">
          {layout.edges.map((e, i) => (
            <path key={i} d={e.path} className={`topo-edge ${e.tone}`}><title>{e.label ?? ''}</title></path>
          ))}
        </g>
        {layout.nodes.map((n) => <Node key={n.id} n={n} namespace={namespace} go={(href) => router.push(href)} />)}
      </svg>
    </div>
  );
}
