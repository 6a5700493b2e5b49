import type { KindInfo } from '@gatehouse/domain/registry/kind-info';
import { authorize, type RequestContext } from '../auth/principal';
import type { ConsoleRuntime } from '../runtime-types';
import { decryptSecretData } from '../store/resource-codec';
import { compileForConsole } from './compiled-snapshot';
import { computeRelationships } from './relationships/compute-relationships';
import { listenerAttachments } from './relationships/listener-attachments';
import type { BindingInfo, Relationships, SecretKeys } from './relationships/relationship-types';

export type { Relationships } from './relationships/relationship-types';

/**
 * How one object relates to the rest of the store (what it uses, what depends on it, routes per listener, TLS
 * per Service port, certificates behind it). Read from the current snapshot with the compiler's status and
 * routing table — the same computation the worker runs — plus every Secret's key names (never values) and the
 * certificate bindings. The object itself need not exist: references to a missing object are shown too.
 */
export async function getRelationships(rt: ConsoleRuntime, ctx: RequestContext, loc: { kind: KindInfo; namespace?: string; name: string }): Promise<Relationships> {
  authorize(ctx, 'resources.read');
  const snap = await rt.snapshots.current();
  const plain = snap.snapshot.objects.filter((o) => !(o.kind === 'Secret' && o.apiVersion === 'v1'));
  const [objects, secretRows, bindingRows] = await Promise.all([
    rt.statuses.decorate(plain),
    rt.db.prisma.resource.findMany({ where: { group: '', kind: 'Secret' }, select: { kind: true, namespace: true, name: true, secretData: true } }),
    rt.db.prisma.secretBinding.findMany({ orderBy: [{ namespace: 'asc' }, { name: 'asc' }] }),
  ]);
  const certificates = bindingRows.length === 0
    ? []
    : await rt.db.prisma.certificate.findMany({ where: { id: { in: [...new Set(bindingRows.map((b) => b.certificateId))] } }, select: { id: true, name: true, notAfter: true, revokedAt: true } });
  const certById = new Map(certificates.map((c) => [c.id, c]));
  // Key names only: the values are decrypted here and dropped at once, never returned.
  const secrets: SecretKeys[] = secretRows.map((r) => ({ namespace: r.namespace, name: r.name, keys: Object.keys(decryptSecretData(rt.key, r)) }));
  const bindings: BindingInfo[] = bindingRows.flatMap((b) => {
    const c = certById.get(b.certificateId);
    return c ? [{ certificateId: c.id, certificateName: c.name, notAfter: c.notAfter.toISOString(), revoked: c.revokedAt !== null, kind: b.kind, namespace: b.namespace, name: b.name }] : [];
  });
  // Compiled once per snapshot, shared with the topology and the simulator (compiling 10,000 routes takes 0.2–0.3 s).
  const { table } = compileForConsole(snap.snapshot, rt.now());
  return computeRelationships(
    { objects, secrets, bindings, attachments: listenerAttachments(table) },
    { group: loc.kind.group, kind: loc.kind.kind, namespace: loc.kind.namespaced ? (loc.namespace ?? '') : '', name: loc.name },
  );
}
