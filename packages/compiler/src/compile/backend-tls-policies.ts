import type { Condition } from '@gatehouse/domain/object/meta';
import { decodeSecretValue } from '../input/config-input';
import { GATEWAY_GROUP } from '../input/gateway-input';
import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import type { BackendTlsPolicyView } from '../input/tls-policy-input';
import type { UpstreamTls } from '../routing-table/routing-table';
import { type ConditionContext, makeCondition } from '../status/condition';
import { containsPemCertificate } from './pem';

/** The outcome for one policy: its conditions (shared by every ancestor) and what it does to traffic. */
export interface BackendTlsVerdict {
  policy: BackendTlsPolicyView;
  conditions: Condition[];
  /** Applies to traffic: the winner for its targets (not Conflicted). */
  applies: boolean;
  /** TLS settings when usable; null with `brokenReason` when connections MUST fail (invalid CA refs). */
  tls: UpstreamTls | null;
  brokenReason: string | null;
}

export interface BackendTlsEvaluation {
  verdicts: BackendTlsVerdict[];
  /** `ns/service#sectionName` ('' = whole Service) → the applying verdict. */
  byTarget: Map<string, BackendTlsVerdict>;
}

function targetKey(namespace: string, service: string, sectionName: string | undefined): string {
  return `${keyOf(namespace, service)}#${sectionName ?? ''}`;
}

interface CaResolution {
  pems: string[];
  problems: Array<{ reason: 'InvalidKind' | 'InvalidCACertificateRef'; message: string }>;
}

/**
 * caCertificateRefs: a ConfigMap with `ca.crt` is Core; a Secret with `ca.crt` is implementation-specific
 * and accepted here. Refs are LocalObjectReferences (the policy's namespace only).
 */
function resolveCaRefs(ix: SnapshotIndex, policy: BackendTlsPolicyView): CaResolution {
  const out: CaResolution = { pems: [], problems: [] };
  const ns = policy.meta.namespace;
  for (const ref of policy.caCertificateRefs) {
    const label = `${ref.kind} ${keyOf(ns, ref.name)}`;
    let pem: string | undefined;
    if (ref.group === '' && ref.kind === 'ConfigMap') {
      const cm = ix.configMaps.get(keyOf(ns, ref.name));
      if (cm === undefined) {
        out.problems.push({ reason: 'InvalidCACertificateRef', message: `${label} not found` });
        continue;
      }
      pem = cm.data['ca.crt'];
    } else if (ref.group === '' && ref.kind === 'Secret') {
      const secret = ix.secrets.get(keyOf(ns, ref.name));
      if (secret === undefined) {
        out.problems.push({ reason: 'InvalidCACertificateRef', message: `${label} not found` });
        continue;
      }
      pem = decodeSecretValue(secret, 'ca.crt');
    } else {
      out.problems.push({ reason: 'InvalidKind', message: `caCertificateRef ${ref.group === '' ? 'core' : ref.group}/${ref.kind} ${ref.name} is not a ConfigMap or Secret` });
      continue;
    }
    if (pem === undefined || pem === '') out.problems.push({ reason: 'InvalidCACertificateRef', message: `${label} has no ca.crt` });
    else if (!containsPemCertificate(pem)) out.problems.push({ reason: 'InvalidCACertificateRef', message: `${label}: ca.crt is not a PEM certificate` });
    else out.pems.push(pem);
  }
  return out;
}

