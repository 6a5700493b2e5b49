import { LoadExampleSchema } from '@gatehouse/domain/example/load-example.schema';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { authorize, type RequestContext } from '../auth/principal';
import { applyObjects } from './apply.service';
import { bindCertificate } from './certificates/binding.service';
import { createRootCa, issueLeafCertificate } from './certificates/issue.service';
import type { ServiceDeps } from './deps';
import { upstreamTlsExampleObjects, upstreamTlsPolicyManifest } from './example/upstream-tls-example';
import { findRow } from './object-writer';

export interface ExampleStep {
  what: string;
  outcome: 'created' | 'configured' | 'unchanged' | 'kept';
}

export interface LoadExampleResult {
  namespace: string;
  steps: ExampleStep[];
  /** Inventory ids of the certificates made (absent when existing Secrets were kept). */
  caId: string | null;
  serverCertificateId: string | null;
  /** The seed's next step, for the simulator's draft box. */
  nextPolicyManifest: string;
}

/**
 * "Load the Upstream TLS example" (issue 4 §10): the seed scenario in one namespace, made through the same
 * services an operator's forms use, so every step is audited: a root CA "flomesh.io" and a server certificate
 * CN=foo.example.com (no SAN, as the seed) from the certificates service, bound to the Secrets the seed creates
 * (`server-cert` with server-cert.pem/server-key.pem, `https-cert` with ca.crt), then Service, EndpointSlice,
 * Gateway and HTTPRoute in one apply. No UpstreamTLSPolicy: the simulator and the probe then show the failing
 * path. Running it again changes nothing; Secrets that already exist are kept, never overwritten.
 */
export async function loadUpstreamTlsExample(deps: ServiceDeps, ctx: RequestContext, body: unknown): Promise<LoadExampleResult> {
  authorize(ctx, 'resources.write');
  authorize(ctx, 'certificates.write');
  const input = parseOrThrow(LoadExampleSchema, body ?? {}, 'example');
  const ns = input.namespace;
  const steps: ExampleStep[] = [];
  const secretExists = async (name: string) => (await findRow(deps.db.prisma, { group: '', kind: 'Secret', namespace: ns, name })) !== null;

  let caId: string | null = null;
  let serverCertificateId: string | null = null;
  const [haveServer, haveCa] = [await secretExists('server-cert'), await secretExists('https-cert')];
  if (haveServer && haveCa) {
    steps.push({ what: `Secrets ${ns}/server-cert and ${ns}/https-cert (existing, kept)`, outcome: 'kept' });
  } else {
    const ca = await createRootCa(deps, ctx, { name: `flomesh.io (${ns} example)`, subject: { commonName: 'flomesh.io' } });
    caId = ca.id;
    steps.push({ what: `root CA flomesh.io`, outcome: 'created' });
    const server = await issueLeafCertificate(deps, ctx, { issuerId: ca.id, name: `foo.example.com (${ns} example)`, profile: 'server', subject: { commonName: 'foo.example.com' }, validityDays: 365 });
    serverCertificateId = server.id;
    steps.push({ what: 'server certificate foo.example.com, signed by flomesh.io', outcome: 'created' });
    if (haveServer) steps.push({ what: `Secret ${ns}/server-cert (existing, kept)`, outcome: 'kept' });
    else {
      await bindCertificate(deps, ctx, server.id, { namespace: ns, name: 'server-cert', shape: 'custom', keys: { certificate: 'server-cert.pem', privateKey: 'server-key.pem' } });
      steps.push({ what: `Secret ${ns}/server-cert (server-cert.pem, server-key.pem) for httpbin`, outcome: 'created' });
    }
    if (haveCa) steps.push({ what: `Secret ${ns}/https-cert (existing, kept)`, outcome: 'kept' });
    else {
      await bindCertificate(deps, ctx, ca.id, { namespace: ns, name: 'https-cert', shape: 'ca-bundle' });
      steps.push({ what: `Secret ${ns}/https-cert (ca.crt) for the policy`, outcome: 'created' });
    }
  }
  const applied = await applyObjects(deps, ctx, upstreamTlsExampleObjects(input), { defaultNamespace: ns });
  for (const r of applied.results) steps.push({ what: `${r.kind} ${ns}/${r.name}`, outcome: r.outcome === 'deleted' ? 'configured' : r.outcome });
  return { namespace: ns, steps, caId, serverCertificateId, nextPolicyManifest: upstreamTlsPolicyManifest(ns) };
}
