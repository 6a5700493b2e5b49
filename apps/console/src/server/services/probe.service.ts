import type { UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { UpstreamProbeRequestSchema, type UpstreamProbeRequest } from '@gatehouse/domain/probe/upstream-probe.schema';
import { authorize, type RequestContext } from '../auth/principal';
import type { SnapshotCache } from '../feed/snapshot-builder';
import { rowToObject, secretDataOf } from '../store/resource-codec';
import type { ServiceDeps } from './deps';
import { getCertificate } from './certificates/query.service';
import { findRow } from './object-writer';
import { briefsFromPem, type CertificateBrief } from './probe/certificate-brief';
import { chooseWorker } from './probe/choose-worker';
import { describeProbe, type ProbeEndpointView, type TestedCa } from './probe/describe-probe';
import { resolveUpstreamTarget } from './probe/upstream-target';
import { callWorkerProbe } from './probe/worker-probe-client';

export type ProbeDeps = ServiceDeps & { snapshots: SnapshotCache; workerToken: string };

/** At most this many endpoints are probed per request (in parallel); the rest are counted. */
export const MAX_PROBED_ENDPOINTS = 4;
const PROBE_TIMEOUT_MS = 5000;

export interface UpstreamProbeReport {
  service: { namespace: string; name: string; port: number; portName: string };
  worker: { id: string; name: string; address: string };
  /** What the gateway does today for this port. */
  configured: { text: string; policy: { kind: string; namespace: string; name: string } | null; caSource: string | null; sni: string | null };
  tested: TestedCa;
  endpoints: ProbeEndpointView[];
  /** Ready endpoints beyond MAX_PROBED_ENDPOINTS, not probed. */
  skippedEndpoints: number;
  checkedAt: string;
}

function describeConfigured(tls: UpstreamTls | null, brokenPolicy: string | null): UpstreamProbeReport['configured'] {
  if (brokenPolicy !== null) return { text: `${brokenPolicy}; the gateway answers 500 for this backend.`, policy: null, caSource: null, sni: null };
  if (tls === null) return { text: 'No TLS policy covers this port: the gateway speaks plain HTTP to it.', policy: null, caSource: null, sni: null };
  const policy = { kind: tls.policy.kind, namespace: tls.policy.namespace, name: tls.policy.name };
  const check = tls.verifyHostname ? `verifies the chain and the name ${tls.subjectAltNames.map((s) => s.value).join(', ') || (tls.sni ?? '')}` : 'verifies the chain only (no name check, as FSM)';
  return { text: `${tls.policy.kind} ${tls.policy.namespace}/${tls.policy.name}: HTTPS with CA ${tls.caSource}, ${tls.sni === null ? 'no SNI' : `SNI ${tls.sni}`}; ${check}.`, policy, caSource: tls.caSource, sni: tls.sni };
}

function decodeBase64(v: string): string {
  return Buffer.from(v, 'base64').toString('utf8');
}

/** The CA PEM to verify with, its label, and the name check, for the chosen source. */
async function chooseCa(deps: ProbeDeps, ctx: RequestContext, input: UpstreamProbeRequest, tls: UpstreamTls | null): Promise<{ caPem: string | null; tested: TestedCa }> {
  const now = deps.now();
  const base = (label: string, mode: TestedCa['mode'], caPem: string | null, hostnameEnforced: boolean, hostname: string | null) => ({
    caPem,
    tested: { label, mode, ca: caPem === null ? ([] as CertificateBrief[]) : briefsFromPem(caPem, now), hostname, hostnameEnforced },
  });
  const ca = input.ca;
  if (ca.source === 'policy') {
    if (tls === null) return base('no CA (no policy)', 'policy', null, false, input.hostname ?? null);
    const hostname = input.hostname ?? (tls.verifyHostname && tls.subjectAltNames.length === 0 ? tls.sni : null);
    return base(`CA ${tls.caSource} (${tls.policy.kind} ${tls.policy.name})`, 'policy', tls.caPem, tls.verifyHostname && input.hostname === undefined, hostname);
  }
  if (ca.source === 'secret') {
    const namespace = ca.namespace ?? input.namespace;
    const row = await findRow(deps.db.prisma, { group: '', kind: 'Secret', namespace, name: ca.name });
    if (!row) throw new DomainError('not_found', `Secret ${namespace}/${ca.name} not found`, [{ path: 'ca.name', message: 'no such Secret' }]);
    const value = secretDataOf(rowToObject(row, deps.key, 'include'))['ca.crt'];
    if (value === undefined) throw new DomainError('invalid', `Secret ${namespace}/${ca.name} has no ca.crt`, [{ path: 'ca.name', message: 'the Secret has no ca.crt' }]);
    const pem = decodeBase64(value);
    if (briefsFromPem(pem, now).length === 0) throw new DomainError('invalid', `ca.crt of Secret ${namespace}/${ca.name} holds no PEM certificate`, [{ path: 'ca.name', message: 'ca.crt is not a PEM certificate' }]);
    return base(`Secret ${namespace}/${ca.name}`, 'secret', pem, false, input.hostname ?? null);
  }
  const cert = await getCertificate(deps, ctx, ca.certificateId);
  return base(`CA ${cert.name} from the inventory`, 'certificate', cert.pem, false, input.hostname ?? null);
}

/**
 * The live upstream TLS probe (issue 4 §9): asks a connected worker to open TLS to each ready endpoint of a
 * Service port (up to MAX_PROBED_ENDPOINTS) the way its proxy would, and reports the chain presented, whether
 * the chosen CA verifies it, the name check and expiry — against the policy in force, or a CA to try before
 * writing one. Only endpoints of stored Services are probed, so the worker cannot be pointed anywhere else.
 */
export async function probeUpstreamTls(deps: ProbeDeps, ctx: RequestContext, body: unknown): Promise<UpstreamProbeReport> {
  authorize(ctx, 'resources.read');
  const input = parseOrThrow(UpstreamProbeRequestSchema, body, 'probe');
  const now = deps.now();
  const snap = await deps.snapshots.current();
  const target = resolveUpstreamTarget(snap.snapshot, input.namespace, input.service, input.port, now.toISOString().replace(/\.\d{3}Z$/, 'Z'));
  if (target.endpoints.length === 0) {
    throw new DomainError('unprocessable', `Service ${input.namespace}/${input.service} port ${input.port} has no ready endpoints to probe: ${target.noEndpointsReason ?? ''}`, [
      { path: 'service', message: target.noEndpointsReason ?? 'no ready endpoints' },
    ]);
  }
  const { caPem, tested } = await chooseCa(deps, ctx, input, target.tls);
  const rows = await deps.db.prisma.workerStatus.findMany({ orderBy: { lastSeenAt: 'desc' }, take: 50 });
  const worker = chooseWorker(rows.map((r) => ({ id: r.id, name: r.name, address: r.address, lastSeenAt: r.lastSeenAt })), now);
  if (worker === undefined) {
    throw new DomainError('unavailable', 'no worker with an admin address has reported in the last 2 minutes; start one (npm start runs the bundled worker) and try again');
  }
  const plainNow = input.ca.source === 'policy' && target.tls === null;
  const tls = target.tls;
  const probed = target.endpoints.slice(0, MAX_PROBED_ENDPOINTS);
  const results = await Promise.all(probed.map((ep) => callWorkerProbe(worker.address, deps.workerToken, {
    address: ep.address,
    port: ep.port,
    // The SNI the proxy would send; a what-if CA keeps the policy's SNI (or none, as FSM sends none).
    servername: tls?.sni ?? null,
    caPem,
    hostname: tested.hostname,
    subjectAltNames: input.ca.source === 'policy' && input.hostname === undefined && tls?.verifyHostname ? [...tls.subjectAltNames] : [],
    plainHttp: plainNow,
    timeoutMs: PROBE_TIMEOUT_MS,
  })));
  return {
    service: { namespace: target.namespace, name: target.service, port: target.port, portName: target.portName },
    worker: { id: worker.id, name: worker.name, address: worker.address },
    configured: describeConfigured(tls, target.brokenPolicy),
    tested,
    endpoints: results.map((r) => describeProbe(r, tested, input.ca.source === 'policy' ? tls : null, now)),
    skippedEndpoints: target.endpoints.length - probed.length,
    checkedAt: now.toISOString(),
  };
}
