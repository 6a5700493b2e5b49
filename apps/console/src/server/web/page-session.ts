import { cookies, headers } from 'next/headers';
import { authenticateSession, csrfTokenFor } from '../auth/session.service';
import { SESSION_COOKIE } from '../auth/session-cookie';
import type { UserInfo } from '../auth/user.schema';
import { isSetupRequired } from '../auth/user.service';
import { toUserInfo } from '../auth/user.service';
import { getRuntime } from '../runtime';
import { safeNextPath } from './safe-next-path';

export { safeNextPath };

/** What the console shell needs to know about the signed-in person (handed to client components as props). */
export interface ShellSession {
  user: UserInfo;
  csrfToken: string;
}

/** The session of the page request (server components and server actions only), or undefined. */
export async function readPageSession(): Promise<ShellSession | undefined> {
  const value = (await cookies()).get(SESSION_COOKIE)?.value;
  if (!value) return undefined;
  const rt = await getRuntime();
  const s = await authenticateSession(rt, value);
  return s ? { user: toUserInfo(s.user), csrfToken: csrfTokenFor(s.session) } : undefined;
}

/** Whether first-run setup is open (no account yet). */
export async function readSetupRequired(): Promise<boolean> {
  return isSetupRequired(await getRuntime());
}

/** The path the proxy saw (src/proxy.ts sets it), so a sign-in can bring the person back to it. */
export async function readRequestedPath(): Promise<string> {
  return safeNextPath((await headers()).get('x-gatehouse-path'));
}
