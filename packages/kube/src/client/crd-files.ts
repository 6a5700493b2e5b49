import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

/**
 * The CRDs Gatehouse installs in a cluster, from deploy/crds: the Gateway API v1.6.1 standard channel as
 * published, and Gatehouse's UpstreamTLSPolicy CRD. Found next to this file in the source tree, or walking up
 * from the working directory (a Next.js build moves this file; the console runs in apps/console), or at
 * GATEHOUSE_CRDS_DIR (the image puts them there).
 */
export const GATEWAY_API_BUNDLE = { version: 'v1.6.1', channel: 'standard', file: 'gateway-api-v1.6.1-standard-install.yaml' } as const;
export const UPSTREAM_TLS_POLICY_CRD_FILE = 'gateway.flomesh.io_upstreamtlspolicies.yaml';

export function crdsDir(): string {
  const fromEnv = process.env.GATEHOUSE_CRDS_DIR?.trim();
  if (fromEnv) return fromEnv;
  try {
    const here = resolve(dirname(fileURLToPath(import.meta.url)), '../../../../deploy/crds');
    if (existsSync(here)) return here;
  } catch {
    // not a file URL in a bundle
  }
  for (let dir = process.cwd(); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'deploy/crds', GATEWAY_API_BUNDLE.file))) return join(dir, 'deploy/crds');
    if (dirname(dir) === dir) throw new Error('deploy/crds not found: set GATEHOUSE_CRDS_DIR');
  }
}

export interface CrdDocument {
  apiVersion: string;
  kind: 'CustomResourceDefinition';
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { group: string; names: { kind: string; plural: string } };
}

export function readCrds(which: 'gateway-api' | 'upstream-tls-policy' | 'all' = 'all'): CrdDocument[] {
  const files = which === 'gateway-api' ? [GATEWAY_API_BUNDLE.file] : which === 'upstream-tls-policy' ? [UPSTREAM_TLS_POLICY_CRD_FILE] : [GATEWAY_API_BUNDLE.file, UPSTREAM_TLS_POLICY_CRD_FILE];
  const out: CrdDocument[] = [];
  for (const f of files) {
    for (const doc of parseAllDocuments(readFileSync(join(crdsDir(), f), 'utf8'))) {
      const v = doc.toJS({ maxAliasCount: 100 }) as CrdDocument | null;
      if (v && v.kind === 'CustomResourceDefinition') out.push(v);
    }
  }
  return out;
}
