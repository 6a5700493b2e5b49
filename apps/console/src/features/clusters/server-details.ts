import { isTRPCClientError } from '@trpc/client';

/** The server's `details` of a failed call (path + message, the same as the REST API's), or none. */
export function detailsOf(error: unknown): { path: string; message: string }[] {
  if (!isTRPCClientError(error)) return [];
  const details = (error.data as { details?: unknown } | undefined)?.details;
  if (!Array.isArray(details)) return [];
  return details.filter((d): d is { path: string; message: string } =>
    d !== null && typeof d === 'object' && typeof (d as { path?: unknown }).path === 'string' && typeof (d as { message?: unknown }).message === 'string');
}

/** Problems with the namespaces of a plan, push or import (`namespaces[1]: must be a lower-case RFC 1123 label`). */
export function namespacesErrorOf(error: unknown, typed: string[]): string | undefined {
  const found = detailsOf(error).filter((d) => d.path.startsWith('namespaces'));
  if (found.length === 0) return undefined;
  return found.map((d) => {
    const i = /^namespaces\[(\d+)\]/.exec(d.path);
    const which = i ? typed[Number(i[1])] : undefined;
    return which !== undefined ? `“${which}”: ${d.message}` : d.message;
  }).join('; ');
}
