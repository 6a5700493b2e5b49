import type { KubeObject } from '@gatehouse/domain/object/meta';
import { asArr, asNum, asObj, asStr } from '../../resources/read-object';

/**
 * "Simulate a request here" and "Probe this upstream" for an object's page (issue 12 §4): which tool, and the URL
 * that opens it with the fields filled in — the simulator reads `namespace, port, host, path, method` from its URL
 * (and runs at once when port and host are given), the probe reads `namespace, service, port` (or `portName`) and
 * `hostname`. Pure.
 *   - Gateway: one simulator link per HTTP/HTTPS listener (its port, and its hostname when it has a precise one).
 *   - HTTPRoute: the simulator with its first precise hostname, its first parent's port and its first match's path.
 *   - Service: one probe link per port. UpstreamTLSPolicy / BackendTLSPolicy: the probe of the Service (and
 *     port) they cover; a BackendTLSPolicy also fills in its hostname to check.
 */
export interface ToolLink {
  tool: 'simulator' | 'probe';
  /** The link's text: the same words for every object, with what it is about when a page has several. */
  label: string;
  href: string;
  /** What the link fills in, in words ("port 8080, host foo.example.com, path /"). */
  fills: string;
}

export interface ToolLinkContext {
  /** The Gateways a route's parentRefs name, when loaded: their listeners give the port a parentRef leaves out. */
  gateways?: readonly KubeObject[];
}

export const SIMULATE_LABEL = 'Simulate a request here';
export const PROBE_LABEL = 'Probe this upstream';

const HTTP_PROTOCOLS = new Set(['HTTP', 'HTTPS']);

/** A hostname a client can send as Host (a wildcard such as `*.example.com` is not one). */
function precise(hostname: string | undefined): string | undefined {
  return hostname && !hostname.includes('*') ? hostname : undefined;
}

interface Listener { name: string; port: number; protocol: string; hostname?: string }

function listenersOf(gateway: KubeObject): Listener[] {
  return asArr(asObj(gateway.spec)?.listeners).flatMap((l) => {
    const o = asObj(l);
    const name = asStr(o?.name);
    const port = asNum(o?.port);
    if (!name || port === undefined) return [];
    const hostname = asStr(o?.hostname);
    return [{ name, port, protocol: asStr(o?.protocol) ?? 'HTTP', ...(hostname ? { hostname } : {}) }];
  });
}

function simulatorHref(q: { namespace?: string | undefined; port?: number | undefined; host?: string | undefined; path?: string | undefined; method?: string | undefined }): string {
  const p = new URLSearchParams();
  if (q.namespace) p.set('namespace', q.namespace);
  if (q.port !== undefined) p.set('port', String(q.port));
  if (q.host) p.set('host', q.host);
  if (q.path) p.set('path', q.path);
  if (q.method) p.set('method', q.method);
  return `/simulator?${p.toString()}`;
}

function probeHref(q: { namespace: string; service: string; port?: number | undefined; portName?: string | undefined; hostname?: string | undefined }): string {
  const p = new URLSearchParams({ namespace: q.namespace, service: q.service });
  if (q.port !== undefined) p.set('port', String(q.port));
  else if (q.portName) p.set('portName', q.portName);
  if (q.hostname) p.set('hostname', q.hostname);
  return `/probe?${p.toString()}`;
}

const words = (parts: (string | false | undefined)[]) => parts.filter(Boolean).join(', ');

/** Several links of one tool on a page are told apart by what they are about; a single one keeps the plain words. */
function labelled(base: string, about: string[]): string[] {
  return about.length === 1 ? [base] : about.map((a) => `${base}: ${a}`);
}

function gatewayLinks(o: KubeObject): ToolLink[] {
  const ns = o.metadata.namespace;
  const listeners = listenersOf(o).filter((l) => HTTP_PROTOCOLS.has(l.protocol));
  const labels = labelled(SIMULATE_LABEL, listeners.map((l) => `listener ${l.name} (port ${l.port})`));
  return listeners.map((l, i) => {
    const host = precise(l.hostname);
    return { tool: 'simulator', label: labels[i] ?? SIMULATE_LABEL, href: simulatorHref({ namespace: ns, port: l.port, host }), fills: words([`port ${l.port}`, host && `host ${host}`]) };
  });
}

/** The parent a route's link uses: its first parentRef that names a Gateway. */
export function routeParentOf(route: KubeObject): { namespace: string; name: string; sectionName?: string; port?: number } | undefined {
  for (const ref of asArr(asObj(route.spec)?.parentRefs)) {
    const r = asObj(ref);
    const kind = asStr(r?.kind) ?? 'Gateway';
    const group = asStr(r?.group) ?? 'gateway.networking.k8s.io';
    const name = asStr(r?.name);
    if (kind !== 'Gateway' || group !== 'gateway.networking.k8s.io' || !name) continue;
    const sectionName = asStr(r?.sectionName);
    const port = asNum(r?.port);
    return { namespace: asStr(r?.namespace) ?? route.metadata.namespace ?? '', name, ...(sectionName ? { sectionName } : {}), ...(port !== undefined ? { port } : {}) };
  }
  return undefined;
}

