'use client';

import { QueryClientProvider } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import type { AppRouter } from '../server/trpc/root';
import { makeQueryClient } from './query-client';

/**
 * The TanStack-native tRPC client: components call `useTRPC()` and pass `trpc.x.y.queryOptions(input)` to
 * `useQuery` (and `mutationOptions` to `useMutation`); query keys come from the router, never written by hand.
 * @see https://trpc.io/docs/client/tanstack-react-query/usage
 */
export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

export function TRPCReactProvider({ csrfToken, children }: { csrfToken: string; children: ReactNode }) {
  const [queryClient] = useState(() =>
    makeQueryClient(() => {
      const next = `${window.location.pathname}${window.location.search}`;
      window.location.assign(`/login?next=${encodeURIComponent(next)}&expired=1`);
    }),
  );
  // The session's CSRF token rides on every call (the server checks it on mutations made with the cookie). A new
  // session means a new sign-in, which mounts the console layout, and with it this provider, afresh.
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: '/api/trpc', headers: () => ({ 'x-csrf-token': csrfToken }) })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
