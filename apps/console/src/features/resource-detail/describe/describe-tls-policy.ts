import type { KubeObject } from '@gatehouse/domain/object/meta';
import { asArr, asObj, asStr, at } from '../../resources/read-object';
import { listWords, qualified, type SpecLine, type SpecSection } from './spec-words';

/**
 * The two policies that make the gateway speak TLS to a Service, in words.
 * @see https://fsm-docs.flomesh.io/docs/guides/traffic_management/ingress/fsm_gateway/upstream_tls/ (UpstreamTLSPolicy)
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#backendtlspolicy
 */

function describeUpstreamConfig(config: unknown, ownNs: string | undefined): string {
  const c = asObj(config);
  const ref = asObj(c?.certificateRef);
  const secret = `Secret ${qualified(asStr(ref?.name) ?? '?', asStr(ref?.namespace), ownNs)}`;
  return c?.mTLS === true
    ? `verify the upstream with ca.crt of ${secret} and present its tls.crt/tls.key as client certificate (mutual TLS)`
    : `verify the upstream with ca.crt of ${secret}; no client certificate`;
}

export function describeUpstreamTlsPolicySpec(policy: KubeObject): SpecSection[] {
  const spec = asObj(policy.spec);
  const ns = policy.metadata.namespace;
  const t = asObj(spec?.targetRef);
  const target = `${asStr(t?.kind) ?? 'Service'} ${qualified(asStr(t?.name) ?? '?', asStr(t?.namespace), ns)}`;
  const fallback = spec?.config;
  const ports: SpecLine[] = asArr(spec?.ports).map((p) => {
    const o = asObj(p);
    const own = o?.config !== undefined;
    return { text: `Port ${String(o?.port)}: ${own || fallback ? describeUpstreamConfig(own ? o?.config : fallback, ns) : 'no configuration'}`, ...(own ? {} : { detail: 'from the policy-wide configuration' }) };
  });
  const lines: SpecSection[] = [
    { title: 'Target', lines: [{ text: `Gateway traffic to ${target} uses TLS on the ports below` }] },
    { title: 'Ports', lines: ports.length > 0 ? ports : [{ text: 'No ports' }] },
  ];
  if (fallback) lines.push({ title: 'Policy-wide configuration', lines: [{ text: `Ports without their own: ${describeUpstreamConfig(fallback, ns)}` }] });
  return lines;
}

export function describeBackendTlsPolicySpec(policy: KubeObject): SpecSection[] {
  const spec = asObj(policy.spec);
  const targets = asArr(spec?.targetRefs).map((t) => {
    const o = asObj(t);
    const section = asStr(o?.sectionName);
    return { text: `${asStr(o?.kind) ?? 'Service'} ${asStr(o?.name) ?? '?'}, ${section ? `port ${section}` : 'every port'}` };
  });
  const v = asObj(spec?.validation);
  const cas = asArr(v?.caCertificateRefs).map((r) => `${asStr(asObj(r)?.kind) ?? '?'} ${asStr(asObj(r)?.name) ?? '?'}`);
  const wellKnown = asStr(v?.wellKnownCACertificates);
  const sans = asArr(v?.subjectAltNames).map((s) => {
    const o = asObj(s);
    return asStr(o?.type) === 'URI' ? `URI ${asStr(o?.uri)}` : `DNS ${asStr(o?.hostname)}`;
  });
  const validation: SpecLine[] = [
    { text: cas.length > 0 ? `Trust the CA certificates (ca.crt) in ${listWords(cas)}` : wellKnown === 'System' ? 'Trust the system CA certificates' : `Trust the well-known CA set ${wellKnown ?? '?'}` },
    { text: `Send SNI ${asStr(v?.hostname) ?? '?'}`, detail: sans.length > 0 ? `Accept a certificate that names ${listWords(sans)}` : 'The certificate must name that hostname' },
  ];
  const options = Object.entries(asObj(at(spec, 'options')) ?? {}).map(([k, val]) => ({ text: `${k} = ${String(val)}` }));
  const sections: SpecSection[] = [
    { title: 'Targets', lines: targets },
    { title: 'Validation', lines: validation },
  ];
  if (options.length > 0) sections.push({ title: 'Options', lines: options });
  return sections;
}
