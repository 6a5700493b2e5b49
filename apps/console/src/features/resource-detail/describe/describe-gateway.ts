import type { KubeObject } from '@gatehouse/domain/object/meta';
import { asArr, asNum, asObj, asStr, at, type Obj } from '../../resources/read-object';
import { labelWords, listWords, qualified, type SpecSection } from './spec-words';

/**
 * A Gateway's spec in words.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#gateway
 */

/** allowedRoutes.namespaces in words; the CRD default is Same. @see https://gateway-api.sigs.k8s.io/reference/spec/#routenamespaces */
export function describeAllowedRoutes(allowedRoutes: unknown): string {
  const ns = asObj(at(allowedRoutes, 'namespaces'));
  const from = asStr(ns?.from) ?? 'Same';
  const kinds = asArr(at(allowedRoutes, 'kinds')).map((k) => asStr(asObj(k)?.kind)).filter((k): k is string => k !== undefined);
  const kindWords = kinds.length > 0 ? `${listWords(kinds)} ` : '';
  switch (from) {
    case 'All':
      return `${kindWords}routes from every namespace`;
    case 'Selector': {
      const labels = labelWords(asObj(at(ns, 'selector', 'matchLabels')));
      const expressions = asArr(at(ns, 'selector', 'matchExpressions')).length;
      return `${kindWords}routes from namespaces ${labels ? `labelled ${labels}` : 'matching a label selector'}${expressions > 0 ? ` (and ${expressions} expression${expressions === 1 ? '' : 's'})` : ''}`;
    }
    default:
      return `${kindWords}routes from the same namespace`;
  }
}

function describeCertificateRefs(refs: unknown[], ownNs: string | undefined): string {
  const names = refs.map((r) => {
    const o = asObj(r);
    return `${asStr(o?.kind) ?? 'Secret'} ${qualified(asStr(o?.name) ?? '?', asStr(o?.namespace), ownNs)}`;
  });
  return names.length > 0 ? listWords(names) : 'no certificate';
}

/** "Listener http: HTTP on port 8000, routes from the same namespace". @see https://gateway-api.sigs.k8s.io/reference/spec/#listener */
export function describeListener(listener: Obj, ownNs?: string): { text: string; detail?: string } {
  const name = asStr(listener.name) ?? '?';
  const protocol = asStr(listener.protocol) ?? '?';
  const port = asNum(listener.port);
  const hostname = asStr(listener.hostname);
  const host = hostname ? ` for ${hostname}` : protocol === 'TCP' || protocol === 'UDP' ? '' : ', any hostname';
  const text = `Listener ${name}: ${protocol} on port ${port ?? '?'}${host}, ${describeAllowedRoutes(listener.allowedRoutes)}`;
  const tls = asObj(listener.tls);
  if (!tls) return { text };
  const mode = asStr(tls.mode) ?? 'Terminate';
  const detail = mode === 'Passthrough'
    ? 'TLS passes through to the backend unopened'
    : `Terminates TLS with ${describeCertificateRefs(asArr(tls.certificateRefs), ownNs)}`;
  return { text, detail };
}

export function describeGatewaySpec(gw: KubeObject): SpecSection[] {
  const spec = asObj(gw.spec);
  const ns = gw.metadata.namespace;
  const addresses = asArr(spec?.addresses).map((a) => `${asStr(asObj(a)?.value) ?? '(any)'} (${asStr(asObj(a)?.type) ?? 'IPAddress'})`);
  const general = [
    { text: `Class ${asStr(spec?.gatewayClassName) ?? '?'}` },
    { text: addresses.length > 0 ? `Addresses: ${addresses.join(', ')}` : 'No address requested: the worker listens on its own address' },
  ];
  const client = asObj(at(spec, 'tls', 'backend', 'clientCertificateRef'));
  if (client) general.push({ text: `Presents ${describeCertificateRefs([client], ns)} as its client certificate to upstreams` });
  const listeners = asArr(spec?.listeners).map((l) => describeListener(asObj(l) ?? {}, ns));
  return [
    { title: 'Gateway', lines: general },
    { title: 'Listeners', lines: listeners.length > 0 ? listeners : [{ text: 'No listeners' }] },
  ];
}
