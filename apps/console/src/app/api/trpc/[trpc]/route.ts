import { createTrpcHandler } from '../../../../server/trpc/http-handler';
import { getRuntime } from '../../../../server/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handler = createTrpcHandler(getRuntime);

export { handler as GET, handler as POST };