function judge(ix: SnapshotIndex, policy: BackendTlsPolicyView, ctx: ConditionContext): Omit<BackendTlsVerdict, 'applies'> {
  const policyRef = { group: GATEWAY_GROUP, kind: 'BackendTLSPolicy', namespace: policy.meta.namespace, name: policy.meta.name };
  const v = policy;
  const base = {
    policy: policyRef,
    sni: v.hostname,
    // BackendTLSPolicy: hostname "MUST be used for SNI" and "MUST match the certificate" unless
    // subjectAltNames are set, then one SAN must match (gateway-api v1.6.1 backendtlspolicy_types.go).
    verifyHostname: true,
    subjectAltNames: v.subjectAltNames.filter((s) => s.type === 'Hostname' || s.type === 'URI').map((s) => ({ type: s.type as 'Hostname' | 'URI', value: s.value })),
    clientCertPem: null,
    clientKeyPem: null,
  };
  if (v.hostname === '') {
    const message = 'spec.validation.hostname is required';
    return { policy, conditions: [makeCondition(ctx, 'Accepted', false, 'Invalid', message)], tls: null, brokenReason: message };
  }
  const badTarget = v.targetRefs.find((t) => t.group !== '' || t.kind !== 'Service');
  if (badTarget !== undefined || v.targetRefs.length === 0) {
    const message = badTarget === undefined ? 'spec.targetRefs is empty' : `targetRef ${badTarget.group}/${badTarget.kind} ${badTarget.name} is not a core Service`;
    return { policy, conditions: [makeCondition(ctx, 'Accepted', false, 'Invalid', message)], tls: null, brokenReason: message };
  }
  if (v.caCertificateRefs.length === 0) {
    if (v.wellKnownCACertificates === 'System') {
      return {
        policy,
        conditions: [makeCondition(ctx, 'Accepted', true, 'Accepted', 'verifying with the system CA roots'), makeCondition(ctx, 'ResolvedRefs', true, 'ResolvedRefs', 'no CA references')],
        tls: { ...base, caPem: null, caSource: 'System' },
        brokenReason: null,
      };
    }
    const message = v.wellKnownCACertificates === undefined
      ? 'one of caCertificateRefs or wellKnownCACertificates is required'
      : `wellKnownCACertificates "${v.wellKnownCACertificates}" is not supported (only "System")`;
    return { policy, conditions: [makeCondition(ctx, 'Accepted', false, 'Invalid', message)], tls: null, brokenReason: message };
  }
  const ca = resolveCaRefs(ix, v);
  const problem = ca.problems[0];
  const resolved = problem === undefined
    ? makeCondition(ctx, 'ResolvedRefs', true, 'ResolvedRefs', 'all CA certificate references resolved')
    : makeCondition(ctx, 'ResolvedRefs', false, problem.reason, ca.problems.map((p) => p.message).join('; '));
  if (ca.pems.length === 0) {
    const message = `no valid CA certificate: ${ca.problems.map((p) => p.message).join('; ')}`;
    // "Connections MUST fail and the client MUST get a 5xx" when no CA reference is valid.
    return { policy, conditions: [makeCondition(ctx, 'Accepted', false, 'NoValidCACertificate', message), resolved], tls: null, brokenReason: message };
  }
  const caSource = v.caCertificateRefs.map((r) => keyOf(v.meta.namespace, r.name)).join(', ');
  return {
    policy,
    conditions: [makeCondition(ctx, 'Accepted', true, 'Accepted', `verifying ${v.hostname} with the CA in ${caSource}`), resolved],
    tls: { ...base, caPem: ca.pems.join('\n'), caSource },
    brokenReason: null,
  };
}

/**
 * Evaluates every BackendTLSPolicy. For the same target and sectionName the oldest policy wins (then
 * `ns/name`); the others get Accepted=False/Conflicted. A sectionName policy and a whole-Service policy
 * do not conflict; the sectionName one is more specific and wins for its port.
 * @see https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/
 */
export function evaluateBackendTlsPolicies(ix: SnapshotIndex, now: string): BackendTlsEvaluation {
  const byTarget = new Map<string, BackendTlsVerdict>();
  const owners = new Map<string, string>();
  const verdicts: BackendTlsVerdict[] = [];
  for (const policy of ix.backendTlsPolicies) {
    const ctx: ConditionContext = { generation: policy.meta.generation, now };
    const policyKey = keyOf(policy.meta.namespace, policy.meta.name);
    const keys = policy.targetRefs.map((t) => targetKey(policy.meta.namespace, t.name, t.sectionName));
    const takenIndex = keys.findIndex((k) => owners.has(k));
    const taken = policy.targetRefs[takenIndex];
    if (taken !== undefined) {
      const what = `Service ${keyOf(policy.meta.namespace, taken.name)}${taken.sectionName === undefined ? '' : ` port ${taken.sectionName}`}`;
      const message = `${what} is already covered by the older BackendTLSPolicy ${owners.get(keys[takenIndex] ?? '') ?? ''}`;
      verdicts.push({ policy, conditions: [makeCondition(ctx, 'Accepted', false, 'Conflicted', message)], applies: false, tls: null, brokenReason: null });
      continue;
    }
    const verdict: BackendTlsVerdict = { ...judge(ix, policy, ctx), applies: true };
    for (const k of keys) {
      owners.set(k, policyKey);
      byTarget.set(k, verdict);
    }
    verdicts.push(verdict);
  }
  return { verdicts, byTarget };
}

/** The BackendTLSPolicy for one Service port: sectionName (port name) first, then whole-Service. */
export function findBackendTls(ev: BackendTlsEvaluation, namespace: string, service: string, portName: string): BackendTlsVerdict | undefined {
  return (portName !== '' ? ev.byTarget.get(targetKey(namespace, service, portName)) : undefined) ?? ev.byTarget.get(targetKey(namespace, service, undefined));
}
