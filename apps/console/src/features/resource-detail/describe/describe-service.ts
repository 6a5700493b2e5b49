import type { KubeObject } from '@gatehouse/domain/object/meta';
import { asArr, asNum, asObj, asStr, at } from '../../resources/read-object';
import { count, labelWords, listWords, type SpecLine, type SpecSection } from './spec-words';

/**
 * A Service and its endpoints in words.
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/service-v1/
 * @see https://kubernetes.io/docs/reference/kubernetes-api/service-resources/endpoint-slice-v1/
 */

/** "Port 8443/TCP → target port 443". */
export function describeServicePort(port: unknown): SpecLine {
  const p = asObj(port);
  const number = asNum(p?.port);
  const target = p?.targetPort ?? number;
  const name = asStr(p?.name);
  const app = asStr(p?.appProtocol);
  const text = `Port ${number ?? '?'}/${asStr(p?.protocol) ?? 'TCP'} → target port ${String(target)}`;
  const detail = [name ? `named ${name}` : '', app ? `application protocol ${app}` : ''].filter(Boolean).join(' · ');
  return detail ? { text, detail } : { text };
}

export function describeServiceSpec(svc: KubeObject): SpecSection[] {
  const spec = asObj(svc.spec);
  const type = asStr(spec?.type) ?? 'ClusterIP';
  const selector = labelWords(asObj(spec?.selector));
  const general: SpecLine[] = [
    { text: type === 'ExternalName' ? `ExternalName: an alias of ${asStr(spec?.externalName) ?? '?'}` : `Type ${type}` },
    { text: selector ? `Selects pods labelled ${selector}` : 'No selector: its endpoints are the EndpointSlices labelled with its name' },
  ];
  const ports = asArr(spec?.ports).map(describeServicePort);
  return [
    { title: 'Service', lines: general },
    { title: 'Ports', lines: ports.length > 0 ? ports : [{ text: 'No ports' }] },
  ];
}

/** An EndpointSlice in words: its addresses (ready or not) and the ports to dial on them. */
export function describeEndpointSlice(slice: KubeObject): SpecLine {
  const type = asStr(at(slice, 'addressType')) ?? 'IPv4';
  const endpoints = asArr(at(slice, 'endpoints')).map((e) => {
    const addresses = asArr(asObj(e)?.addresses).map(String);
    // EndpointConditions.ready: nil means ready.
    const ready = at(e, 'conditions', 'ready') !== false;
    return `${addresses.join(', ')}${ready ? '' : ' (not ready)'}`;
  });
  const ports = asArr(at(slice, 'ports')).map((p) => {
    const o = asObj(p);
    const name = asStr(o?.name);
    return `${asNum(o?.port) ?? '?'}${name ? ` for Service port ${name}` : ''}`;
  });
  const text = endpoints.length > 0 ? `${count(endpoints.length, `${type} endpoint`)}: ${endpoints.join('; ')}` : `No ${type} endpoints`;
  return { text, detail: ports.length > 0 ? `Dial port ${listWords(ports)}` : 'No ports: the Service port number is dialled' };
}
