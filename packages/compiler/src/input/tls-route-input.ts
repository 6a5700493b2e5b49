import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type BackendRefView, type ParentRefView, readBackendRef, readParentRef } from './http-route-input';
import { type MetaView, readMeta } from './object-meta';
import { asDict, asDictArray, asString, asStringArray } from './read-field';

/**
 * A TLSRoute as the compiler reads it. The v1 CRD allows exactly one rule (its backendRefs carry no filters) and
 * requires hostnames, but the compiler also reads objects a cluster holds that Gatehouse's schema refused, so an
 * absent rule reads as no backends and absent hostnames as none.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroutespec
 */
export interface TlsRouteView {
  meta: MetaView;
  parentRefs: ParentRefView[];
  /** Lower case, as written (SNI compares case-insensitively, RFC 6066 §3). */
  hostnames: string[];
  ruleName: string | undefined;
  backendRefs: BackendRefView[];
}

export function readTlsRoute(obj: KubeObject): TlsRouteView {
  const meta = readMeta(obj);
  const spec = asDict(obj.spec);
  const rule = asDictArray(spec?.rules)[0];
  return {
    meta,
    parentRefs: asDictArray(spec?.parentRefs).map((p) => readParentRef(p, meta.namespace)),
    hostnames: asStringArray(spec?.hostnames).map((h) => h.toLowerCase()),
    ruleName: asString(asDict(rule)?.name),
    backendRefs: asDictArray(rule?.backendRefs).map((b) => ({ ...readBackendRef(b, meta.namespace), filters: [] })),
  };
}
