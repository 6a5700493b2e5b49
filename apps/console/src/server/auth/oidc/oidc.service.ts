import { createHash, randomUUID } from 'node:crypto';
import * as oidc from 'openid-client';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { appendAuditEvent } from '../../audit/audit.repo';
import type { ConsoleRuntime } from '../../runtime-types';
import { decryptValue, encryptValue } from '../../secrets/secret-cipher';
import { runWrite } from '../../services/write-transaction';
import type { Principal } from '../principal';
import type { RequestMeta } from '../request-meta';
import { contextFor, insertSession, type SignedIn } from '../session.service';
import { UsernameSchema, USER_ROLES, type UserRole } from '../user.schema';
import { principalOf, userAuditObject, userRef } from '../user.service';
import type { OidcSettings } from './oidc-settings';

/**
 * OpenID Connect sign-in (OpenID Connect Core 1.0 §3.1, authorization code flow) through openid-client, which
 * does the protocol: discovery, PKCE S256 (RFC 7636), state and nonce checks, the token request, and the ID token's
 * validation — issuer, audience, expiry, nonce, and (enableNonRepudiationChecks) its signature against the
 * provider's JWKS. This file keeps what is Gatehouse's: where the flow's secrets wait between the redirect and the
 * callback, that a callback is honoured once, which role a person gets, and the audit trail. No token, code or
 * verifier is ever logged, audited or stored.
 */

/** The browser-bound half of a pending sign-in: an HttpOnly cookie holding an AES-GCM envelope (below). */
export const OIDC_COOKIE = 'gh_oidc';
/** Only the callback needs the cookie. */
export const OIDC_COOKIE_PATH = '/api/v1/oidc';
/** How long a person may spend at the provider before the callback is refused as expired. */
export const OIDC_FLOW_MS = 10 * 60_000;
const FLOW_AAD = 'gatehouse/oidc-flow/v1';
const STATE_KEY_PREFIX = 'oidc-state:';

interface PendingFlow {
  state: string;
  nonce: string;
  verifier: string;
  next: string;
  /** Epoch ms the flow began. */
  t: number;
}

/** Why a single sign-on was refused: the sign-in page words each (`/login?sso=<reason>`). */
export type SsoRefusal = 'not_configured' | 'unavailable' | 'expired' | 'state' | 'replayed' | 'provider' | 'token' | 'no_role' | 'disabled' | 'username_taken';

export class SsoRefused extends Error {
  constructor(readonly reason: SsoRefusal, readonly detail: string) {
    super(`single sign-on refused (${reason}): ${detail}`);
  }
}

const configurations = new WeakMap<OidcSettings, Promise<oidc.Configuration>>();

/**
 * The provider's configuration from its discovery document (OpenID Connect Discovery 1.0), fetched on first use
 * and kept; a failed discovery is retried at the next sign-in rather than remembered.
 */
function providerConfiguration(settings: OidcSettings): Promise<oidc.Configuration> {
  let pending = configurations.get(settings);
  if (!pending) {
    pending = oidc
      .discovery(settings.issuer, settings.clientId, undefined, oidc.ClientSecretBasic(settings.clientSecret), {
        // RFC 6749 §2.3.1: client_secret_basic is the method every provider must support.
        execute: [oidc.enableNonRepudiationChecks, ...(settings.allowInsecureRequests ? [oidc.allowInsecureRequests] : [])],
        timeout: 10,
      })
      .catch((e: unknown) => {
        configurations.delete(settings);
        throw e;
      });
    configurations.set(settings, pending);
  }
  return pending;
}

export function requireSso(rt: ConsoleRuntime): OidcSettings {
  if (!rt.oidc) throw new DomainError('not_found', 'single sign-on is not configured on this console (GATEHOUSE_OIDC_ISSUER)');
  return rt.oidc;
}

const stateKey = (state: string) => STATE_KEY_PREFIX + createHash('sha256').update(state).digest('hex');

export interface FlowStart {
  /** Where to send the browser: the provider's authorization endpoint with this flow's parameters. */
  location: string;
  /** The value of the gh_oidc cookie (encrypted; Max-Age OIDC_FLOW_MS). */
  cookieValue: string;
}

/**
 * Begins a sign-in: fresh state, nonce and PKCE verifier. The verifier and nonce travel only in the encrypted
 * cookie; the state is also recorded (as a hash) in the database, so that a callback is honoured once even if the
 * provider accepted a code twice.
 */
