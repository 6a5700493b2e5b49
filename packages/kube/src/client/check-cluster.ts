import { apiVersionOfKind, kindInfoOf, PUSHED_KINDS } from '../render/apply-order';
import { mapPool } from '../sync/pool';
import { resourceFor } from './discovery';
import { GATEWAY_API_BUNDLE, readCrds } from './crd-files';
import { statusMessage, type KubeRest } from './kube-rest';

export interface ClusterCheck {
  reachable: boolean;
  serverVersion?: string;
  gatewayApi: { installed: boolean; bundleVersion?: string; channel?: 'standard' | 'experimental'; missing?: string[] };
  upstreamTlsPolicyCrd: boolean;
  permissions: { kind: string; verb: string; allowed: boolean }[];
  message: string;
}

/** What a push does to each kind: read and list (plan, drift), create and patch (server-side apply), delete (prune). */
export const PUSH_VERBS = ['get', 'list', 'create', 'patch', 'delete'] as const;

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface Crd {
  metadata: { annotations?: Record<string, string> };
}

/**
 * Checks a cluster the way an operator would before trusting a push: can we reach it and which version is it,
 * are the Gateway API CRDs installed (bundle version and channel from the CRDs' own annotations) and the
 * UpstreamTLSPolicy CRD, and may this identity do what a push needs (one SelfSubjectAccessReview per kind and
 * verb, as `kubectl auth can-i` asks). The answer says it in words.
 */
export async function checkCluster(rest: KubeRest, opts: { timeoutMs?: number } = {}): Promise<ClusterCheck> {
  const none: ClusterCheck = { reachable: false, gatewayApi: { installed: false }, upstreamTlsPolicyCrd: false, permissions: [], message: '' };
  let version: string | undefined;
  try {
    const v = await rest.request<{ gitVersion?: string }>('GET', '/version', { timeoutMs: opts.timeoutMs ?? 5000 });
    if (v.status === 401) return { ...none, reachable: true, message: `the API server at ${rest.server} refused the credentials (401 Unauthorized)` };
    if (v.status !== 200 && v.status !== 403) return { ...none, message: `the API server at ${rest.server} answered ${v.status}: ${statusMessage(v)}` };
    version = v.json?.gitVersion;
  } catch (e) {
    return { ...none, message: `cannot reach the API server at ${rest.server}: ${(e as Error).message}` };
  }
  const wanted = new Set(PUSHED_KINDS.filter((k) => kindInfoOf(k).group === 'gateway.networking.k8s.io'));
  const gatewayCrdsWanted = readCrds('gateway-api').filter((c) => wanted.has(c.spec.names.kind)).map((c) => c.metadata.name);
  const missing: string[] = [];
  let bundleVersion: string | undefined;
  let channel: 'standard' | 'experimental' | undefined;
  for (const name of gatewayCrdsWanted) {
    const got = await rest.request<Crd>('GET', `${CRD_PATH}/${name}`);
    if (got.status === 404) missing.push(name);
    else if (got.status === 200) {
      bundleVersion ??= got.json.metadata.annotations?.['gateway.networking.k8s.io/bundle-version'];
      const ch = got.json.metadata.annotations?.['gateway.networking.k8s.io/channel'];
      if (ch === 'standard' || ch === 'experimental') channel ??= ch;
    } else {
      // No right to read CRDs: fall back to discovery, which says whether the kind is served.
      const kind = readCrds('gateway-api').find((c) => c.metadata.name === name)!.spec.names.kind;
      if (!(await resourceFor(rest, apiVersionOfKind(kind), kind))) missing.push(name);
    }
  }
  const upstreamTlsPolicyCrd = (await resourceFor(rest, apiVersionOfKind('UpstreamTLSPolicy'), 'UpstreamTLSPolicy')) !== undefined;
  const pairs = PUSHED_KINDS.flatMap((kind) => PUSH_VERBS.map((verb) => ({ kind, verb })));
  const permissions = await mapPool(pairs, 8, async ({ kind, verb }) => {
    const { group, plural } = kindInfoOf(kind);
    const r = await rest.request<{ status?: { allowed?: boolean } }>('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { group, resource: plural, verb } } },
    });
    return { kind, verb, allowed: r.status === 201 && r.json?.status?.allowed === true };
  });
  const installed = missing.length === 0;
  const denied = permissions.filter((p) => !p.allowed);
  const words: string[] = [`Reachable, Kubernetes ${version ?? '(version hidden)'}.`];
  words.push(installed
    ? `Gateway API ${bundleVersion ?? '(bundle version unknown)'} ${channel ?? ''} CRDs installed.`.replace(/ +/g, ' ').replace(' .', '.')
    : `Gateway API CRDs missing: ${missing.join(', ')} (Gatehouse can install ${GATEWAY_API_BUNDLE.version} ${GATEWAY_API_BUNDLE.channel}).`);
  words.push(upstreamTlsPolicyCrd ? 'UpstreamTLSPolicy CRD installed.' : 'UpstreamTLSPolicy CRD missing (Gatehouse can install it).');
  words.push(denied.length === 0
    ? 'This identity may do everything a push needs.'
    : `This identity may not: ${summarizeDenied(denied)}.`);
  return {
    reachable: true,
    ...(version ? { serverVersion: version } : {}),
    gatewayApi: { installed, ...(bundleVersion ? { bundleVersion } : {}), ...(channel ? { channel } : {}), ...(missing.length ? { missing } : {}) },
    upstreamTlsPolicyCrd,
    permissions,
    message: words.join(' '),
  };
}

function summarizeDenied(denied: { kind: string; verb: string }[]): string {
  const byKind = new Map<string, string[]>();
  for (const d of denied) byKind.set(d.kind, [...(byKind.get(d.kind) ?? []), d.verb]);
  return [...byKind].map(([k, verbs]) => `${verbs.join('/')} ${k}s`).join(', ');
}
