import { type CompileOptions, compileSnapshot, type CompileResult } from '@gatehouse/compiler/compile/compile-snapshot';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { parseObject } from '@gatehouse/domain/registry/parse-object';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { z } from 'zod';

export type PreparedSnapshot =
  | ({ ok: true; revision: number; objectCount: number } & CompileResult)
  | { ok: false; revision: number | null; error: string };

const SnapshotEnvelopeSchema = z.object({ revision: z.number().int().min(0), objects: z.array(z.unknown()) });

const MAX_REPORTED_PROBLEMS = 5;

/**
 * Validates a snapshot — the feed's JSON body, or the value a cluster source built in this process (no JSON round
 * trip) — and compiles it. Anything wrong (not JSON, wrong envelope, an object that the
 * domain schemas refuse, a compiler exception) yields `ok: false` with a message; the caller keeps its
 * last good table. The revision is returned whenever it can be read, so a bad revision is not fetched again.
 */
export function prepareSnapshot(body: string | ConfigSnapshot, opts: CompileOptions): PreparedSnapshot {
  let json: unknown = body;
  if (typeof body === 'string') {
    try {
      json = JSON.parse(body);
    } catch (err) {
      return { ok: false, revision: null, error: `snapshot is not JSON: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  const envelope = SnapshotEnvelopeSchema.safeParse(json);
  if (!envelope.success) {
    const rev = (json as { revision?: unknown } | null)?.revision;
    return { ok: false, revision: typeof rev === 'number' ? rev : null, error: `snapshot does not match {revision, objects}: ${envelope.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}` };
  }
  const { revision, objects } = envelope.data;
  const parsed: KubeObject[] = [];
  const problems: string[] = [];
  objects.forEach((o, i) => {
    try {
      parsed.push(parseObject(o, { pathPrefix: `objects[${i}]` }));
    } catch (err) {
      problems.push(isDomainError(err) || err instanceof Error ? err.message : String(err));
    }
  });
  if (problems.length > 0) {
    const more = problems.length > MAX_REPORTED_PROBLEMS ? ` (and ${problems.length - MAX_REPORTED_PROBLEMS} more)` : '';
    return { ok: false, revision, error: `snapshot ${revision} has ${problems.length} invalid object(s): ${problems.slice(0, MAX_REPORTED_PROBLEMS).join(' | ')}${more}` };
  }
  try {
    return { ok: true, revision, objectCount: parsed.length, ...compileSnapshot({ revision, objects: parsed }, opts) };
  } catch (err) {
    return { ok: false, revision, error: `compiling snapshot ${revision} failed: ${err instanceof Error ? err.message : String(err)}` };
  }
}
