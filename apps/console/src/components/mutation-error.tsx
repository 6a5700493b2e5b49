import { isTRPCClientError } from '@trpc/client';

/** Field path → message from a failed mutation (the server's `details`, the same paths as the API's). */
export function fieldErrorsOf(error: unknown): Record<string, string> {
  if (!isTRPCClientError(error)) return {};
  const details = (error.data as { details?: unknown } | undefined)?.details;
  if (!Array.isArray(details)) return {};
  const out: Record<string, string> = {};
  for (const d of details) {
    if (d && typeof d === 'object' && typeof (d as { path?: unknown }).path === 'string' && typeof (d as { message?: unknown }).message === 'string') {
      const { path, message } = d as { path: string; message: string };
      // tRPC input validation reports paths relative to the input (`patch.role`); forms name the last part.
      out[path.split('.').at(-1)!] ??= message;
    }
  }
  return out;
}

export function errorMessageOf(error: unknown): string {
  if (isTRPCClientError(error)) {
    const details = (error.data as { details?: unknown } | undefined)?.details;
    if (Array.isArray(details) && details.length > 0 && error.message.startsWith('[')) return 'Check the highlighted fields.';
    return error.message;
  }
  return error instanceof Error ? error.message : 'something went wrong';
}
