import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import {
  CheckReferencesInputSchema,
  ListCandidatesInputSchema,
  type Candidates,
  type ReferenceChecks,
} from '@gatehouse/domain/references/reference-check.schema';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { authorize, type RequestContext } from '../../auth/principal';
import type { ConsoleRuntime } from '../../runtime-types';
import { decryptSecretData } from '../../store/resource-codec';
import { checkReferences } from './check-references';
import { listCandidates } from './list-candidates';
import { indexWorld, secretFacts, type IndexedWorld } from './reference-world';

/** One world per snapshot object (one per store revision), built on first use and freed with the snapshot. */
const worlds = new WeakMap<ConfigSnapshot, Promise<IndexedWorld>>();

/**
 * The world reference checks read: the feed snapshot's objects (which carry only the Secrets policies already
 * name) with the compiler's status, plus facts about every stored Secret's keys. Secret values are decrypted here
 * to learn whether ca.crt holds a PEM certificate, and dropped at once.
 */
async function currentWorld(rt: ConsoleRuntime): Promise<IndexedWorld> {
  const snap = await rt.snapshots.current();
  let world = worlds.get(snap.snapshot);
  if (world === undefined) {
    world = (async () => {
      const plain = snap.snapshot.objects.filter((o) => !(o.kind === 'Secret' && o.apiVersion === 'v1'));
      const [objects, rows] = await Promise.all([
        rt.statuses.decorate(plain),
        rt.db.prisma.resource.findMany({ where: { group: '', kind: 'Secret' }, select: { kind: true, namespace: true, name: true, body: true, secretData: true } }),
      ]);
      const secrets = rows.map((r) => {
        const type = (JSON.parse(r.body) as { type?: unknown }).type;
        return secretFacts(r.namespace, r.name, typeof type === 'string' ? type : undefined, decryptSecretData(rt.key, r));
      });
      return indexWorld({ revision: snap.revision, objects, secrets });
    })();
    worlds.set(snap.snapshot, world);
    world.catch(() => worlds.delete(snap.snapshot));
  }
  return world;
}

/** The draft a form holds, with only what the checks read (a form may hold Secret values; they are not needed). */
function draftOf(object: Record<string, unknown>): Record<string, unknown> {
  const meta = (object.metadata ?? {}) as Record<string, unknown>;
  return { apiVersion: object.apiVersion, kind: object.kind, metadata: { name: meta.name, namespace: meta.namespace }, spec: object.spec };
}

/** Per reference of a draft object: does the named object exist, and can it serve? (issue 12 §2) */
export async function checkDraftReferences(rt: ConsoleRuntime, ctx: RequestContext, body: unknown): Promise<ReferenceChecks> {
  authorize(ctx, 'resources.read');
  const input = parseOrThrow(CheckReferencesInputSchema, body, 'reference check');
  const world = await currentWorld(rt);
  return { revision: world.revision, checks: checkReferences(world, draftOf(input.object)) };
}

/** Existing objects a reference picker offers, with their listeners, ports or key names. */
export async function referenceCandidates(rt: ConsoleRuntime, ctx: RequestContext, body: unknown): Promise<Candidates> {
  authorize(ctx, 'resources.read');
  const input = parseOrThrow(ListCandidatesInputSchema, body, 'candidate query');
  const world = await currentWorld(rt);
  return { revision: world.revision, items: listCandidates(world, input) };
}
