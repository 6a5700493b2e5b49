import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import type { ConsoleRuntime } from '../runtime-types';
import { createContextInner } from './init';
import { limitTrpcBody } from './limit-body';
import { appRouter } from './root';

/**
 * The tRPC endpoint as a web-standard handler (Request → Response), like the REST API's createRestHandler: Next.js
 * mounts it at /api/trpc and tests serve it on a real socket with their own runtime.
 */
export function createTrpcHandler(getRuntime: () => Promise<ConsoleRuntime>): (req: Request) => Promise<Response> {
  return async (incoming) => {
    // The REST API's body limit, applied before tRPC buffers the body (413 from Content-Length or while streaming).
    const req = await limitTrpcBody(incoming);
    if (req instanceof Response) return req;
    return fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: async () => createContextInner(await getRuntime(), req) });
  };
}
