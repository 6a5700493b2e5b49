import type { Condition } from '@gatehouse/domain/object/meta';
import { DEFAULT_ENGINE, type EngineName } from '../engines/engine-name';
import { constructSupport, describeUnsupported } from '../engines/engine-support';
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
  /** Accepted, then ResolvedRefs. */
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

/** `ns/service#sectionName`; '' = the whole Service. Also the key of a Service port by its name. */
export function backendTlsTargetKey(namespace: string, service: string, sectionName: string | undefined): string {
  return `${keyOf(namespace, service)}#${sectionName ?? ''}`;
}

interface CaResolution {
  pems: string[];
  /** `ns/name` of each valid reference, in order (for messages). */
  sources: string[];
  problems: Array<{ reason: 'InvalidKind' | 'InvalidCACertificateRef'; message: string }>;
}

/**
 * caCertificateRefs (at most 8 in v1.6): a ConfigMap with `ca.crt` is Core; a Secret with `ca.crt` is
 * "other kinds of resources", implementation-specific, and accepted here. Refs are LocalObjectReferences
 * (the policy's namespace only). The valid refs' certificates form one bundle.
 */
function resolveCaRefs(ix: SnapshotIndex, policy: BackendTlsPolicyView): CaResolution {
  const out: CaResolution = { pems: [], sources: [], problems: [] };
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
    else {
      out.pems.push(pem);
      out.sources.push(keyOf(ns, ref.name));
    }
  }
  return out;
}

/**
 * ResolvedRefs: False with the first problem's reason (InvalidKind or InvalidCACertificateRef) and every
 * problem in the message, as `caCertificateRefs` asks ("indicate which reference is invalid and why").
 */
function resolvedRefsCondition(ctx: ConditionContext, policy: BackendTlsPolicyView, ca: CaResolution): Condition {
  const problem = ca.problems[0];
  if (problem !== undefined) return makeCondition(ctx, 'ResolvedRefs', false, problem.reason, ca.problems.map((p) => p.message).join('; '));
  const message = policy.caCertificateRefs.length === 0 ? 'no CA certificate references' : 'all CA certificate references resolved';
  return makeCondition(ctx, 'ResolvedRefs', true, 'ResolvedRefs', message);
}

/** Why the policy's spec cannot be used (Accepted=False, reason Invalid), or null. */
function specProblem(v: BackendTlsPolicyView): string | null {
  if (v.hostname === '') return 'spec.validation.hostname is required';
  const badTarget = v.targetRefs.find((t) => t.group !== '' || t.kind !== 'Service');
  if (v.targetRefs.length === 0) return 'spec.targetRefs is empty';
  if (badTarget !== undefined) return `targetRef ${badTarget.group === '' ? 'core' : badTarget.group}/${badTarget.kind} ${badTarget.name} is not a core Service`;
  const badSan = v.subjectAltNames.find((s) => (s.type !== 'Hostname' && s.type !== 'URI') || s.value === '');
  if (badSan !== undefined) return `subjectAltNames: type "${badSan.type}" needs a ${badSan.type === 'URI' ? 'uri' : badSan.type === 'Hostname' ? 'hostname' : 'type of Hostname or URI'}`;
  const hasWellKnown = v.wellKnownCACertificates !== undefined && v.wellKnownCACertificates !== '';
  if (v.caCertificateRefs.length > 0 && hasWellKnown) return 'must not contain both caCertificateRefs and wellKnownCACertificates';
  if (v.caCertificateRefs.length === 0 && !hasWellKnown) return 'must specify either caCertificateRefs or wellKnownCACertificates';
  // "If ... the supplied value is not recognized, ... Accepted ... False, with a Reason Invalid."
  if (hasWellKnown && v.wellKnownCACertificates !== 'System') return `wellKnownCACertificates "${v.wellKnownCACertificates ?? ''}" is not supported (only "System")`;
  return null;
}

type Judgement = Omit<BackendTlsVerdict, 'applies' | 'conditions'> & { accepted: Condition };

/**
 * A field the engine cannot enforce (today: subjectAltNames on haproxy, which verifies one name per server). The
 * policy is Accepted=False with reason `Invalid`, as v1.6.1 prescribes for the one BackendTLSPolicy field it names as
 * optional to implement ("If an implementation does not support the WellKnownCACertificates field ... Accepted
 * Condition ... False, with a Reason Invalid", backendtlspolicy_types.go). It still wins its targets (oldest first),
 * so their connections fail with a 5xx: checking the hostname instead would authenticate a name the policy says
 * "MUST NOT be used for authentication" once SANs are set, and a chain-only check or plain text would be weaker
 * than asked — never silently.
 */
function engineProblem(v: BackendTlsPolicyView, engine: EngineName): string | null {
  if (v.subjectAltNames.length > 0 && constructSupport(engine, 'backendTlsSubjectAltNames') !== true) return describeUnsupported(engine, 'backendTlsSubjectAltNames');
  if (constructSupport(engine, 'backendTlsPolicy') !== true) return describeUnsupported(engine, 'backendTlsPolicy');
  return null;
}

