import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { consoleTrustedProxies, readClientOrigin } from '../auth/trusted-proxies';
import type { ConsoleRuntime } from '../runtime-types';
import { withApiSecurityHeaders } from '../web/security-headers';
import { createContextInner } from './init';
import { limitTrpcBody } from './limit-body';
import { appRouter } from './root';
import { retryAfterHeaders } from './retry-after';

/** The /api/trpc endpoint as a web-standard handler: Next.js's route mounts it, tests serve it on a real port. */
export function createTrpcHandler(getRuntime: () => Promise<ConsoleRuntime>): (req: Request) => Promise<Response> {
  return async (incoming) => {
    const https = readClientOrigin(incoming.headers, consoleTrustedProxies(), incoming.url).https;
    // The REST API's body limit, applied before tRPC buffers the body (413 from Content-Length or while streaming).
    const req = await limitTrpcBody(incoming);
    if (req instanceof Response) return withApiSecurityHeaders(req, https);
    const res = await fetchRequestHandler({
      endpoint: '/api/trpc', req, router: appRouter, createContext: async () => createContextInner(await getRuntime(), req),
      // The REST API's Retry-After (503 while the database is away, 429), for tRPC answers too.
      responseMeta: ({ errors }) => retryAfterHeaders(errors),
    });
    return withApiSecurityHeaders(res, https);
  };
}
