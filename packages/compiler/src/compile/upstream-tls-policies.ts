import { decodeSecretValue } from '../input/config-input';
import { keyOf } from '../input/object-meta';
import type { SnapshotIndex } from '../input/snapshot-index';
import { FLOMESH_GROUP, type UpstreamTlsConfigView, type UpstreamTlsPolicyView } from '../input/tls-policy-input';
import type { UpstreamTls } from '../routing-table/routing-table';
import { type ConditionContext, makeCondition } from '../status/condition';
import type { ObjectStatus } from './object-status';
import { containsPemCertificate, containsPemPrivateKey } from './pem';
import { isReferenceAllowed } from './reference-grants';

export interface UpstreamTlsEvaluation {
  statuses: ObjectStatus[];
  /** Keyed by `ns/service:port` (the Service port, not the target port). */
  byServicePort: Map<string, UpstreamTls>;
  /**
   * Service ports that a policy names but that get no TLS because the policy is not Accepted, with why (the
   * policy's own condition message): so that a failing request names the real cause, not "attach a policy".
   */
  problemsByServicePort: Map<string, string>;
}

type Verdict = { ok: true; ports: Array<{ port: number; tls: UpstreamTls }>; note: string } | { ok: false; reason: string; message: string };

function resolveConfig(ix: SnapshotIndex, policy: UpstreamTlsPolicyView, port: number, config: UpstreamTlsConfigView, mTLS: boolean): UpstreamTls | string {
  const ref = config.certificateRef;
  if (ref.group !== '' || ref.kind !== 'Secret') return `ports[port=${port}]: certificateRef must be a core Secret, not ${ref.group}/${ref.kind}`;
  const secretKey = keyOf(ref.namespace, ref.name);
  const allowed = isReferenceAllowed(
    ix,
    { group: FLOMESH_GROUP, kind: 'UpstreamTLSPolicy', namespace: policy.meta.namespace },
    { group: '', kind: 'Secret', namespace: ref.namespace, name: ref.name },
  );
  if (!allowed) return `Secret ${secretKey} is in another namespace and no ReferenceGrant allows it`;
  const secret = ix.secrets.get(secretKey);
  if (secret === undefined) return `Secret ${secretKey} not found`;
  const ca = decodeSecretValue(secret, 'ca.crt');
  if (ca === undefined) return `Secret ${secretKey} has no ca.crt`;
  if (!containsPemCertificate(ca)) return `Secret ${secretKey}: ca.crt is not a PEM certificate`;
  let clientCertPem: string | null = null;
  let clientKeyPem: string | null = null;
  if (mTLS) {
    const crt = decodeSecretValue(secret, 'tls.crt');
    const key = decodeSecretValue(secret, 'tls.key');
    if (crt === undefined || key === undefined) return `mTLS is true but Secret ${secretKey} lacks ${crt === undefined ? 'tls.crt' : 'tls.key'}`;
    if (!containsPemCertificate(crt) || !containsPemPrivateKey(key)) return `Secret ${secretKey}: tls.crt/tls.key are not PEM`;
    clientCertPem = crt;
    clientKeyPem = key;
  }
  return {
    policy: { group: FLOMESH_GROUP, kind: 'UpstreamTLSPolicy', namespace: policy.meta.namespace, name: policy.meta.name },
    caPem: ca,
    caSource: secretKey,
    // FSM's pipy data plane trusts the CA and sets no verify callback, no SNI and no hostname check: its demo
    // certificate has CN=foo.example.com, no SAN, and the gateway dials the pod IP (gateway-api-facts.md §a).
    sni: null,
    verifyHostname: false,
    subjectAltNames: [],
    clientCertPem,
    clientKeyPem,
  };
}

