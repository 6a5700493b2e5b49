import { isTRPCClientError } from '@trpc/client';

export interface Problem {
  path: string;
  message: string;
}

/**
 * The problems a failed call reported, each with the field path the server named (`details`, the same as the
 * REST API's); a failure without details becomes one problem without a path.
 */
export function problemsOf(error: unknown): Problem[] {
  if (isTRPCClientError(error)) {
    const details = (error.data as { details?: unknown } | undefined)?.details;
    if (Array.isArray(details) && details.length > 0) {
      return details.flatMap((d) => (d && typeof d === 'object' && typeof (d as Problem).path === 'string' && typeof (d as Problem).message === 'string' ? [d as Problem] : []));
    }
    return [{ path: '', message: error.message }];
  }
  return [{ path: '', message: error instanceof Error ? error.message : 'something went wrong' }];
}
