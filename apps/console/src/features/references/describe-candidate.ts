import type { Candidate, CandidateListener, CandidatePort } from '@gatehouse/domain/references/reference-check.schema';

/** One choice of a reference picker: the value it writes, what it is, and a hint that helps choosing. */
export interface PickerOption {
  value: string;
  /** The name as shown. */
  label: string;
  /** "Gateway · httpbin", "HTTP · port 8000" */
  meta?: string;
  /** "has ca.crt", "ports 8443, 80 (plain)" */
  hint?: string;
  /** The hint is a warning: the object exists but will not serve this reference as it is. */
  warn?: boolean;
}

/** What a Secret or ConfigMap is picked for: a CA bundle (ca.crt) or a serving certificate (kubernetes.io/tls). */
export type CarrierPurpose = 'ca' | 'tls' | 'any';

const list = (items: readonly string[], max = 4) => (items.length > max ? `${items.slice(0, max).join(', ')} +${items.length - max}` : items.join(', '));

export function portText(p: CandidatePort): string {
  return p.name ? `${p.port} (${p.name})` : String(p.port);
}

export function servicePortsHint(ports: readonly CandidatePort[] | undefined): string {
  const all = ports ?? [];
  if (all.length === 0) return 'no ports';
  return `${all.length === 1 ? 'port' : 'ports'} ${list(all.map(portText))}`;
}

export function listenerHint(l: CandidateListener): string {
  const from = l.allowedFrom === 'All' ? 'routes from every namespace' : l.allowedFrom === 'Selector' ? 'routes from selected namespaces' : l.allowedFrom === 'Same' ? 'routes from its own namespace' : 'no routes';
  const parts = [from, ...(l.hostname ? [l.hostname] : [])];
  return l.programmed ? parts.join(', ') : `not served: ${l.problem ?? 'not programmed'}`;
}

export function gatewayHint(c: Candidate): string {
  const listeners = c.listeners ?? [];
  if (listeners.length === 0) return 'no listeners';
  return `${listeners.length === 1 ? 'listener' : 'listeners'} ${list(listeners.map((l) => `${l.name} (${l.protocol} ${l.port})`), 3)}`;
}

/** What a Secret or ConfigMap offers for its purpose; `warn` when it would not serve it. */
export function carrierHint(c: Candidate, purpose: CarrierPurpose): { hint: string; warn: boolean } {
  const keys = c.keys ?? [];
  if (purpose === 'ca') return keys.includes('ca.crt') ? { hint: 'has ca.crt', warn: false } : { hint: keys.length === 0 ? 'no ca.crt (no data)' : `no ca.crt (keys ${list(keys)})`, warn: true };
  if (purpose === 'tls') {
    if (c.type !== 'kubernetes.io/tls') return { hint: `type ${c.type ?? 'unknown'}: not a TLS Secret`, warn: true };
    const lacking = ['tls.crt', 'tls.key'].filter((k) => !keys.includes(k));
    return lacking.length === 0 ? { hint: 'kubernetes.io/tls, tls.crt and tls.key', warn: false } : { hint: `kubernetes.io/tls without ${lacking.join(' and ')}`, warn: true };
  }
  return { hint: keys.length === 0 ? 'no data' : `keys ${list(keys)}`, warn: false };
}

/** Candidates as picker choices; the namespace shows only when it is not the one the reference defaults to. */
export function candidateOptions(items: readonly Candidate[], purpose: CarrierPurpose = 'any'): PickerOption[] {
  return items.map((c) => {
    const meta = c.kind === 'Namespace' ? 'Namespace' : `${c.kind} · ${c.namespace}`;
    switch (c.kind) {
      case 'Gateway':
        return { value: c.name, label: c.name, meta, hint: gatewayHint(c) };
      case 'Service':
        return { value: c.name, label: c.name, meta, hint: servicePortsHint(c.ports) };
      case 'Secret':
      case 'ConfigMap': {
        const { hint, warn } = carrierHint(c, purpose);
        return { value: c.name, label: c.name, meta, hint, ...(warn ? { warn } : {}) };
      }
      case 'Namespace':
        return { value: c.name, label: c.name, meta };
    }
  });
}

/** A Gateway's listeners, to pick a parentRef sectionName by. */
export function listenerOptions(gateway: Candidate | undefined): PickerOption[] {
  return (gateway?.listeners ?? []).map((l) => ({ value: l.name, label: l.name, meta: `${l.protocol} · port ${l.port}`, hint: listenerHint(l), ...(l.programmed ? {} : { warn: true }) }));
}

/** A Gateway's listener ports (a parentRef may name a port instead of a listener). */
export function listenerPortOptions(gateway: Candidate | undefined): PickerOption[] {
  const byPort = new Map<number, string[]>();
  for (const l of gateway?.listeners ?? []) byPort.set(l.port, [...(byPort.get(l.port) ?? []), l.name]);
  return [...byPort].map(([port, names]) => ({ value: String(port), label: String(port), meta: `listener ${names.join(', ')}` }));
}

/** A Service's ports, by number (routes, UpstreamTLSPolicy) or by name (BackendTLSPolicy sectionName). */
export function servicePortOptions(service: Candidate | undefined, by: 'number' | 'name'): PickerOption[] {
  const ports = service?.ports ?? [];
  const target = (p: CandidatePort) => (p.targetPort === undefined || p.targetPort === p.port ? '' : ` → target port ${p.targetPort}`);
  if (by === 'name') {
    return ports.filter((p) => p.name).map((p) => ({ value: p.name ?? '', label: p.name ?? '', meta: `port ${p.port}`, hint: `${p.protocol}${target(p)}` }));
  }
  return ports.map((p) => ({ value: String(p.port), label: String(p.port), meta: p.name ? `"${p.name}"` : p.protocol, hint: `${p.protocol}${target(p)}${p.appProtocol ? `, ${p.appProtocol}` : ''}` }));
}

/**
 * The choices that match what is typed: names containing it (case-insensitive), those starting with it first.
 * An empty query shows every choice.
 */
export function filterOptions(options: readonly PickerOption[], query: string): PickerOption[] {
  const q = query.trim().toLowerCase();
  if (q === '') return [...options];
  const starts: PickerOption[] = [];
  const contains: PickerOption[] = [];
  for (const o of options) {
    const label = o.label.toLowerCase();
    if (label.startsWith(q)) starts.push(o);
    else if (label.includes(q) || (o.meta ?? '').toLowerCase().includes(q)) contains.push(o);
  }
  return [...starts, ...contains];
}
