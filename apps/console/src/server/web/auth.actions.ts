'use server';

import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { readRequestMeta } from '../auth/request-meta';
import { consoleTrustedProxies, readClientOrigin } from '../auth/trusted-proxies';
import { authenticateSession, login, logout, setupFirstAdmin, type SignedIn } from '../auth/session.service';
import { SESSION_COOKIE, sessionCookieAttributes } from '../auth/session-cookie';
import { completeTotpLogin } from '../auth/totp.service';
import { getRuntime } from '../runtime';
import { safeNextPath } from './safe-next-path';

/**
 * Sign-in, first-run setup and sign-out as server actions: the forms work without JavaScript, the cookie is set by
 * the server, and a refused password is an answer in the page rather than a failed request. Next.js accepts a
 * server action only from a page of the same origin (Origin vs Host), which is their CSRF protection.
 * @see https://nextjs.org/docs/app/guides/data-security#built-in-server-actions-security-features
 */

export interface AuthFormState {
  error?: string;
  /** Field path → message, from the same schemas the API validates with. */
  fieldErrors?: Record<string, string>;
  /** Set when sign-in is rate limited: seconds until the next attempt is allowed. */
  retryAfterSeconds?: number;
  /** What was typed (never the password), to keep it in the form after an error. */
  username?: string;
  /** The password was right and the account has two-step sign-in: the form asks for a code next. */
  totpChallenge?: string;
}

async function requestMeta() {
  return readRequestMeta({ headers: await headers() });
}

async function isHttps(): Promise<boolean> {
  return readClientOrigin(await headers(), consoleTrustedProxies()).https;
}

async function setSessionCookie(s: SignedIn, now: Date): Promise<void> {
  const maxAge = Math.round((s.expiresAt.getTime() - now.getTime()) / 1000);
  (await cookies()).set(SESSION_COOKIE, s.cookieValue, sessionCookieAttributes({ secure: await isHttps(), maxAge }));
}

function formStateOf(e: unknown, username: string): AuthFormState {
  if (!isDomainError(e)) throw e;
  const fieldErrors = Object.fromEntries(e.details.filter((d) => d.path !== '(root)').map((d) => [d.path, d.message]));
  return {
    error: e.message.charAt(0).toUpperCase() + e.message.slice(1),
    ...(Object.keys(fieldErrors).length > 0 ? { fieldErrors } : {}),
    ...(e.retryAfterSeconds !== undefined ? { retryAfterSeconds: e.retryAfterSeconds } : {}),
    username,
  };
}

/** Sign-in, both steps: the password, then (for accounts with two-step sign-in) a code with the challenge. */
export async function signInAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const username = String(form.get('username') ?? '');
  const challenge = form.get('challenge');
  const rt = await getRuntime();
  try {
    if (typeof challenge === 'string' && challenge !== '') {
      await setSessionCookie(await completeTotpLogin(rt, await requestMeta(), { challenge, code: String(form.get('code') ?? '') }), rt.now());
    } else {
      const result = await login(rt, await requestMeta(), { username, password: String(form.get('password') ?? '') });
      if ('totpRequired' in result) return { username, totpChallenge: result.challenge };
      await setSessionCookie(result, rt.now());
    }
  } catch (e) {
    const state = formStateOf(e, username);
    // A wrong code keeps the person on the code step (the challenge is still good); an expired one goes back.
    return typeof challenge === 'string' && challenge !== '' && state.fieldErrors?.code ? { ...state, totpChallenge: challenge } : state;
  }
  redirect(safeNextPath(String(form.get('next') ?? '/')));
}

export async function setupAction(_prev: AuthFormState, form: FormData): Promise<AuthFormState> {
  const username = String(form.get('username') ?? '');
  const password = String(form.get('password') ?? '');
  if (password !== String(form.get('confirm') ?? '')) {
    return { error: 'The two passwords differ', fieldErrors: { confirm: 'does not match the password' }, username };
  }
  const rt = await getRuntime();
  try {
    const signedIn = await setupFirstAdmin(rt, await requestMeta(), { setupCode: String(form.get('setupCode') ?? ''), username, displayName: String(form.get('displayName') ?? ''), password });
    await setSessionCookie(signedIn, rt.now());
  } catch (e) {
    return formStateOf(e, username);
  }
  redirect('/');
}

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  const value = jar.get(SESSION_COOKIE)?.value;
  if (value) {
    const rt = await getRuntime();
    const s = await authenticateSession(rt, value);
    if (s) await logout(rt, { principal: s.principal, ...(await requestMeta()) }, s.session.id);
  }
  jar.delete(SESSION_COOKIE);
  redirect('/login?signedOut=1');
}