export async function beginSsoLogin(rt: ConsoleRuntime, next: string): Promise<FlowStart> {
  const settings = requireSso(rt);
  let config: oidc.Configuration;
  try {
    config = await providerConfiguration(settings);
  } catch (e) {
    rt.log.error({ issuer: settings.issuer.href, err: (e as Error).message }, 'single sign-on: the provider\'s discovery document could not be read');
    throw new DomainError('unavailable', `the identity provider ${settings.issuer.href} cannot be reached; try again, or sign in with a local account at /login?local=1`);
  }
  const flow: PendingFlow = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier: oidc.randomPKCECodeVerifier(), next, t: rt.now().getTime() };
  const location = oidc.buildAuthorizationUrl(config, {
    redirect_uri: settings.redirectUri,
    scope: settings.scopes,
    state: flow.state,
    nonce: flow.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(flow.verifier),
    code_challenge_method: 'S256',
  });
  const now = rt.now();
  // Flows abandoned at the provider leave a row each; they go when older than the flow's lifetime.
  await rt.db.prisma.instanceSetting.deleteMany({ where: { key: { startsWith: STATE_KEY_PREFIX }, value: { lt: new Date(now.getTime() - OIDC_FLOW_MS).toISOString() } } });
  await rt.db.prisma.instanceSetting.create({ data: { key: stateKey(flow.state), value: now.toISOString() } });
  return { location: location.href, cookieValue: encryptValue(rt.key, JSON.stringify(flow), FLOW_AAD) };
}

function readFlow(rt: ConsoleRuntime, cookieValue: string | undefined): PendingFlow {
  if (!cookieValue) throw new SsoRefused('expired', 'no sign-in in progress in this browser (cookie missing)');
  let flow: PendingFlow;
  try {
    flow = JSON.parse(decryptValue(rt.key, cookieValue, FLOW_AAD)) as PendingFlow;
  } catch {
    throw new SsoRefused('expired', 'the sign-in cookie is not one this console made');
  }
  if (rt.now().getTime() - flow.t > OIDC_FLOW_MS) throw new SsoRefused('expired', 'the sign-in took longer than 10 minutes');
  return flow;
}

/** The strongest role any of the claim's values maps to; undefined when none maps. */
export function mapRole(settings: OidcSettings, claim: unknown): UserRole | undefined {
  const values = (Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : []).filter((v): v is string => typeof v === 'string');
  const granted = new Set(values.map((v) => settings.roles.get(v)).filter((r): r is UserRole => r !== undefined));
  // USER_ROLES runs from the most to the least powerful.
  return USER_ROLES.find((r) => granted.has(r));
}

/** A user name the console accepts, from the configured claim, else `email`, else `sub`. */
function usernameFrom(settings: OidcSettings, claims: Record<string, unknown>): string {
  for (const candidate of [claims[settings.usernameClaim], claims.email, claims.sub]) {
    if (typeof candidate !== 'string') continue;
    const cleaned = candidate.trim().toLowerCase().replace(/[^a-z0-9._@-]/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 64);
    if (UsernameSchema.safeParse(cleaned).success) return cleaned;
  }
  throw new SsoRefused('token', 'the provider sent no usable user name (preferred_username, email or sub)');
}

