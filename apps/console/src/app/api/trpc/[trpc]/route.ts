import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../server/trpc/root';
import { createContextInner } from '../../../../server/trpc/init';
import { limitTrpcBody } from '../../../../server/trpc/limit-body';
import { getRuntime } from '../../../../server/runtime';
import { retryAfterHeaders } from '../../../../server/trpc/retry-after';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handler = async (incoming: Request) => {
  // The REST API's body limit, applied before tRPC buffers the body (413 from Content-Length or while streaming).
  const req = await limitTrpcBody(incoming);
  if (req instanceof Response) return req;
  return fetchRequestHandler({
    endpoint: '/api/trpc', req, router: appRouter, createContext: async () => createContextInner(await getRuntime(), req),
    // The REST API's Retry-After (503 while the database is away, 429), for tRPC answers too.
    responseMeta: ({ errors }) => retryAfterHeaders(errors),
  });
};

export { handler as GET, handler as POST };
