import { isReferenceAllowed } from '@gatehouse/compiler/compile/reference-grants';
import { asDict, asDictArray, asNumber, asString, asStringMap } from '@gatehouse/compiler/input/read-field';
import { indexSnapshot, type SnapshotIndex } from '@gatehouse/compiler/input/snapshot-index';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import {
  FLOMESH_GROUP,
  GATEWAY_GROUP,
  keyOfObject,
  keyString,
  referencesOf,
  sameKey,
  type ObjectKey,
  type OutRef,
} from './object-refs';
import type {
  BindingInfo,
  CertificateLink,
  ListenerRelations,
  ObjectLink,
  PortRelations,
  Relation,
  RelationTone,
  Relationships,
  SecretKeys,
} from './relationship-types';
import { listenerSetVerdict, policyVerdict, routeParentVerdict, type Verdict } from './reference-status';

export interface RelationsInput {
  /** Every stored object except Secrets, with the status the compiler computed. */
  objects: readonly KubeObject[];
  /** Every stored Secret: its data keys only. */
  secrets: readonly SecretKeys[];
  bindings: readonly BindingInfo[];
  /**
   * `gatewayNs/gateway/listener` (a ListenerSet's: `ListenerSet ns/name/listener`) → `routeNs/route` for every route
   * the compiler attached to that listener.
   */
  attachments: ReadonlyMap<string, ReadonlySet<string>>;
}

