import type { CompileResult } from '@gatehouse/compiler/compile/compile-snapshot';
import { resolveReadyEndpoints } from '@gatehouse/compiler/compile/service-endpoints';
import { decodeSecretValue } from '@gatehouse/compiler/input/config-input';
import { indexSnapshot, type SnapshotIndex } from '@gatehouse/compiler/input/snapshot-index';
import type { ListenerTable } from '@gatehouse/compiler/routing-table/routing-table';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { briefsFromPem, type CertificateBrief } from '../probe/certificate-brief';
import type { Tone, TopologyEdge, TopologyGraph, TopologyKind, TopologyNode, TopologyPort } from './topology-model';

/** An inventory certificate a Secret is bound to (annotation gatehouse.dev/certificate). */
export interface InventoryCertificate {
  id: string;
  name: string;
  commonName: string | null;
  state: string;
  notAfter: string;
}

export interface TopologyInput {
  snapshot: ConfigSnapshot;
  compiled: CompileResult;
  /** Bound certificates by inventory id. */
  certificates: ReadonlyMap<string, InventoryCertificate>;
  /** Only this namespace and what its objects lead to or come from; undefined = everything. */
  namespace: string | undefined;
  now: Date;
}

export const CERTIFICATE_ANNOTATION = 'gatehouse.dev/certificate';

type Obj = Record<string, unknown>;
type Condition = { type: string; status: string; reason: string; message: string };
const asObj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const asArr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const key = (ns: string, name: string) => `${ns}/${name}`;

function conditionsOf(v: unknown): Condition[] {
  return asArr(v).flatMap((c) => {
    const o = asObj(c);
    return o && typeof o.type === 'string' ? [{ type: o.type, status: String(o.status ?? 'Unknown'), reason: String(o.reason ?? ''), message: String(o.message ?? '') }] : [];
  });
}

/**
 * Conditions → colour and words. Gateway API conditions are positive-polarity except Conflicted.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway.networking.k8s.io/v1.ListenerConditionType
 */
function judge(conditions: Condition[], goodWord: string, noneWord: string): { tone: Tone; status: string } {
  if (conditions.length === 0) return { tone: 'pending', status: noneWord };
  const bad = conditions.filter((c) => (c.type === 'Conflicted' ? c.status === 'True' : c.status === 'False'));
  if (bad.length > 0) return { tone: 'bad', status: bad.map((c) => `${c.type} ${c.type === 'Conflicted' ? '' : 'false '}(${c.reason}): ${c.message}`.replace('  ', ' ')).join('; ') };
  if (conditions.some((c) => c.status === 'Unknown')) return { tone: 'pending', status: 'status unknown' };
  return { tone: 'ok', status: goodWord };
}

class GraphBuilder {
  readonly nodes = new Map<string, TopologyNode>();
  readonly edges: TopologyEdge[] = [];
  private readonly edgeIds = new Set<string>();

  node(n: Omit<TopologyNode, 'ports' | 'certificateId' | 'missing'> & Partial<Pick<TopologyNode, 'ports' | 'certificateId' | 'missing'>>): TopologyNode {
    const existing = this.nodes.get(n.id);
    if (existing) return existing;
    const full: TopologyNode = { ports: [], certificateId: null, missing: false, ...n };
    this.nodes.set(n.id, full);
    return full;
  }

  missing(kind: TopologyKind, namespace: string, name: string): TopologyNode {
    return this.node({ id: `${kind}:${key(namespace, name)}`, kind, namespace, name, detail: 'not found', tone: 'bad', status: `${kind} ${key(namespace, name)} does not exist`, missing: true });
  }

  edge(e: TopologyEdge): void {
    const id = `${e.from}|${e.fromPort ?? ''}|${e.to}|${e.label ?? ''}`;
    if (this.edgeIds.has(id)) return;
    this.edgeIds.add(id);
    this.edges.push(e);
  }
}

function routesOf(l: ListenerTable): Set<string> {
  const out = new Set<string>();
  const add = (list: readonly { route: { namespace: string; name: string } }[]) => list.forEach((e) => out.add(key(e.route.namespace, e.route.name)));
  Object.values(l.exactHosts).forEach(add);
  l.wildcardHosts.forEach((w) => add(w.entries));
  add(l.anyHost);
  // TLS listeners: their TLSRoutes by server name.
  if (l.tlsRoutes !== null) add([...Object.values(l.tlsRoutes.exactHosts), ...l.tlsRoutes.wildcardHosts.map((w) => w.target)]);
  return out;
}

