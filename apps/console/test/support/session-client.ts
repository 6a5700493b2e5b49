import type { Harness } from './console-harness';

/** A signed-in browser as the REST API sees it: the session cookie and the session's CSRF token. */
export interface BrowserSession {
  cookie: string;
  csrf: string;
  setCookie: string;
}

/** The `gh_session=…` pair from a Set-Cookie header (what a browser would send back). */
export function cookiePair(setCookie: string | null): string {
  const m = /^(gh_session=[^;]*)/.exec(setCookie ?? '');
  if (!m) throw new Error(`no gh_session cookie in ${setCookie}`);
  return m[1]!;
}

export async function signIn(h: Harness, username: string, password: string, ip = '203.0.113.7'): Promise<BrowserSession> {
  const r = await h.call('POST', '/api/v1/session', { token: null, body: { username, password }, headers: { 'x-forwarded-for': ip } });
  if (r.status !== 200) throw new Error(`sign-in as ${username} answered ${r.status}: ${r.text}`);
  const setCookie = r.headers.get('set-cookie')!;
  return { cookie: cookiePair(setCookie), csrf: r.json.csrfToken as string, setCookie };
}

/** Calls the API as that browser: cookie always, CSRF header unless told otherwise. */
export function asBrowser(h: Harness, s: BrowserSession) {
  return (method: string, path: string, opts: { body?: unknown; csrf?: string | null } = {}) =>
    h.call(method, path, {
      token: null,
      ...(opts.body !== undefined ? { body: opts.body } : {}),
      headers: { cookie: s.cookie, ...((opts.csrf === undefined ? s.csrf : opts.csrf) ? { 'x-csrf-token': (opts.csrf ?? s.csrf) as string } : {}) },
    });
}
