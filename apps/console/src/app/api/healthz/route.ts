import { getRuntime } from '../../../server/runtime';
import { consoleTrustedProxies, readClientOrigin } from '../../../server/auth/trusted-proxies';
import { healthAnswer } from '../../../server/web/health';
import { withApiSecurityHeaders } from '../../../server/web/security-headers';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/** Before the runtime (and its logger) exists, the detail of a failed start goes to stderr, as Next.js logs. */
const stderrLog = { warn: (obj: object, msg?: string) => console.error(`[console] ${msg ?? ''}`, obj) };

/** Liveness + readiness for the console: the database answers and migrations ran. No token needed (server/web/health.ts). */
export async function GET(req: Request): Promise<Response> {
  return withApiSecurityHeaders(await healthAnswer(getRuntime, stderrLog), readClientOrigin(req.headers, consoleTrustedProxies(), req.url).https);
}