function addGateways(g: GraphBuilder, ix: SnapshotIndex, objects: Map<string, KubeObject>, statuses: Map<string, Obj>): void {
  for (const gw of ix.gateways) {
    const { namespace, name } = gw.meta;
    const st = statuses.get(`Gateway/${key(namespace, name)}`);
    const listenerStatus = new Map(asArr(st?.listeners).map((l) => [String(asObj(l)?.name ?? ''), asObj(l)]));
    const ports: TopologyPort[] = gw.listeners.map((l) => {
      const ls = listenerStatus.get(l.name);
      const j = judge(conditionsOf(ls?.conditions), 'Programmed', 'not served by Gatehouse');
      const routes = Number(ls?.attachedRoutes ?? 0);
      return {
        id: `Listener:${key(namespace, name)}/${l.name}`,
        name: l.name,
        label: `${l.name}: ${l.protocol} ${l.port} · ${routes} route${routes === 1 ? '' : 's'}${l.hostname ? ` · ${l.hostname}` : ''}`,
        ...j,
      };
    });
    // Listeners that accepted ListenerSets add to this Gateway (GEP-1713), as more ports of the Gateway's node.
    for (const set of ix.listenerSets) {
      const p = set.parentRef;
      if (p.kind !== 'Gateway' || p.namespace !== namespace || p.name !== name) continue;
      const setKey = key(set.meta.namespace, set.meta.name);
      const setStatus = statuses.get(`ListenerSet/${setKey}`);
      const entries = new Map(asArr(setStatus?.listeners).map((l) => [String(asObj(l)?.name ?? ''), asObj(l)]));
      for (const l of set.listeners) {
        const ls = entries.get(l.name);
        const routes = Number(ls?.attachedRoutes ?? 0);
        ports.push({
          id: `Listener:ListenerSet ${setKey}/${l.name}`,
          name: `${set.meta.name}/${l.name}`,
          label: `${setKey}/${l.name}: ${l.protocol} ${l.port} · ${routes} route${routes === 1 ? '' : 's'}${l.hostname ? ` · ${l.hostname}` : ''}`,
          ...judge(conditionsOf(ls?.conditions), 'Programmed', 'not attached to the Gateway'),
        });
      }
    }
    const j = st === undefined
      ? { tone: 'neutral' as Tone, status: `GatewayClass ${gw.gatewayClassName} belongs to another controller` }
      : judge(conditionsOf(st.conditions), 'Accepted and programmed', 'no status yet');
    g.node({ id: `Gateway:${key(namespace, name)}`, kind: 'Gateway', namespace, name, detail: `class ${gw.gatewayClassName}`, ...j, ports });
    // Listener certificates (HTTPS/TLS termination) are Secrets too.
    const raw = objects.get(`Gateway/${key(namespace, name)}`);
    asArr(asObj(raw?.spec)?.listeners).forEach((l) => {
      const lname = String(asObj(l)?.name ?? '');
      for (const ref of asArr(asObj(asObj(l)?.tls)?.certificateRefs)) {
        const r = asObj(ref);
        if (!r || (r.kind ?? 'Secret') !== 'Secret') continue;
        const sns = typeof r.namespace === 'string' ? r.namespace : namespace;
        const to = secretTarget(g, ix, 'Secret', sns, String(r.name ?? ''));
        g.edge({ from: `Gateway:${key(namespace, name)}`, fromPort: `Listener:${key(namespace, name)}/${lname}`, to, label: 'serving certificate', tone: 'neutral' });
      }
    });
  }
}

