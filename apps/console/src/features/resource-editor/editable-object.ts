/**
 * An object read from the API, ready to edit: status and server-assigned metadata removed, except
 * resourceVersion, which the PUT carries back so the API can refuse a save over someone else's newer one.
 */
export function editableObject(obj: Record<string, unknown>): Record<string, unknown> {
  const { status: _status, ...rest } = obj;
  const meta = { ...((rest.metadata as Record<string, unknown> | undefined) ?? {}) };
  for (const k of ['uid', 'generation', 'creationTimestamp']) delete meta[k];
  return { ...rest, metadata: meta };
}
