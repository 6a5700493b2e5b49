import { createRestHandler } from '../../../../server/rest/router';
import { getRuntime } from '../../../../server/runtime';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

const handle = createRestHandler(getRuntime);

export const GET = handle;
export const POST = handle;
export const PUT = handle;
export const DELETE = handle;
export const PATCH = handle;
