import { compileSnapshot, type CompileResult } from '@gatehouse/compiler/compile/compile-snapshot';
import type { ConfigSnapshot } from '@gatehouse/domain/snapshot/config-snapshot';
import { CONTROLLER_NAME } from '../status/status-cache';

/** RFC 3339 without milliseconds, as status conditions carry it. */
export const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

/** Keyed by the SnapshotCache's own object, which is one per revision: compiled once, freed with it. */
const compiled = new WeakMap<ConfigSnapshot, CompileResult>();

/** compileSnapshot (the worker's own) of a snapshot, once per snapshot object. */
export function compileForConsole(snapshot: ConfigSnapshot, now: Date): CompileResult {
  let r = compiled.get(snapshot);
  if (r === undefined) {
    r = compileSnapshot(snapshot, { controllerName: CONTROLLER_NAME, now: rfc3339(now) });
    compiled.set(snapshot, r);
  }
  return r;
}
