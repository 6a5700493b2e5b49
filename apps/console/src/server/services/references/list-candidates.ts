import { asDict, asDictArray, asNumber, asString } from '@gatehouse/compiler/input/read-field';
import type { Candidate, CandidateListener, ListCandidatesInput } from '@gatehouse/domain/references/reference-check.schema';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { GATEWAY_GROUP, groupOfApiVersion } from '../relationships/object-refs';
import { configMapFacts, listenerProblems, servicePorts, type IndexedWorld } from './reference-world';

/**
 * What a reference picker offers: the existing objects of one kind (in one namespace, or every one), each with what
 * a person picks by — a Gateway's listeners, a Service's ports, a Secret's type and data keys, a ConfigMap's keys.
 * Key names only: values never leave the server. Pure; sorted by namespace, then name.
 */
export function listCandidates(w: IndexedWorld, input: ListCandidatesInput): Candidate[] {
  const wanted = (ns: string) => !input.namespace || ns === input.namespace;
  const of = (group: string, kind: string) =>
    w.objects.filter((o) => groupOfApiVersion(o.apiVersion) === group && o.kind === kind && wanted(o.metadata.namespace ?? ''));
  const base = (o: KubeObject) => ({ namespace: o.metadata.namespace ?? '', name: o.metadata.name });
  let items: Candidate[];
  switch (input.kind) {
    case 'Namespace':
      items = [...w.namespaces].map((name) => ({ kind: 'Namespace', namespace: '', name }));
      break;
    case 'Gateway':
      items = of(GATEWAY_GROUP, 'Gateway').map((o) => ({ kind: 'Gateway', ...base(o), listeners: listenersOf(o) }));
      break;
    case 'Service':
      items = of('', 'Service').map((o) => ({ kind: 'Service', ...base(o), ports: servicePorts(o) }));
      break;
    case 'ConfigMap':
      items = of('', 'ConfigMap').map((o) => ({ kind: 'ConfigMap', ...base(o), keys: Object.keys(configMapFacts(o)).sort() }));
      break;
    case 'Secret':
      items = [...w.secrets.values()]
        .filter((s) => wanted(s.namespace))
        .map((s) => ({ kind: 'Secret', namespace: s.namespace, name: s.name, type: s.type, keys: Object.keys(s.keys).sort() }));
      break;
  }
  return items.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
}

function listenersOf(gateway: KubeObject): CandidateListener[] {
  const problems = listenerProblems(gateway);
  return asDictArray(asDict(gateway.spec)?.listeners).map((l, i) => {
    const name = asString(l.name) ?? `listener-${i}`;
    const hostname = asString(l.hostname);
    const problem = problems.get(name);
    return {
      name,
      protocol: asString(l.protocol) ?? '',
      port: asNumber(l.port) ?? 0,
      ...(hostname ? { hostname } : {}),
      allowedFrom: asString(asDict(asDict(l.allowedRoutes)?.namespaces)?.from) ?? 'Same',
      programmed: !problem,
      ...(problem ? { problem } : {}),
    };
  });
}