function judge(policy: BackendTlsPolicyView, ca: CaResolution, ctx: ConditionContext, engine: EngineName): Judgement {
  const v = policy;
  const invalid = specProblem(v) ?? engineProblem(v, engine);
  if (invalid !== null) return { policy, accepted: makeCondition(ctx, 'Accepted', false, 'Invalid', invalid), tls: null, brokenReason: invalid };
  const base = {
    policy: { group: GATEWAY_GROUP, kind: 'BackendTLSPolicy', namespace: v.meta.namespace, name: v.meta.name },
    // validation.hostname "MUST be used as the SNI" and "MUST match the certificate ... unless SubjectAltNames is
    // specified"; then one SAN must match and the hostname "MUST NOT be used for authentication" (v1.6.1
    // backendtlspolicy_types.go). The worker's identity check follows `subjectAltNames` when it is not empty.
    sni: v.hostname,
    verifyHostname: true,
    subjectAltNames: v.subjectAltNames.map((s) => ({ type: s.type as 'Hostname' | 'URI', value: s.value })),
    clientCertPem: null,
    clientKeyPem: null,
  };
  const names = base.subjectAltNames.length === 0 ? v.hostname : `SAN ${base.subjectAltNames.map((s) => `${s.type}:${s.value}`).join(' or ')} (SNI ${v.hostname})`;
  if (v.caCertificateRefs.length === 0) {
    return {
      policy,
      accepted: makeCondition(ctx, 'Accepted', true, 'Accepted', `verifying ${names} with the system CA roots`),
      tls: { ...base, caPem: null, caSource: 'System' },
      brokenReason: null,
    };
  }
  if (ca.pems.length === 0) {
    const message = `no valid CA certificate: ${ca.problems.map((p) => p.message).join('; ')}`;
    // "Connections using an invalid CACertificateRef MUST fail, and the client MUST receive an HTTP 5xx".
    return { policy, accepted: makeCondition(ctx, 'Accepted', false, 'NoValidCACertificate', message), tls: null, brokenReason: message };
  }
  const caSource = ca.sources.join(', ');
  const partial = ca.problems.length === 0 ? '' : ` (${ca.problems.length} of ${v.caCertificateRefs.length} references are invalid and left out)`;
  return {
    policy,
    accepted: makeCondition(ctx, 'Accepted', true, 'Accepted', `verifying ${names} with the CA in ${caSource}${partial}`),
    tls: { ...base, caPem: ca.pems.join('\n'), caSource },
    brokenReason: null,
  };
}

/**
 * Evaluates every BackendTLSPolicy. For the same target and sectionName the oldest policy wins (then
 * `ns/name`, alphabetical), whether or not it is valid: the loser gets Accepted=False/Conflicted, and an invalid
 * winner makes connections fail (5xx) rather than fall back to a newer policy or to plain text. A sectionName
 * policy and a whole-Service policy do not conflict; the sectionName one is more specific and wins for its port.
 * Every policy carries ResolvedRefs (its CA references), Conflicted ones too.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#backendtlspolicyspec (targetRefs: precedence)
 * @see conformance/tests/backendtlspolicy-conflict-resolution.yaml (gateway-api v1.6.1)
 */
export function evaluateBackendTlsPolicies(ix: SnapshotIndex, now: string, engine: EngineName = DEFAULT_ENGINE): BackendTlsEvaluation {
  const byTarget = new Map<string, BackendTlsVerdict>();
  const owners = new Map<string, string>();
  const verdicts: BackendTlsVerdict[] = [];
  // ix.backendTlsPolicies is sorted oldest first, then ns/name (compareAge).
  for (const policy of ix.backendTlsPolicies) {
    const ctx: ConditionContext = { generation: policy.meta.generation, now };
    const ca = resolveCaRefs(ix, policy);
    const resolvedRefs = resolvedRefsCondition(ctx, policy, ca);
    const policyKey = keyOf(policy.meta.namespace, policy.meta.name);
    const keys = policy.targetRefs.map((t) => backendTlsTargetKey(policy.meta.namespace, t.name, t.sectionName));
    const takenIndex = keys.findIndex((k) => owners.has(k));
    const taken = policy.targetRefs[takenIndex];
    if (taken !== undefined) {
      const what = `Service ${keyOf(policy.meta.namespace, taken.name)}${taken.sectionName === undefined ? '' : ` port ${taken.sectionName}`}`;
      const message = `${what} is already covered by the older BackendTLSPolicy ${owners.get(keys[takenIndex] ?? '') ?? ''}`;
      verdicts.push({ policy, conditions: [makeCondition(ctx, 'Accepted', false, 'Conflicted', message), resolvedRefs], applies: false, tls: null, brokenReason: null });
      continue;
    }
    const { accepted, ...rest } = judge(policy, ca, ctx, engine);
    const verdict: BackendTlsVerdict = { ...rest, conditions: [accepted, resolvedRefs], applies: true };
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
  return (portName !== '' ? ev.byTarget.get(backendTlsTargetKey(namespace, service, portName)) : undefined) ?? ev.byTarget.get(backendTlsTargetKey(namespace, service, undefined));
}