function addRoutes(g: GraphBuilder, ix: SnapshotIndex, compiled: CompileResult, statuses: Map<string, Obj>): void {
  const attached = new Map<string, Set<string>>(); // route → listener ids
  for (const p of Object.values(compiled.table.ports)) {
    for (const l of [...Object.values(p.exactHosts), ...p.wildcardHosts, ...(p.anyHost ? [p.anyHost] : [])]) {
      // A ListenerSet's listener is a port of its Gateway's node, named apart (listener names may repeat).
      const owner = l.listenerSet === undefined ? key(l.gateway.namespace, l.gateway.name) : `ListenerSet ${key(l.listenerSet.namespace, l.listenerSet.name)}`;
      const listenerId = `Listener:${owner}/${l.listener}`;
      const kind = l.tlsRoutes === null ? 'HTTPRoute' : 'TLSRoute';
      for (const r of routesOf(l)) {
        const set = attached.get(`${kind}|${r}`) ?? new Set<string>();
        set.add(`${key(l.gateway.namespace, l.gateway.name)}|${listenerId}`);
        attached.set(`${kind}|${r}`, set);
      }
    }
  }
  // HTTPRoutes and TLSRoutes draw alike: parents, hostnames (server names for TLS) and Service backends.
  const routes = [
    ...ix.httpRoutes.map((r) => ({ kind: 'HTTPRoute' as const, meta: r.meta, hostnames: r.hostnames, parentRefs: r.parentRefs, backendRefs: r.rules.flatMap((rule) => rule.backendRefs) })),
    ...ix.tlsRoutes.map((r) => ({ kind: 'TLSRoute' as const, meta: r.meta, hostnames: r.hostnames, parentRefs: r.parentRefs, backendRefs: r.backendRefs })),
  ];
  for (const route of routes) {
    const { namespace, name } = route.meta;
    const id = `${route.kind}:${key(namespace, name)}`;
    const parents = asArr(statuses.get(`${route.kind}/${key(namespace, name)}`)?.parents).map(asObj);
    const all = parents.flatMap((p) => conditionsOf(p?.conditions));
    g.node({
      id, kind: route.kind, namespace, name,
      detail: route.hostnames.length > 0 ? route.hostnames.join(', ') : 'any host',
      ...judge(all, 'Accepted, references resolved', 'not attached to a Gatehouse Gateway'),
    });
    // Route keys are per kind: an HTTPRoute and a TLSRoute may share a name.
    const via = attached.get(`${route.kind}|${key(namespace, name)}`) ?? new Set<string>();
    for (const v of via) {
      const [gw = '', listenerId = ''] = v.split('|');
      g.edge({ from: `Gateway:${gw}`, fromPort: listenerId, to: id, label: null, tone: 'ok' });
    }
    for (const ref of route.parentRefs) {
      if (ref.kind !== 'Gateway') continue;
      const gwKey = key(ref.namespace, ref.name);
      if ([...via].some((v) => v.startsWith(`${gwKey}|`))) continue;
      if (!ix.gateways.some((x) => key(x.meta.namespace, x.meta.name) === gwKey)) g.missing('Gateway', ref.namespace, ref.name);
      const p = parents.find((x) => asObj(x?.parentRef)?.name === ref.name);
      const refused = conditionsOf(p?.conditions).find((c) => c.status === 'False');
      g.edge({ from: `Gateway:${gwKey}`, fromPort: null, to: id, label: refused ? `not attached: ${refused.reason}` : 'not attached', tone: 'bad' });
    }
    for (const b of route.backendRefs) {
      if (b.group !== '' || b.kind !== 'Service') continue;
      const svcKey = key(b.namespace, b.name);
      if (!ix.services.has(svcKey)) g.missing('Service', b.namespace, b.name);
      g.edge({ from: id, fromPort: null, to: `Service:${svcKey}`, label: b.port === undefined ? null : `:${b.port}`, tone: ix.services.has(svcKey) ? 'ok' : 'bad' });
    }
  }
}

function addServices(g: GraphBuilder, ix: SnapshotIndex, wanted: Set<string>): void {
  for (const svcKey of wanted) {
    const svc = ix.services.get(svcKey);
    if (!svc) continue;
    const ports = svc.ports.map((p) => ({ p, eps: resolveReadyEndpoints(ix, svc, p) }));
    const ready = ports.reduce((n, x) => n + x.eps.endpoints.length, 0);
    const firstReason = ports.find((x) => x.eps.endpoints.length === 0)?.eps.reason ?? null;
    g.node({
      id: `Service:${svcKey}`, kind: 'Service', namespace: svc.meta.namespace, name: svc.meta.name,
      detail: svc.ports.map((p) => `:${p.port}${p.name ? ` (${p.name})` : ''}`).join(', ') || 'no ports',
      tone: ready > 0 && firstReason === null ? 'ok' : ready > 0 ? 'pending' : 'bad',
      status: ready > 0 ? `${ready} ready endpoint${ready === 1 ? '' : 's'}${firstReason ? `; ${firstReason}` : ''}` : (firstReason ?? 'no ready endpoints'),
    });
  }
}

