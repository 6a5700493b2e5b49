import type { KubeObject } from '@gatehouse/domain/object/meta';
import { GATEWAY_GROUP, type ListenerView, readListener } from './gateway-input';
import { type MetaView, readMeta } from './object-meta';
import { asDict, asDictArray, asString } from './read-field';

/** `spec.parentRef` (ParentGatewayReference): group/kind default to the Gateway API's Gateway, namespace to the ListenerSet's. */
export interface ParentGatewayRefView {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/**
 * A ListenerSet (GEP-1713, v1 since Gateway API v1.5): listeners that join the Gateway named by `parentRef` when that
 * Gateway's `allowedListeners` admits the ListenerSet's namespace.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerset
 */
export interface ListenerSetView {
  meta: MetaView;
  parentRef: ParentGatewayRefView;
  /** ListenerEntry items; certificateRefs default to the ListenerSet's namespace. */
  listeners: ListenerView[];
}

export function readListenerSet(obj: KubeObject): ListenerSetView {
  const meta = readMeta(obj);
  const spec = asDict(obj.spec);
  const parent = asDict(spec?.parentRef);
  return {
    meta,
    parentRef: {
      group: asString(parent?.group) ?? GATEWAY_GROUP,
      kind: asString(parent?.kind) ?? 'Gateway',
      namespace: asString(parent?.namespace) ?? meta.namespace,
      name: asString(parent?.name) ?? '',
    },
    listeners: asDictArray(spec?.listeners).map((l, i) => readListener(l, i, meta.namespace)),
  };
}
