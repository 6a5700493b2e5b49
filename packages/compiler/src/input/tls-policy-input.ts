import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type MetaView, readMeta } from './object-meta';
import { asBoolean, asDict, asDictArray, asNumber, asString, type Dict } from './read-field';

export const FLOMESH_GROUP = 'gateway.flomesh.io';

export interface UpstreamTlsConfigView {
  certificateRef: { group: string; kind: string; namespace: string; name: string };
  mTLS: boolean | undefined;
}

/** FSM's UpstreamTLSPolicy (gateway.flomesh.io/v1alpha1, fsm v1.2.0–v1.3.10 `upstreamtls.go`). */
export interface UpstreamTlsPolicyView {
  meta: MetaView;
  targetRef: { group: string; kind: string; namespace: string; name: string };
  ports: Array<{ port: number; config: UpstreamTlsConfigView | undefined }>;
  config: UpstreamTlsConfigView | undefined;
}

export interface BackendTlsPolicyView {
  meta: MetaView;
  targetRefs: Array<{ group: string; kind: string; name: string; sectionName: string | undefined }>;
  caCertificateRefs: Array<{ group: string; kind: string; name: string }>;
  wellKnownCACertificates: string | undefined;
  hostname: string;
  subjectAltNames: Array<{ type: string; value: string }>;
}

function readUpstreamConfig(value: unknown, policyNamespace: string): UpstreamTlsConfigView | undefined {
  const c = asDict(value);
  if (c === undefined) return undefined;
  const ref: Dict = asDict(c.certificateRef) ?? {};
  return {
    certificateRef: {
      // gwv1.SecretObjectReference defaults: group "" and kind Secret.
      group: asString(ref.group) ?? '',
      kind: asString(ref.kind) ?? 'Secret',
      namespace: asString(ref.namespace) ?? policyNamespace,
      name: asString(ref.name) ?? '',
    },
    mTLS: asBoolean(c.mTLS),
  };
}

export function readUpstreamTlsPolicy(obj: KubeObject): UpstreamTlsPolicyView {
  const meta = readMeta(obj);
  const spec = asDict(obj.spec);
  const target = asDict(spec?.targetRef) ?? {};
  return {
    meta,
    targetRef: {
      group: asString(target.group) ?? '',
      kind: asString(target.kind) ?? '',
      namespace: asString(target.namespace) ?? meta.namespace,
      name: asString(target.name) ?? '',
    },
    ports: asDictArray(spec?.ports).map((p) => ({ port: asNumber(p.port) ?? 0, config: readUpstreamConfig(p.config, meta.namespace) })),
    config: readUpstreamConfig(spec?.config, meta.namespace),
  };
}

export function readBackendTlsPolicy(obj: KubeObject): BackendTlsPolicyView {
  const spec = asDict(obj.spec);
  const validation = asDict(spec?.validation);
  return {
    meta: readMeta(obj),
    targetRefs: asDictArray(spec?.targetRefs).map((t) => ({
      group: asString(t.group) ?? '',
      kind: asString(t.kind) ?? '',
      name: asString(t.name) ?? '',
      sectionName: asString(t.sectionName),
    })),
    caCertificateRefs: asDictArray(validation?.caCertificateRefs).map((r) => ({
      group: asString(r.group) ?? '',
      kind: asString(r.kind) ?? '',
      name: asString(r.name) ?? '',
    })),
    wellKnownCACertificates: asString(validation?.wellKnownCACertificates),
    hostname: (asString(validation?.hostname) ?? '').toLowerCase(),
    subjectAltNames: asDictArray(validation?.subjectAltNames).map((s) => {
      const type = asString(s.type) ?? '';
      return { type, value: (type === 'URI' ? asString(s.uri) : asString(s.hostname)) ?? '' };
    }),
  };
}
