import { readCrds } from './crd-files';
import { forgetDiscovery } from './discovery';
import { expectOk, type KubeRest } from './kube-rest';

const CRD_PATH = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

interface Crd {
  status?: { conditions?: { type: string; status: string }[] };
}

/**
 * Installs (or upgrades) the CRDs with server-side apply, forced: Gatehouse owns these definitions. The HTTPRoute
 * CRD is larger than client-side apply's 256 KiB annotation allows, so SSA is the only way that works for all.
 * Waits until every CRD is Established, then forgets discovery so the new kinds are found.
 */
export async function installCrds(rest: KubeRest, which: 'gateway-api' | 'upstream-tls-policy' | 'all' = 'all', timeoutMs = 60_000): Promise<string[]> {
  const crds = readCrds(which);
  for (const crd of crds) {
    expectOk(
      await rest.request('PATCH', `${CRD_PATH}/${crd.metadata.name}`, {
        query: { fieldManager: 'gatehouse', force: 'true' },
        body: crd,
        contentType: 'application/apply-patch+yaml',
      }),
      `install CRD ${crd.metadata.name}`,
    );
  }
  const end = Date.now() + timeoutMs;
  for (const crd of crds) {
    for (;;) {
      const got = expectOk(await rest.request<Crd>('GET', `${CRD_PATH}/${crd.metadata.name}`), `read CRD ${crd.metadata.name}`);
      if (got.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) break;
      if (Date.now() > end) throw new Error(`CRD ${crd.metadata.name} is not Established after ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  forgetDiscovery(rest);
  return crds.map((c) => c.metadata.name);
}
