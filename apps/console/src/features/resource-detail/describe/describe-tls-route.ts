import type { KubeObject } from '@gatehouse/domain/object/meta';
import { asArr, asObj } from '../../resources/read-object';
import { describeBackends, describeParentRef } from './describe-http-route';
import { listWords, type SpecSection } from './spec-words';

/**
 * A TLSRoute's spec in words: where it attaches, which server names (SNI) it serves, where connections go.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroute
 */
export function describeTlsRouteSpec(route: KubeObject): SpecSection[] {
  const spec = asObj(route.spec);
  const ns = route.metadata.namespace;
  const parents = asArr(spec?.parentRefs).map((p) => ({ text: describeParentRef(p, ns) }));
  const hostnames = asArr(spec?.hostnames).map(String);
  const backends = asArr(asObj(asArr(spec?.rules)[0])?.backendRefs);
  return [
    { title: 'Attaches to', lines: parents.length > 0 ? parents : [{ text: 'No parent: the route is not attached to any Gateway' }] },
    { title: 'Server names (SNI)', lines: [{ text: hostnames.length > 0 ? listWords(hostnames) : 'None: no connection can match' }] },
    {
      title: 'Connections',
      lines: [{
        text: backends.length > 0 ? `TLS connections for these names → ${describeBackends(backends, ns)}` : 'No backends: every connection is closed',
        detail: 'On a Passthrough listener the encrypted bytes go through untouched; on a Terminate listener the gateway decrypts them first',
      }],
    },
  ];
}
