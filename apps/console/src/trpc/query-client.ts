import { QueryCache, QueryClient, MutationCache } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';

/** The HTTP status a failed tRPC call answered with, when it is known. */
export function httpStatusOf(error: unknown): number | undefined {
  if (!isTRPCClientError(error)) return undefined;
  const data = error.data as { httpStatus?: unknown } | undefined;
  return typeof data?.httpStatus === 'number' ? data.httpStatus : undefined;
}

/**
 * One QueryClient per browser tab. Client errors (4xx) are answers, not glitches: they are not retried. A 401
 * means the session ended (idle timeout, sign-out elsewhere, account disabled): `onSignedOut` sends the person
 * to the sign-in page instead of showing broken pages.
 */
export function makeQueryClient(onSignedOut: () => void): QueryClient {
  const onError = (error: unknown) => {
    if (httpStatusOf(error) === 401) onSignedOut();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 10_000,
        refetchOnWindowFocus: true,
        retry: (failures, error) => {
          const status = httpStatusOf(error);
          return (status === undefined || status >= 500) && failures < 2;
        },
      },
    },
  });
}
