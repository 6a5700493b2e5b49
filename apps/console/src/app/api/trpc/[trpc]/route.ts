import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { appRouter } from '../../../../server/trpc/root';
import { createContextInner } from '../../../../server/trpc/init';
import { getRuntime } from '../../../../server/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handler = async (req: Request) =>
  fetchRequestHandler({ endpoint: '/api/trpc', req, router: appRouter, createContext: async () => createContextInner(await getRuntime(), req) });

export { handler as GET, handler as POST };