/** Checks one policy as FSM's webhook and status processor do (fsm v1.3.10 `upstreamtls/webhook.go`). */
function judgePolicy(ix: SnapshotIndex, policy: UpstreamTlsPolicyView): Verdict {
  const t = policy.targetRef;
  if (t.group !== '' || t.kind !== 'Service') {
    return { ok: false, reason: 'Invalid', message: `targetRef must be a core Service (got ${t.group === '' ? 'core' : t.group}/${t.kind})` };
  }
  const targetAllowed = isReferenceAllowed(
    ix,
    { group: FLOMESH_GROUP, kind: 'UpstreamTLSPolicy', namespace: policy.meta.namespace },
    { group: '', kind: 'Service', namespace: t.namespace, name: t.name },
  );
  if (!targetAllowed) {
    // FSM's own (non-standard) reason for a cross-namespace target without a ReferenceGrant.
    return { ok: false, reason: 'NoAccessToTarget', message: `Service ${keyOf(t.namespace, t.name)} is in another namespace and no ReferenceGrant allows it` };
  }
  const service = ix.services.get(keyOf(t.namespace, t.name));
  if (service === undefined) return { ok: false, reason: 'TargetNotFound', message: `Service ${keyOf(t.namespace, t.name)} not found` };
  if (policy.ports.length === 0) return { ok: false, reason: 'Invalid', message: 'spec.ports must list at least one Service port' };
  const ports: Array<{ port: number; tls: UpstreamTls }> = [];
  const unknownPorts: number[] = [];
  for (const p of policy.ports) {
    // Port config wins over spec.config; mTLS falls back to spec.config's, then false (FSM upstreamtls/utils.go).
    const config = p.config ?? policy.config;
    if (config === undefined) return { ok: false, reason: 'Invalid', message: `ports[port=${p.port}] has no config and spec.config is not set` };
    const mTLS = p.config?.mTLS ?? policy.config?.mTLS ?? false;
    const tls = resolveConfig(ix, policy, p.port, config, mTLS);
    if (typeof tls === 'string') return { ok: false, reason: 'Invalid', message: tls };
    if (!service.ports.some((sp) => sp.port === p.port)) unknownPorts.push(p.port);
    ports.push({ port: p.port, tls });
  }
  const note = unknownPorts.length === 0 ? '' : ` (Service has no port ${unknownPorts.join(', ')}; ignored until it does)`;
  return { ok: true, ports, note };
}

/**
 * Evaluates every UpstreamTLSPolicy: one `Accepted` condition each. Among valid policies the oldest
 * (then `ns/name`) claims each Service port; a later policy covering a claimed port is Conflicted.
 */
export function evaluateUpstreamTlsPolicies(ix: SnapshotIndex, now: string): UpstreamTlsEvaluation {
  const byServicePort = new Map<string, UpstreamTls>();
  const owner = new Map<string, string>();
  const statuses: ObjectStatus[] = [];
  const problemsByServicePort = new Map<string, string>();
  const noteProblem = (policy: UpstreamTlsPolicyView, message: string) => {
    const svc = keyOf(policy.targetRef.namespace, policy.targetRef.name);
    for (const p of policy.ports) {
      const key = `${svc}:${p.port}`;
      if (!problemsByServicePort.has(key)) problemsByServicePort.set(key, `UpstreamTLSPolicy ${keyOf(policy.meta.namespace, policy.meta.name)} names this port but is not Accepted: ${message}`);
    }
  };
  for (const policy of ix.upstreamTlsPolicies) {
    const ctx: ConditionContext = { generation: policy.meta.generation, now };
    const verdict = judgePolicy(ix, policy);
    const policyKey = keyOf(policy.meta.namespace, policy.meta.name);
    let condition;
    if (!verdict.ok) {
      condition = makeCondition(ctx, 'Accepted', false, verdict.reason, verdict.message);
      noteProblem(policy, verdict.message);
    } else {
      const svc = keyOf(policy.targetRef.namespace, policy.targetRef.name);
      const taken = verdict.ports.find((p) => owner.has(`${svc}:${p.port}`));
      if (taken !== undefined) {
        const winner = owner.get(`${svc}:${taken.port}`) ?? '';
        condition = makeCondition(ctx, 'Accepted', false, 'Conflicted', `Service ${svc} port ${taken.port} is already covered by the older UpstreamTLSPolicy ${winner}`);
      } else {
        for (const p of verdict.ports) {
          owner.set(`${svc}:${p.port}`, policyKey);
          byServicePort.set(`${svc}:${p.port}`, p.tls);
        }
        const list = verdict.ports.map((p) => `${p.port} (CA ${p.tls.caSource}${p.tls.clientCertPem === null ? '' : ', mTLS'})`).join(', ');
        condition = makeCondition(ctx, 'Accepted', true, 'Accepted', `upstream TLS for Service ${svc} port ${list}${verdict.note}`);
      }
    }
    statuses.push({ group: FLOMESH_GROUP, kind: 'UpstreamTLSPolicy', namespace: policy.meta.namespace, name: policy.meta.name, status: { conditions: [condition] } });
  }
  for (const key of byServicePort.keys()) problemsByServicePort.delete(key);
  return { statuses, byServicePort, problemsByServicePort };
}
