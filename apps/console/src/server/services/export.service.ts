import { renderManifests } from '@gatehouse/domain/manifest/render-manifests';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { authorize, type RequestContext } from '../auth/principal';
import { appendAuditEvent } from '../audit/audit.repo';
import { rowToObject } from '../store/resource-codec';
import type { ServiceDeps } from './deps';
import { runWrite } from './write-transaction';

/** Kinds in the order an apply of the export wants them (namespaces and referenced objects first). */
const KIND_ORDER = ['Namespace', 'GatewayClass', 'Secret', 'ConfigMap', 'Service', 'EndpointSlice', 'ReferenceGrant', 'Gateway', 'ListenerSet', 'HTTPRoute', 'TLSRoute', 'UpstreamTLSPolicy', 'BackendTLSPolicy'];

function exportable(obj: KubeObject): KubeObject {
  // Server-owned fields stay (uid, resourceVersion, ...): apply ignores them unless the object changed,
  // so the export applies back as "unchanged" and a stale copy is refused instead of silently winning.
  const { status: _s, dataInfo: _d, ...rest } = obj as KubeObject & { status?: unknown; dataInfo?: unknown };
  return rest as KubeObject;
}

/**
 * The stored objects as multi-document YAML that POST /api/v1/apply takes back unchanged. Secret values are
 * left out (and marked redacted, so applying the export keeps the stored values) unless an admin asks for them;
 * an export with values is itself an audited event.
 */
export async function exportObjects(
  deps: ServiceDeps,
  ctx: RequestContext,
  opts: { namespace?: string; includeSecretValues?: boolean },
): Promise<string> {
  authorize(ctx, 'resources.read');
  if (opts.includeSecretValues) authorize(ctx, 'secrets.readValues');
  const where = opts.namespace !== undefined ? { OR: [{ namespace: opts.namespace }, { kind: 'Namespace', name: opts.namespace }] } : {};
  const rows = await deps.db.prisma.resource.findMany({ where, orderBy: [{ namespace: 'asc' }, { name: 'asc' }] });
  const rank = (k: string) => (KIND_ORDER.indexOf(k) + 1 || KIND_ORDER.length + 1);
  rows.sort((a, b) => rank(a.kind) - rank(b.kind) || a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name));
  const objects = rows.map((r) => exportable(rowToObject(r, deps.key, opts.includeSecretValues ? 'include' : 'redact')));
  if (opts.includeSecretValues) {
    const secrets = rows.filter((r) => r.kind === 'Secret').length;
    await runWrite(deps, {}, (tx) =>
      appendAuditEvent(tx, ctx, {
        action: 'export',
        ref: { group: '', kind: 'Secret', namespace: opts.namespace ?? '', name: '' },
        message: `export with Secret values (${secrets} Secret(s)${opts.namespace !== undefined ? ` in namespace ${opts.namespace}` : ', all namespaces'})`,
      }, deps.now()),
    );
  }
  return renderManifests(objects);
}