function secretTarget(g: GraphBuilder, ix: SnapshotIndex, kind: 'Secret' | 'ConfigMap', namespace: string, name: string): string {
  const k = key(namespace, name);
  const exists = kind === 'Secret' ? ix.secrets.has(k) : ix.configMaps.has(k);
  if (!exists) return g.missing(kind, namespace, name).id;
  // Detail and colour come from its contents (addSecretCertificates).
  return g.node({ id: `${kind}:${k}`, kind, namespace, name, detail: '', tone: 'neutral', status: '' }).id;
}

function addPolicies(g: GraphBuilder, ix: SnapshotIndex, statuses: Map<string, Obj>): void {
  for (const p of ix.upstreamTlsPolicies) {
    const { namespace, name } = p.meta;
    const id = `UpstreamTLSPolicy:${key(namespace, name)}`;
    g.node({
      id, kind: 'UpstreamTLSPolicy', namespace, name,
      detail: `ports ${p.ports.map((x) => x.port).join(', ') || 'none'}`,
      ...judge(conditionsOf(statuses.get(`UpstreamTLSPolicy/${key(namespace, name)}`)?.conditions), 'Accepted', 'no status yet'),
    });
    const t = p.targetRef;
    if (t.group === '' && t.kind === 'Service') {
      const svcKey = key(t.namespace, t.name);
      if (!ix.services.has(svcKey)) g.missing('Service', t.namespace, t.name);
      g.edge({ from: `Service:${svcKey}`, fromPort: null, to: id, label: `port ${p.ports.map((x) => x.port).join(', ')}`, tone: 'neutral' });
    }
    for (const c of [p.config, ...p.ports.map((x) => x.config)]) {
      if (c === undefined || c.certificateRef.kind !== 'Secret') continue;
      g.edge({ from: id, fromPort: null, to: secretTarget(g, ix, 'Secret', c.certificateRef.namespace, c.certificateRef.name), label: c.mTLS ? 'CA + client certificate' : 'CA', tone: 'neutral' });
    }
  }
  for (const p of ix.backendTlsPolicies) {
    const { namespace, name } = p.meta;
    const id = `BackendTLSPolicy:${key(namespace, name)}`;
    const ancestors = asArr(statuses.get(`BackendTLSPolicy/${key(namespace, name)}`)?.ancestors).map(asObj);
    g.node({
      id, kind: 'BackendTLSPolicy', namespace, name,
      detail: `hostname ${p.hostname}`,
      ...judge(ancestors.flatMap((a) => conditionsOf(a?.conditions)), 'Accepted', 'not used by any Gateway route yet'),
    });
    for (const t of p.targetRefs) {
      if (t.group !== '' || t.kind !== 'Service') continue;
      const svcKey = key(namespace, t.name);
      if (!ix.services.has(svcKey)) g.missing('Service', namespace, t.name);
      g.edge({ from: `Service:${svcKey}`, fromPort: null, to: id, label: t.sectionName ? `port ${t.sectionName}` : null, tone: 'neutral' });
    }
    for (const r of p.caCertificateRefs) {
      if (r.group !== '' || (r.kind !== 'Secret' && r.kind !== 'ConfigMap')) continue;
      g.edge({ from: id, fromPort: null, to: secretTarget(g, ix, r.kind, namespace, r.name), label: 'CA', tone: 'neutral' });
    }
  }
}

function certificateTone(state: string): Tone {
  return state === 'valid' ? 'ok' : state === 'expiring30' ? 'pending' : 'bad';
}

const STATE_WORDS: Record<string, string> = {
  valid: 'valid', expiring30: 'expires within 30 days', expiring7: 'expires within 7 days', expired: 'expired', revoked: 'revoked', notYetValid: 'not yet valid',
};

