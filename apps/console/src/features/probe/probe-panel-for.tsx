'use client';

import type { KubeObject } from '@gatehouse/domain/object/meta';
import { asArr, asNum, asObj, asStr } from '../resources/read-object';
import { UpstreamProbePanel } from './upstream-probe-panel';

/** What to probe for an object's page: a Service's ports, or the Service and ports a TLS policy covers. */
export function probeTargetOf(o: KubeObject): { namespace: string; service: string; ports: number[] } | null {
  const ns = o.metadata.namespace ?? '';
  const spec = asObj(o.spec);
  if (o.kind === 'Service') {
    return { namespace: ns, service: o.metadata.name, ports: asArr(spec?.ports).map((p) => asNum(asObj(p)?.port)).filter((p): p is number => p !== undefined) };
  }
  if (o.kind === 'UpstreamTLSPolicy') {
    const t = asObj(spec?.targetRef);
    if (asStr(t?.kind) !== 'Service' || !asStr(t?.name)) return null;
    return { namespace: asStr(t?.namespace) ?? ns, service: asStr(t?.name) ?? '', ports: asArr(spec?.ports).map((p) => asNum(asObj(p)?.port)).filter((p): p is number => p !== undefined) };
  }
  return null;
}

/**
 * The probe section for a resource page (Service or UpstreamTLSPolicy); nothing for other kinds. BackendTLSPolicy
 * targets name ports by sectionName, so its page links to the Service instead.
 */
export function ProbePanelFor({ object }: { object: KubeObject }) {
  const t = probeTargetOf(object);
  if (t === null || t.ports.length === 0) return null;
  return <UpstreamProbePanel namespace={t.namespace} service={t.service} ports={t.ports} />;
}