/** For audit messages: claim values are names of groups, not secrets, but they are bounded. */
function describeClaim(claim: unknown): string {
  const values = Array.isArray(claim) ? claim.map(String) : claim === undefined ? [] : [String(claim)];
  const text = values.length === 0 ? '(none)' : values.join(', ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

const anonymous = (name: string): Principal => ({ type: 'user', id: '', name: name.slice(0, 100), role: 'viewer' });

/**
 * The callback: checks the flow (cookie, one use), lets openid-client exchange the code and validate the ID token,
 * maps the role, then creates or updates the account and opens a session in one transaction. Every refusal is
 * audited as `login.sso.failed` (reason only: never a code, token or the provider's raw answer) and thrown as
 * SsoRefused.
 */
export async function completeSsoLogin(rt: ConsoleRuntime, meta: RequestMeta, callbackQuery: URLSearchParams, cookieValue: string | undefined): Promise<SignedIn & { next: string }> {
  const settings = requireSso(rt);
  let actor = anonymous('(single sign-on)');
  try {
    const flow = readFlow(rt, cookieValue);
    // One use: the state's row goes before the code is redeemed, so a second callback (a replayed code, a
    // double-click, a copied URL) finds nothing, whatever the provider would say.
    const { count } = await rt.db.prisma.instanceSetting.deleteMany({ where: { key: stateKey(flow.state) } });
    if (count === 0) throw new SsoRefused('replayed', 'this sign-in was already completed or abandoned');
    // RFC 6749 §10.12 / OpenID Connect Core §3.1.2.7: the state must be the one this browser's flow sent (a
    // callback forged or swapped for another person's is refused). openid-client checks it again below.
    if (callbackQuery.get('state') !== flow.state) throw new SsoRefused('state', 'the state parameter is not the one this sign-in sent');
    const providerError = callbackQuery.get('error');
    if (providerError) throw new SsoRefused('provider', `the provider answered ${providerError.slice(0, 64)}`);
    const config = await providerConfiguration(settings).catch(() => {
      throw new SsoRefused('unavailable', 'the provider cannot be reached');
    });
    // The URL the provider redirected to, rebuilt from the configured redirect URI: behind a proxy the request's
    // own URL may name another host, and the token request must repeat the registered one (RFC 6749 §4.1.3).
    const current = new URL(settings.redirectUri);
    for (const [k, v] of callbackQuery) current.searchParams.append(k, v);
    let claims: Record<string, unknown>;
    try {
      const tokens = await oidc.authorizationCodeGrant(config, current, { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce, idTokenExpected: true });
      const idClaims = tokens.claims();
      if (!idClaims) throw new Error('no ID token');
      // Profile claims (and, at some providers, groups) come from the userinfo endpoint; the ID token's win.
      const info = await oidc.fetchUserInfo(config, tokens.access_token, idClaims.sub).catch(() => ({}));
      claims = { ...info, ...idClaims };
    } catch (e) {
      const err = e as Error & { code?: string; error?: string };
      // The library's message names the check that failed (e.g. "unexpected JWT "iss" claim value"); it never
      // contains the token itself. The provider's `error` code is a registered word (RFC 6749 §5.2).
      throw new SsoRefused('token', `${err.error ?? err.code ?? 'error'}: ${err.message.slice(0, 200)}`);
    }
    const sub = String(claims.sub);
    const username = usernameFrom(settings, claims);
    actor = anonymous(username);
    const role = mapRole(settings, claims[settings.roleClaim]);
    if (!role) throw new SsoRefused('no_role', `${settings.roleClaim}: ${describeClaim(claims[settings.roleClaim])} maps to no role`);
    const displayName = typeof claims.name === 'string' ? claims.name.slice(0, 100) : '';
    const provider = settings.issuer.href;
    const now = rt.now();
    const signedIn = await runWrite(rt, {}, async (tx) => {
      let user = await tx.user.findUnique({ where: { provider_externalId: { provider, externalId: sub } } });
      if (user?.disabledAt) throw new SsoRefused('disabled', 'the account is disabled in Gatehouse');
      if (!user) {
        const taken = await tx.user.findUnique({ where: { username } });
        // A local account is never taken over by a provider's user of the same name: that account is the
        // break-glass way in when the provider fails or is compromised.
        if (taken) throw new SsoRefused('username_taken', `user name ${username} belongs to another account (${taken.provider})`);
        user = await tx.user.create({ data: { id: randomUUID(), username, displayName, passwordHash: null, role, provider, externalId: sub, createdAt: now, createdBy: `single sign-on (${settings.name})` } });
        await appendAuditEvent(tx, contextFor(principalOf(user), meta), { action: 'user.create', ref: userRef(username), after: userAuditObject(user), message: `first sign-in through ${settings.name}; role ${role} from ${settings.roleClaim}` }, now);
      } else if (user.role !== role || (displayName && user.displayName !== displayName)) {
        // The provider is the source of truth for people who sign in through it: a group change applies at the next sign-in.
        const before = user;
        user = await tx.user.update({ where: { id: user.id }, data: { role, ...(displayName ? { displayName } : {}), updatedAt: now } });
        await appendAuditEvent(tx, contextFor(principalOf(user), meta), { action: 'user.update', ref: userRef(user.username), before: userAuditObject(before), after: userAuditObject(user), message: before.role !== role ? `role ${before.role} → ${role} from ${settings.roleClaim} at sign-in` : 'display name from the provider' }, now);
      }
      const updated = await tx.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
      const s = await insertSession(tx, updated, meta, now, 'oidc');
      await appendAuditEvent(tx, contextFor(principalOf(updated), meta), { action: 'login', ref: userRef(updated.username), message: `signed in through ${settings.name} (role ${role} from ${settings.roleClaim})` }, now);
      return s;
    });
    return { ...signedIn, next: flow.next };
  } catch (e) {
    if (!(e instanceof SsoRefused)) throw e;
    const now = rt.now();
    await runWrite(rt, {}, async (tx) => {
      await appendAuditEvent(tx, contextFor(actor, meta), { action: 'login.sso.failed', ref: userRef(actor.name), message: `${e.reason}: ${e.detail}` }, now);
    });
    rt.log.warn({ reason: e.reason, requestId: meta.requestId }, 'single sign-on refused');
    throw e;
  }
}
