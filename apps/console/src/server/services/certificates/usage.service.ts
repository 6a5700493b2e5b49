import type { CertificateUsage } from '@gatehouse/domain/certificate/certificate.schema';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { authorize, type RequestContext } from '../../auth/principal';
import type { StatusSource } from '../../runtime-types';
import { rowToObject } from '../../store/resource-codec';
import type { ServiceDeps } from '../deps';
import { toBindingView } from './binding.service';
import { findCertificate } from './certificate-store';

type Ref = { group?: string; kind?: string; name?: string; namespace?: string } | undefined;
type Bound = { kind: string; namespace: string; name: string };

const key = (b: Bound) => `${b.kind}/${b.namespace}/${b.name}`;
const refOf = (o: KubeObject) => ({ kind: o.kind, namespace: o.metadata.namespace ?? '', name: o.metadata.name });

/** The object a reference names, with Gateway API defaults (group "", kind Secret, the referrer's namespace). */
function target(ref: Ref, ns: string, defaultKind = 'Secret'): Bound | undefined {
  if (!ref?.name || (ref.group ?? '') !== '') return undefined;
  return { kind: ref.kind ?? defaultKind, namespace: ref.namespace ?? ns, name: ref.name };
}

type Condition = { type: string; status: string; reason: string };

/**
 * The Accepted condition: on the policy itself (FSM's UpstreamTLSPolicy), or per ancestor Gateway (Gateway API
 * policies report `status.ancestors[].conditions`); null while no Gateway uses the policy yet.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#policyancestorstatus
 */
function acceptedOf(o: KubeObject): string | null {
  const status = o.status as { conditions?: Condition[]; ancestors?: { conditions?: Condition[] }[] } | undefined;
  const all = [...(status?.conditions ?? []), ...(status?.ancestors ?? []).flatMap((a) => a.conditions ?? [])].filter((c) => c.type === 'Accepted');
  const distinct = [...new Set(all.map((c) => `${c.status} (${c.reason})`))];
  return distinct.length === 0 ? null : distinct.join(', ');
}

/**
 * "What uses this certificate?": the Secrets and ConfigMaps bound to it, and through them the Gateway listeners
 * (tls.certificateRefs), Gateway backend client certificates, UpstreamTLSPolicies (certificateRef) and
 * BackendTLSPolicies (validation.caCertificateRefs) that reference those objects, with the policies' Accepted
 * condition as the compiler computes it.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#secretobjectreference
 */
export async function certificateUsage(rt: ServiceDeps & { statuses: StatusSource }, ctx: RequestContext, id: string): Promise<CertificateUsage> {
  authorize(ctx, 'certificates.read');
  authorize(ctx, 'resources.read');
  const row = await findCertificate(rt.db.prisma, id);
  const bindings = await rt.db.prisma.secretBinding.findMany({ where: { certificateId: id }, orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  const bound = new Map(bindings.map((b) => [key(b), b]));
  const [objects, existing, issued] = await Promise.all([
    rt.db.prisma.resource.findMany({ where: { kind: { in: ['Gateway', 'UpstreamTLSPolicy', 'BackendTLSPolicy'] } }, orderBy: [{ namespace: 'asc' }, { name: 'asc' }] }),
    bindings.length === 0
      ? Promise.resolve([])
      : rt.db.prisma.resource.findMany({ where: { OR: bindings.map((b) => ({ group: '', kind: b.kind, namespace: b.namespace, name: b.name })) }, select: { kind: true, namespace: true, name: true } }),
    rt.db.prisma.certificate.count({ where: { issuerId: row.id } }),
  ]);
  const present = new Set(existing.map(key));
  const decorated = await rt.statuses.decorate(objects.map((r) => rowToObject(r, rt.key, 'redact')));
  const usage: CertificateUsage = {
    bindings: bindings.map((b) => ({ ...toBindingView(b), exists: present.has(key(b)) })),
    listeners: [], gatewayClientCertificates: [], upstreamTlsPolicies: [], backendTlsPolicies: [], issued,
  };
  const via = (t: Bound | undefined) => (t && bound.has(key(t)) ? { kind: t.kind, namespace: t.namespace, name: t.name } : undefined);
  for (const o of decorated) {
    const ns = o.metadata.namespace ?? '';
    const spec = (o.spec ?? {}) as Record<string, unknown>;
    if (o.kind === 'Gateway') {
      for (const l of (spec.listeners as { name: string; tls?: { certificateRefs?: Ref[] } }[] | undefined) ?? []) {
        for (const r of l.tls?.certificateRefs ?? []) {
          const v = via(target(r, ns));
          if (v) usage.listeners.push({ gateway: refOf(o), listener: l.name, via: v });
        }
      }
      const v = via(target((spec.tls as { backend?: { clientCertificateRef?: Ref } } | undefined)?.backend?.clientCertificateRef, ns));
      if (v) usage.gatewayClientCertificates.push({ gateway: refOf(o), via: v });
    } else if (o.kind === 'UpstreamTLSPolicy') {
      const configs = [spec.config, ...((spec.ports as { config?: unknown }[] | undefined) ?? []).map((p) => p.config)] as ({ certificateRef?: Ref } | undefined)[];
      const seen = new Set<string>();
      for (const c of configs) {
        const v = via(target(c?.certificateRef, ns));
        if (v && !seen.has(key(v))) {
          seen.add(key(v));
          usage.upstreamTlsPolicies.push({ policy: refOf(o), via: v, accepted: acceptedOf(o) });
        }
      }
    } else if (o.kind === 'BackendTLSPolicy') {
      // caCertificateRefs are LocalObjectReferences: always in the policy's namespace.
      for (const r of ((spec.validation as { caCertificateRefs?: Ref[] } | undefined)?.caCertificateRefs ?? [])) {
        const v = via(target(r ? { ...r, namespace: ns } : r, ns, 'ConfigMap'));
        if (v) usage.backendTlsPolicies.push({ policy: refOf(o), via: v, accepted: acceptedOf(o) });
      }
    }
  }
  return usage;
}