function addSecretCertificates(g: GraphBuilder, ix: SnapshotIndex, objects: Map<string, KubeObject>, input: TopologyInput): void {
  for (const n of [...g.nodes.values()]) {
    if ((n.kind !== 'Secret' && n.kind !== 'ConfigMap') || n.missing) continue;
    const k = key(n.namespace, n.name);
    const raw = objects.get(`${n.kind}/${k}`);
    const boundId = raw?.metadata.annotations?.[CERTIFICATE_ANNOTATION];
    const bound = boundId === undefined ? undefined : input.certificates.get(boundId);
    let pems: { key: string; pem: string }[] = [];
    if (n.kind === 'Secret') {
      const s = ix.secrets.get(k);
      pems = ['ca.crt', 'tls.crt'].flatMap((d) => { const v = s ? decodeSecretValue(s, d) : undefined; return v ? [{ key: d, pem: v }] : []; });
    } else {
      const v = ix.configMaps.get(k)?.data['ca.crt'];
      if (v) pems = [{ key: 'ca.crt', pem: v }];
    }
    const keys = pems.map((p) => p.key);
    n.detail = keys.length > 0 ? keys.join(', ') : 'no certificate keys';
    n.tone = keys.length > 0 ? 'ok' : 'bad';
    n.status = keys.length > 0 ? `holds ${keys.join(' and ')}` : `holds neither ca.crt nor tls.crt`;
    if (bound) {
      const id = `Certificate:id:${bound.id}`;
      g.node({ id, kind: 'Certificate', namespace: '', name: bound.commonName ?? bound.name, detail: `until ${bound.notAfter.slice(0, 10)}`, tone: certificateTone(bound.state), status: `${STATE_WORDS[bound.state] ?? bound.state} (managed by Gatehouse as "${bound.name}")`, certificateId: bound.id });
      g.edge({ from: n.id, fromPort: null, to: id, label: 'bound', tone: 'neutral' });
      continue;
    }
    for (const p of pems) {
      // A bundle's certificates each; a tls.crt's first one (the leaf), the rest are its intermediates.
      const briefs: CertificateBrief[] = p.key === 'ca.crt' ? briefsFromPem(p.pem, input.now) : briefsFromPem(p.pem, input.now).slice(0, 1);
      for (const b of briefs) {
        const id = `Certificate:sha256:${b.sha256}`;
        g.node({ id, kind: 'Certificate', namespace: '', name: b.commonName ?? b.subject, detail: `until ${b.notAfter.slice(0, 10)}`, tone: certificateTone(b.state), status: `${STATE_WORDS[b.state] ?? b.state}${b.isCA ? ', a CA' : ''} (read from the ${n.kind})` });
        g.edge({ from: n.id, fromPort: null, to: id, label: p.key, tone: 'neutral' });
      }
    }
  }
}

/** Nodes in `namespace` plus everything upstream and downstream of them (not their siblings' other branches). */
function scope(graph: TopologyGraph, namespace: string | undefined): TopologyGraph {
  if (namespace === undefined) return graph;
  const out = new Map<string, string[]>();
  const into = new Map<string, string[]>();
  for (const e of graph.edges) {
    out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
    into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  }
  const seeds = graph.nodes.filter((n) => n.namespace === namespace).map((n) => n.id);
  const keep = new Set(seeds);
  const walk = (links: Map<string, string[]>) => {
    const stack = [...seeds];
    const seen = new Set(seeds);
    while (stack.length > 0) {
      for (const next of links.get(stack.pop() as string) ?? []) {
        if (seen.has(next)) continue;
        seen.add(next);
        keep.add(next);
        stack.push(next);
      }
    }
  };
  walk(out);
  walk(into);
  return { nodes: graph.nodes.filter((n) => keep.has(n.id)), edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
}

/**
 * The topology of a configuration (issue 4 §7): Gateways with their listeners → HTTPRoutes → Services → TLS
 * policies → Secrets/ConfigMaps → certificates, each with the colour and words of its computed status.
 * Attachments come from the compiled routing table (what the worker enforces), references from the objects;
 * a reference to something absent becomes a "missing" node. Pure: no I/O, the moment is passed in.
 */
export function buildTopology(input: TopologyInput): TopologyGraph {
  const ix = indexSnapshot(input.snapshot);
  const objects = new Map(input.snapshot.objects.map((o) => [`${o.kind}/${key(o.metadata.namespace ?? '', o.metadata.name)}`, o]));
  const statuses = new Map(input.compiled.statuses.map((s) => [`${s.kind}/${key(s.namespace, s.name)}`, s.status]));
  const g = new GraphBuilder();
  addGateways(g, ix, objects, statuses);
  addRoutes(g, ix, input.compiled, statuses);
  addPolicies(g, ix, statuses);
  // Services that a route or a policy names (a namespace's other Services are not part of the gateway's picture).
  const wanted = new Set<string>();
  for (const e of g.edges) {
    if (e.to.startsWith('Service:')) wanted.add(e.to.slice('Service:'.length));
    if (e.from.startsWith('Service:')) wanted.add(e.from.slice('Service:'.length));
  }
  addServices(g, ix, wanted);
  addSecretCertificates(g, ix, objects, input);
  const sorted = [...g.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scope({ nodes: sorted, edges: g.edges.filter((e) => g.nodes.has(e.from) && g.nodes.has(e.to)) }, input.namespace);
}
