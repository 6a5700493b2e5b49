import { getRuntime } from '../../../server/runtime';
import { readRevision } from '../../../server/store/revision';
import { consoleTrustedProxies, readClientOrigin } from '../../../server/auth/trusted-proxies';
import { withApiSecurityHeaders } from '../../../server/web/security-headers';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Liveness + readiness for the console: the database answers and migrations ran. No token needed. */
export async function GET(req: Request): Promise<Response> {
  return withApiSecurityHeaders(await health(), readClientOrigin(req.headers, consoleTrustedProxies(), req.url).https);
}

async function health(): Promise<Response> {
  try {
    const rt = await getRuntime();
    return Response.json({ status: 'ok', database: rt.db.provider, revision: await readRevision(rt.db) });
  } catch (e) {
    return Response.json({ status: 'unavailable', error: (e as Error).message }, { status: 503 });
  }
}