function routeLinks(o: KubeObject, ctx: ToolLinkContext): ToolLink[] {
  const parent = routeParentOf(o);
  const gateway = parent ? ctx.gateways?.find((g) => g.metadata.name === parent.name && (g.metadata.namespace ?? '') === parent.namespace) : undefined;
  const listeners = gateway ? listenersOf(gateway) : [];
  // The listener the route reaches: the one its parentRef names (by section or port), else the first HTTP one.
  const listener = parent?.sectionName ? listeners.find((l) => l.name === parent.sectionName)
    : parent?.port !== undefined ? listeners.find((l) => l.port === parent.port)
      : listeners.find((l) => HTTP_PROTOCOLS.has(l.protocol));
  const port = parent?.port ?? listener?.port;
  const host = asArr(asObj(o.spec)?.hostnames).map(asStr).map(precise).find(Boolean) ?? precise(listener?.hostname);
  const match = asObj(asArr(asObj(asArr(asObj(o.spec)?.rules)[0])?.matches)[0]);
  const path = asObj(match?.path);
  const pathType = asStr(path?.type) ?? 'PathPrefix';
  // A regular expression is not a path to send; the simulator's default (/) stands in.
  const pathValue = pathType === 'RegularExpression' ? undefined : (asStr(path?.value) ?? '/');
  const method = asStr(match?.method);
  return [{
    tool: 'simulator',
    label: SIMULATE_LABEL,
    href: simulatorHref({ namespace: o.metadata.namespace, port, host, path: pathValue ?? '/', method }),
    fills: words([port !== undefined && `port ${port}`, host && `host ${host}`, `path ${pathValue ?? '/'}`, method && `method ${method}`]),
  }];
}

function servicePorts(spec: Record<string, unknown> | undefined): number[] {
  return asArr(spec?.ports).map((p) => asNum(asObj(p)?.port)).filter((p): p is number => p !== undefined);
}

function probeLinks(targets: { namespace: string; service: string; port?: number; portName?: string; hostname?: string }[]): ToolLink[] {
  const labels = labelled(PROBE_LABEL, targets.map((t) => [
    targets.some((u) => u.service !== t.service || u.namespace !== t.namespace) ? `Service ${t.service}` : '',
    t.port !== undefined ? `port ${t.port}` : t.portName ? `port ${t.portName}` : '',
  ].filter(Boolean).join(' ')));
  return targets.map((t, i) => ({
    tool: 'probe',
    label: labels[i] ?? PROBE_LABEL,
    href: probeHref(t),
    fills: words([`Service ${t.namespace}/${t.service}`, t.port !== undefined ? `port ${t.port}` : t.portName && `port ${t.portName}`, t.hostname && `name ${t.hostname}`]),
  }));
}

/** The tool links of an object's page, in the order to show them; none for kinds without one. */
export function toolLinksOf(o: KubeObject, ctx: ToolLinkContext = {}): ToolLink[] {
  const ns = o.metadata.namespace ?? '';
  const spec = asObj(o.spec);
  switch (o.kind) {
    case 'Gateway':
      return gatewayLinks(o);
    case 'HTTPRoute':
      return routeLinks(o, ctx);
    case 'Service': {
      const ports = servicePorts(spec);
      return probeLinks(ports.length > 0 ? ports.map((port) => ({ namespace: ns, service: o.metadata.name, port })) : []);
    }
    case 'UpstreamTLSPolicy': {
      const t = asObj(spec?.targetRef);
      const service = asStr(t?.name);
      if ((asStr(t?.kind) ?? 'Service') !== 'Service' || !service) return [];
      const namespace = asStr(t?.namespace) ?? ns;
      const ports = servicePorts(spec);
      return probeLinks(ports.length > 0 ? ports.map((port) => ({ namespace, service, port })) : [{ namespace, service }]);
    }
    case 'BackendTLSPolicy': {
      const hostname = precise(asStr(asObj(spec?.validation)?.hostname));
      return probeLinks(asArr(spec?.targetRefs).flatMap((r) => {
        const t = asObj(r);
        const service = asStr(t?.name);
        if (asStr(t?.kind) !== 'Service' || (asStr(t?.group) ?? '') !== '' || !service) return [];
        const portName = asStr(t?.sectionName);
        return [{ namespace: ns, service, ...(portName ? { portName } : {}), ...(hostname ? { hostname } : {}) }];
      }));
    }
    default:
      return [];
  }
}