interface Ctx {
  input: RelationsInput;
  byKey: Map<string, KubeObject>;
  secrets: Map<string, SecretKeys>;
  ix: SnapshotIndex;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function exists(ctx: Ctx, k: ObjectKey): boolean {
  if (k.group === '' && k.kind === 'Secret') return ctx.secrets.has(`${k.namespace}/${k.name}`);
  return ctx.byKey.has(keyString(k));
}

function link(ctx: Ctx, k: ObjectKey): ObjectLink {
  return { ...k, exists: exists(ctx, k) };
}

/** Data keys of a Secret or ConfigMap (undefined when it does not exist). */
function dataKeys(ctx: Ctx, k: ObjectKey): readonly string[] | undefined {
  if (k.group === '' && k.kind === 'Secret') return ctx.secrets.get(`${k.namespace}/${k.name}`)?.keys;
  const obj = ctx.byKey.get(keyString(k));
  if (!obj) return undefined;
  return [...Object.keys(asStringMap(obj.data)), ...Object.keys(asStringMap(obj.binaryData))];
}

/** The group/kind a reference comes from, for ReferenceGrant checks. */
function grantFrom(r: OutRef) {
  return { group: r.from.group, kind: r.from.kind, namespace: r.from.namespace };
}

/** A cross-namespace reference no ReferenceGrant allows. @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/ */
function isRefused(ctx: Ctx, r: OutRef): boolean {
  if (r.role === 'gateway-class' || r.role === 'parent' || r.role === 'listener-set-parent' || r.role === 'endpoints-of') return false;
  return !isReferenceAllowed(ctx.ix, grantFrom(r), r.to);
}

function withVerdict(words: string, v: Verdict | undefined, missing = 'no status yet'): { how: string; tone: RelationTone } {
  return v ? { how: `${words} — ${v.words}`, tone: v.tone } : { how: `${words} — ${missing}`, tone: 'neutral' };
}

function where(r: OutRef): string {
  return [r.sectionName ? `listener ${r.sectionName}` : '', r.port !== undefined ? `port ${r.port}` : ''].filter(Boolean).join(', ');
}

/** A reference's problem on the referred-to side: absent, refused, or missing the key the referrer reads. */
function targetProblem(ctx: Ctx, r: OutRef): string | undefined {
  if (!exists(ctx, r.to)) return r.role === 'gateway-class' ? undefined : 'not found';
  if (isRefused(ctx, r)) return `in another namespace and no ReferenceGrant in ${r.to.namespace} allows it`;
  if (r.role === 'ca-certificate' && !(dataKeys(ctx, r.to) ?? []).includes('ca.crt')) return 'has no ca.crt';
  if (r.role === 'listener-certificate' || r.role === 'client-certificate') {
    const keys = dataKeys(ctx, r.to) ?? [];
    if (!keys.includes('tls.crt') || !keys.includes('tls.key')) return 'lacks tls.crt or tls.key';
  }
  if (r.role === 'backend' && r.port !== undefined && r.to.kind === 'Service') {
    const svc = ctx.byKey.get(keyString(r.to));
    const ports = asDictArray(asDict(svc?.spec)?.ports).map((p) => asNumber(p.port));
    if (svc && !ports.includes(r.port)) return `the Service has no port ${r.port}`;
  }
  return undefined;
}

/** The edge from the referring object's side: "what I use". */
function describeUse(ctx: Ctx, r: OutRef): Relation {
  const problem = targetProblem(ctx, r);
  const bad = (how: string): Relation => ({ link: link(ctx, r.to), how: `${how} — ${problem}`, tone: 'bad' });
  const fine = (how: string, tone: RelationTone = 'ok'): Relation => ({ link: link(ctx, r.to), how, tone });
  switch (r.role) {
    case 'gateway-class':
      return exists(ctx, r.to) ? fine('its GatewayClass', 'neutral') : fine('its GatewayClass — not defined; Gatehouse serves the Gateway in embedded mode', 'neutral');
    case 'listener-certificate':
      return problem ? bad(`certificate of listener ${r.listener ?? ''}`) : fine(`certificate of listener ${r.listener ?? ''}`);
    case 'client-certificate':
      return problem ? bad('client certificate presented to upstreams') : fine('client certificate presented to upstreams');
    case 'listener-set-parent': {
      const set = ctx.byKey.get(keyString(r.from));
      return { link: link(ctx, r.to), ...withVerdict('adds its listeners to this Gateway', set ? listenerSetVerdict(set) : undefined, exists(ctx, r.to) ? 'not handled by Gatehouse' : 'the Gateway does not exist') };
    }
    case 'parent': {
      const route = ctx.byKey.get(keyString(r.from));
      const at = where(r);
      const parent = { namespace: r.to.namespace, name: r.to.name, ...(r.sectionName !== undefined ? { sectionName: r.sectionName } : {}), ...(r.port !== undefined ? { port: r.port } : {}) };
      const v = route ? routeParentVerdict(route, parent) : undefined;
      const words = at ? `attaches at ${at}` : 'attaches';
      return { link: link(ctx, r.to), ...withVerdict(words, v, exists(ctx, r.to) ? 'not handled by Gatehouse' : 'the parent does not exist') };
    }
    case 'backend':
    case 'mirror': {
      const words = `${r.role === 'mirror' ? 'mirrors requests to' : 'sends traffic to'} ${r.port !== undefined ? `port ${r.port}` : 'it'}`;
      return problem ? bad(words) : fine(words);
    }
    case 'policy-target': {
      const words = r.ports ? `covers ${r.ports.length === 1 ? 'port' : 'ports'} ${r.ports.join(', ')}` : r.sectionName ? `covers port ${r.sectionName}` : 'covers every port';
      return problem ? bad(words) : fine(words);
    }
    case 'ca-certificate': {
      const words = r.port !== undefined ? `CA (ca.crt) that verifies port ${r.port}` : 'CA (ca.crt) that verifies the upstream';
      return problem ? bad(words) : fine(words);
    }
    case 'endpoints-of':
      return problem ? bad('the Service these endpoints belong to') : fine('the Service these endpoints belong to', 'neutral');
  }
}

function endpointCount(obj: KubeObject | undefined): number {
  return asDictArray(obj?.endpoints).reduce((n, e) => n + (Array.isArray(e.addresses) ? e.addresses.length : 0), 0);
}

/** The edge from the referred-to object's side: "who depends on me". */
function describeDependent(ctx: Ctx, r: OutRef): Relation {
  const from = ctx.byKey.get(keyString(r.from));
  const l = link(ctx, r.from);
  const refused = isRefused(ctx, r) ? ` — refused: no ReferenceGrant in ${r.to.namespace} allows it` : '';
  const policy = (words: string): Relation => {
    const v = from ? policyVerdict(from) : undefined;
    return refused ? { link: l, how: `${words}${refused}`, tone: 'bad' } : { link: l, ...withVerdict(words, v, 'not used by a Gateway yet') };
  };
  switch (r.role) {
    case 'gateway-class':
      return { link: l, how: 'uses this class', tone: 'neutral' };
    case 'listener-certificate':
      return { link: l, how: `serves listener ${r.listener ?? ''} with this certificate${refused}`, tone: refused ? 'bad' : 'neutral' };
    case 'client-certificate':
      return { link: l, how: `presents it as its client certificate to upstreams${refused}`, tone: refused ? 'bad' : 'neutral' };
    case 'listener-set-parent':
      return { link: l, ...withVerdict('adds listeners to this Gateway', from ? listenerSetVerdict(from) : undefined) };
    case 'parent': {
      const at = where(r);
      const parent = { namespace: r.to.namespace, name: r.to.name, ...(r.sectionName !== undefined ? { sectionName: r.sectionName } : {}), ...(r.port !== undefined ? { port: r.port } : {}) };
      return { link: l, ...withVerdict(at ? `attaches at ${at}` : 'attaches', from ? routeParentVerdict(from, parent) : undefined) };
    }
    case 'backend':
      return { link: l, how: `sends traffic to ${r.port !== undefined ? `port ${r.port}` : 'it'}${refused}`, tone: refused ? 'bad' : 'neutral' };
    case 'mirror':
      return { link: l, how: `mirrors requests to ${r.port !== undefined ? `port ${r.port}` : 'it'}${refused}`, tone: refused ? 'bad' : 'neutral' };
    case 'policy-target':
      return policy(r.ports ? `sets upstream TLS for ${r.ports.length === 1 ? 'port' : 'ports'} ${r.ports.join(', ')}` : `sets backend TLS for ${r.sectionName ? `port ${r.sectionName}` : 'every port'}`);
    case 'ca-certificate':
      return policy(r.port !== undefined ? `verifies the upstream on port ${r.port} with its ca.crt` : 'verifies upstream certificates with its ca.crt');
    case 'endpoints-of':
      return { link: l, how: `holds ${plural(endpointCount(from), 'endpoint address', 'endpoint addresses')}`, tone: 'neutral' };
  }
}

function dedupe(relations: Relation[]): Relation[] {
  const seen = new Set<string>();
  return relations.filter((r) => {
    const k = `${keyString(r.link)}|${r.how}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Routes attached to each listener of a Gateway or of a ListenerSet (whose listeners are keyed apart: names may repeat). */
function listenersOf(ctx: Ctx, owner: KubeObject): ListenerRelations[] {
  const ns = owner.metadata.namespace ?? '';
  const prefix = owner.kind === 'ListenerSet' ? `ListenerSet ${ns}/${owner.metadata.name}` : `${ns}/${owner.metadata.name}`;
  return asDictArray(asDict(owner.spec)?.listeners).map((l) => {
    const listener = asString(l.name) ?? '';
    // A TLS listener takes TLSRoutes, HTTP and HTTPS listeners HTTPRoutes (the compiler attaches no other kind).
    const kind = asString(l.protocol) === 'TLS' ? 'TLSRoute' : 'HTTPRoute';
    const routes = [...(ctx.input.attachments.get(`${prefix}/${listener}`) ?? [])].sort().map((key): Relation => {
      const [routeNs = '', name = ''] = key.split('/');
      return { link: link(ctx, { group: GATEWAY_GROUP, kind, namespace: routeNs, name }), how: 'attached', tone: 'ok' };
    });
    return { listener, routes };
  });
}

function portsOf(ctx: Ctx, service: KubeObject, incoming: OutRef[]): PortRelations[] {
  return asDictArray(asDict(service.spec)?.ports).map((p) => {
    const port = asNumber(p.port) ?? 0;
    const name = asString(p.name) ?? '';
    const tls: Relation[] = [];
    for (const r of incoming.filter((x) => x.role === 'policy-target')) {
      const policy = ctx.byKey.get(keyString(r.from));
      if (!policy) continue;
      const v = policyVerdict(policy);
      if (r.from.kind === 'UpstreamTLSPolicy' && r.ports?.includes(port)) {
        const ca = referencesOf(policy).find((x) => x.role === 'ca-certificate' && x.port === port);
        const words = `upstream TLS, CA from ${ca ? `Secret ${ca.to.namespace === r.from.namespace ? ca.to.name : `${ca.to.namespace}/${ca.to.name}`}` : 'no Secret'}`;
        tls.push({ link: link(ctx, r.from), ...withVerdict(words, v) });
      } else if (r.from.kind === 'BackendTLSPolicy' && (r.sectionName === undefined || r.sectionName === name)) {
        const hostname = asString(asDict(asDict(policy.spec)?.validation)?.hostname);
        tls.push({ link: link(ctx, r.from), ...withVerdict(`backend TLS${hostname ? `, hostname ${hostname}` : ''}`, v, 'not used by a Gateway yet') });
      }
    }
    const routes = dedupe(incoming.filter((x) => (x.role === 'backend' || x.role === 'mirror') && x.port === port).map((x) => describeDependent(ctx, x)));
    return { port, name, tls, routes };
  });
}

function certificatesFor(ctx: Ctx, carriers: ObjectKey[]): CertificateLink[] {
  const out: CertificateLink[] = [];
  const seen = new Set<string>();
  for (const c of carriers) {
    for (const b of ctx.input.bindings) {
      if (b.kind !== c.kind || b.namespace !== c.namespace || b.name !== c.name) continue;
      const k = `${b.certificateId}|${b.kind}/${b.namespace}/${b.name}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push({ id: b.certificateId, name: b.certificateName, notAfter: b.notAfter, revoked: b.revoked, via: { kind: b.kind, namespace: b.namespace, name: b.name } });
    }
  }
  return out;
}

/** References a ReferenceGrant currently makes possible: cross-namespace ones into its namespace that it matches. */
function grantedBy(ctx: Ctx, grant: KubeObject, all: OutRef[]): Relation[] {
  const ns = grant.metadata.namespace ?? '';
  const spec = asDict(grant.spec);
  const from = asDictArray(spec?.from);
  const to = asDictArray(spec?.to);
  return all
    .filter((r) => r.to.namespace === ns && r.from.namespace !== ns && r.role !== 'parent' && r.role !== 'gateway-class')
    .filter((r) => from.some((f) => f.group === r.from.group && f.kind === r.from.kind && f.namespace === r.from.namespace))
    .filter((r) => to.some((t) => (asString(t.group) ?? '') === r.to.group && t.kind === r.to.kind && (!asString(t.name) || t.name === r.to.name)))
    .map((r) => ({ link: link(ctx, r.from), how: `may refer to ${r.to.kind} ${r.to.name} here because of this grant`, tone: 'neutral' }));
}

/**
 * How one object relates to the others in the store. Pure: the caller loads the objects (with the compiler's
 * status), the Secrets' key names, the certificate bindings and the listener attachments of the routing table.
 */
export function computeRelationships(input: RelationsInput, target: ObjectKey): Relationships {
  const byKey = new Map(input.objects.map((o) => [keyString(keyOfObject(o)), o]));
  const secrets = new Map(input.secrets.map((s) => [`${s.namespace}/${s.name}`, s]));
  const ix = indexSnapshot({ revision: 0, objects: input.objects.filter((o) => o.kind === 'ReferenceGrant') });
  const ctx: Ctx = { input, byKey, secrets, ix };
  const self = byKey.get(keyString(target));
  const all = input.objects.flatMap(referencesOf);
  const incoming = all.filter((r) => sameKey(r.to, target));
  const outgoing = self ? referencesOf(self) : [];

  const usedBy = dedupe(incoming.map((r) => describeDependent(ctx, r)));
  if (self && target.group === GATEWAY_GROUP && target.kind === 'ReferenceGrant') usedBy.push(...dedupe(grantedBy(ctx, self, all)));

  const isGateway = target.group === GATEWAY_GROUP && (target.kind === 'Gateway' || target.kind === 'ListenerSet');
  const isService = target.group === '' && target.kind === 'Service';
  const isCarrier = target.group === '' && (target.kind === 'Secret' || target.kind === 'ConfigMap');
  const carriers = isCarrier
    ? [target]
    : outgoing.filter((r) => r.role === 'ca-certificate' || r.role === 'listener-certificate' || r.role === 'client-certificate').map((r) => r.to);

  return {
    target: link(ctx, target),
    uses: dedupe(outgoing.map((r) => describeUse(ctx, r))),
    usedBy,
    listeners: self && isGateway ? listenersOf(ctx, self) : [],
    ports: self && isService ? portsOf(ctx, self, incoming) : [],
    certificates: certificatesFor(ctx, carriers),
  };
}

export { FLOMESH_GROUP, GATEWAY_GROUP };
