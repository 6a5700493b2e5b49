import type { SnapshotIndex } from '../input/snapshot-index';

export interface GrantFrom {
  group: string;
  kind: string;
  namespace: string;
}

export interface GrantTo {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * Is a reference from `from` to `to` allowed? Same-namespace references always are; a cross-namespace
 * reference needs a ReferenceGrant in the target's namespace whose `from` names the referrer's
 * group/kind/namespace and whose `to` names the target's group/kind (and name, when set).
 * @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/
 */
export function isReferenceAllowed(ix: SnapshotIndex, from: GrantFrom, to: GrantTo): boolean {
  if (from.namespace === to.namespace) return true;
  for (const grant of ix.referenceGrants.get(to.namespace) ?? []) {
    const fromOk = grant.from.some((f) => f.group === from.group && f.kind === from.kind && f.namespace === from.namespace);
    if (!fromOk) continue;
    const toOk = grant.to.some((t) => t.group === to.group && t.kind === to.kind && (t.name === undefined || t.name === '' || t.name === to.name));
    if (toOk) return true;
  }
  return false;
}
