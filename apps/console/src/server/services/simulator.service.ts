import { compileSnapshot, type CompileResult } from '@gatehouse/compiler/compile/compile-snapshot';
import { matchRequest } from '@gatehouse/compiler/match/match-request';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { SimulateRequestSchema } from '@gatehouse/domain/simulator/simulate-request.schema';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { authorize, type RequestContext } from '../auth/principal';
import { referencedSecretKeys, type SnapshotCache } from '../feed/snapshot-builder';
import { CONTROLLER_NAME } from '../status/status-cache';
import { compileForConsole, rfc3339 } from './compiled-snapshot';
import { rowToObject } from '../store/resource-codec';
import type { ServiceDeps } from './deps';
import { findRow } from './object-writer';
import { describeSimulation, hostSuggestions, listenerOptions, type ListenerOption, type SimulationResult } from './simulator/describe-simulation';
import { overlayDraft, parseDraft } from './simulator/overlay-draft';

export type SimulatorDeps = ServiceDeps & { snapshots: SnapshotCache };

/**
 * Secrets a draft names that the current snapshot does not carry (it holds only the Secrets its own policies
 * reference): read from the store, so a draft policy resolves its CA exactly as it will once applied.
 * The values stay on the server; the answer names the Secret and decodes the CA certificate only.
 */
async function addDraftSecrets(deps: ServiceDeps, snapshot: ConfigSnapshot): Promise<ConfigSnapshot> {
  const have = new Set(snapshot.objects.filter((o) => o.kind === 'Secret').map((o) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`));
  const missing = [...referencedSecretKeys(snapshot.objects)].filter((k) => !have.has(k));
  const found: KubeObject[] = [];
  for (const key of missing) {
    const [namespace = '', name = ''] = key.split('/');
    const row = await findRow(deps.db.prisma, { group: '', kind: 'Secret', namespace, name });
    if (row) found.push(rowToObject(row, deps.key, 'include'));
  }
  return found.length === 0 ? snapshot : { ...snapshot, objects: [...snapshot.objects, ...found] };
}

/**
 * The request simulator (issue 4 §8): compiles the current configuration — or the current one with draft
 * manifests laid over it — with the worker's own compileSnapshot, and matches the request with the worker's own
 * matchRequest (explain on). Nothing is written; a bad draft is a DomainError('invalid') with `draft[i]…` paths.
 */
export async function simulateRequest(deps: SimulatorDeps, ctx: RequestContext, body: unknown): Promise<SimulationResult> {
  authorize(ctx, 'resources.read');
  const request = parseOrThrow(SimulateRequestSchema, body, 'request');
  const now = deps.now();
  const current = await deps.snapshots.current();
  const draftText = request.draft?.trim() ?? '';
  let snapshot = current.snapshot;
  let result: CompileResult;
  let changes = null;
  if (draftText === '') {
    result = compileForConsole(snapshot, now);
  } else {
    const draft = parseDraft(draftText, request.namespace || 'default');
    const overlaid = overlayDraft(current.snapshot, draft, rfc3339(now));
    snapshot = await addDraftSecrets(deps, overlaid.snapshot);
    changes = overlaid.changes;
    result = compileSnapshot(snapshot, { controllerName: CONTROLLER_NAME, now: rfc3339(now) });
  }
  const headers: Record<string, string> = {};
  for (const h of request.headers) {
    const name = h.name.toLowerCase();
    headers[name] = headers[name] === undefined ? h.value : `${headers[name]}, ${h.value}`;
  }
  const match = matchRequest(result.table, {
    port: request.port,
    host: request.host,
    path: request.path,
    method: request.method,
    headers: { ...headers, host: request.host },
    // Query rows win over a `?query` typed into the path; without rows the path's own query is used.
    ...(request.query.length > 0 ? { query: request.query.map((q) => `${encodeURIComponent(q.name)}=${encodeURIComponent(q.value)}`).join('&') } : {}),
  }, { explain: true });
  return describeSimulation({ request, revision: current.revision, draft: changes, table: result.table, objects: snapshot.objects, match, now });
}

export interface SimulatorOptions {
  revision: number;
  listeners: ListenerOption[];
  /** Listener port → host names the attached routes serve. */
  hosts: Record<string, string[]>;
}

/** What the simulator form offers: the listeners of the current configuration and the host names they serve. */
export async function simulatorOptions(deps: SimulatorDeps, ctx: RequestContext): Promise<SimulatorOptions> {
  authorize(ctx, 'resources.read');
  const current = await deps.snapshots.current();
  const { table } = compileForConsole(current.snapshot, deps.now());
  return { revision: current.revision, listeners: listenerOptions(table), hosts: hostSuggestions(table) };
}
