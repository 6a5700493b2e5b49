/**
 * How often an object's spec was changed, from `metadata.generation` (1 at creation, +1 per spec change, the way
 * Kubernetes counts): "not edited since" or "edited N times". The store's revision (resourceVersion) is not shown:
 * it counts every write to the store, so a fresh object read "version 7", like seven edits. Pure.
 */
export function describeEdits(generation: number | undefined): string {
  if (generation === undefined || generation <= 1) return 'not edited since';
  const n = generation - 1;
  return n === 1 ? 'edited once' : `edited ${n} times`;
}
