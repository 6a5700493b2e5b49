import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { USER_ROLES, type UserRole } from '../user.schema';

/**
 * Single sign-on settings, from the environment (README: "Single sign-on"). The client secret comes from the
 * environment only and is never stored in the database, logged or audited; the redirect URL is derived from the
 * console's public URL, so it is exactly the one registered at the provider.
 */
export interface OidcSettings {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** `<GATEHOUSE_PUBLIC_URL>/api/v1/oidc/callback`. */
  redirectUri: string;
  scopes: string;
  /** The claim whose value(s) map to roles (a string or an array of strings, e.g. `groups`). */
  roleClaim: string;
  /** Claim value → role; a person with several mapped values gets the strongest role. */
  roles: ReadonlyMap<string, UserRole>;
  /** What the sign-in button says: "Sign in with <name>". */
  name: string;
  /** The claim a new account's user name comes from (then `email`, then `sub`). */
  usernameClaim: string;
  /**
   * Plain-HTTP issuers are accepted only on a loopback address (tests, a provider on the same host): OAuth 2.0
   * requires TLS for every endpoint that carries credentials (RFC 6749 §3.1, §3.2; RFC 9700 §2.6).
   */
  allowInsecureRequests: boolean;
}

export interface OidcEnv {
  GATEHOUSE_PUBLIC_URL?: string | undefined;
  GATEHOUSE_OIDC_ISSUER?: string | undefined;
  GATEHOUSE_OIDC_CLIENT_ID?: string | undefined;
  GATEHOUSE_OIDC_CLIENT_SECRET?: string | undefined;
  GATEHOUSE_OIDC_SCOPES?: string | undefined;
  GATEHOUSE_OIDC_ROLE_CLAIM?: string | undefined;
  GATEHOUSE_OIDC_ROLES?: string | undefined;
  GATEHOUSE_OIDC_NAME?: string | undefined;
  GATEHOUSE_OIDC_USERNAME_CLAIM?: string | undefined;
}

/** Loopback per RFC 8252 §8.3 (127.0.0.0/8, ::1) and the name `localhost` (RFC 6761 §6.3). */
function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

function bad(variable: string, message: string): DomainError {
  return new DomainError('invalid', `${variable}: ${message}`, [{ path: variable, message }]);
}

/** `group=role,group=role`: the role mapping, checked so that a typo stops the console at start. */
export function parseRoleMap(text: string): Map<string, UserRole> {
  const map = new Map<string, UserRole>();
  for (const entry of text.split(',').map((e) => e.trim()).filter(Boolean)) {
    const eq = entry.lastIndexOf('=');
    const value = entry.slice(0, eq).trim();
    const role = entry.slice(eq + 1).trim();
    if (eq <= 0 || value === '') throw bad('GATEHOUSE_OIDC_ROLES', `"${entry}" is not <claim value>=<role>`);
    if (!(USER_ROLES as readonly string[]).includes(role)) throw bad('GATEHOUSE_OIDC_ROLES', `"${role}" is not a role (${USER_ROLES.join(', ')})`);
    map.set(value, role as UserRole);
  }
  return map;
}

/** Undefined when single sign-on is not configured (no issuer); throws on a partial or invalid configuration. */
export function readOidcSettings(env: OidcEnv): OidcSettings | undefined {
  if (!env.GATEHOUSE_OIDC_ISSUER) return undefined;
  let issuer: URL;
  try {
    issuer = new URL(env.GATEHOUSE_OIDC_ISSUER);
  } catch {
    throw bad('GATEHOUSE_OIDC_ISSUER', 'not a URL');
  }
  const insecure = issuer.protocol === 'http:';
  if (issuer.protocol !== 'https:' && !(insecure && isLoopback(issuer.hostname))) {
    throw bad('GATEHOUSE_OIDC_ISSUER', 'use https:// (plain http:// only on a loopback address)');
  }
  if (!env.GATEHOUSE_OIDC_CLIENT_ID) throw bad('GATEHOUSE_OIDC_CLIENT_ID', 'required with GATEHOUSE_OIDC_ISSUER');
  if (!env.GATEHOUSE_OIDC_CLIENT_SECRET) throw bad('GATEHOUSE_OIDC_CLIENT_SECRET', 'required with GATEHOUSE_OIDC_ISSUER');
  if (!env.GATEHOUSE_PUBLIC_URL) throw bad('GATEHOUSE_PUBLIC_URL', 'required with GATEHOUSE_OIDC_ISSUER: the redirect URL registered at the provider is derived from it');
  let publicUrl: URL;
  try {
    publicUrl = new URL(env.GATEHOUSE_PUBLIC_URL);
  } catch {
    throw bad('GATEHOUSE_PUBLIC_URL', 'not a URL');
  }
  const roles = parseRoleMap(env.GATEHOUSE_OIDC_ROLES ?? '');
  if (roles.size === 0) throw bad('GATEHOUSE_OIDC_ROLES', 'map at least one claim value to a role, e.g. gatehouse-admins=admin');
  const scopes = (env.GATEHOUSE_OIDC_SCOPES ?? 'openid profile email groups').trim();
  if (!scopes.split(/\s+/).includes('openid')) throw bad('GATEHOUSE_OIDC_SCOPES', 'must include openid');
  return {
    issuer,
    clientId: env.GATEHOUSE_OIDC_CLIENT_ID,
    clientSecret: env.GATEHOUSE_OIDC_CLIENT_SECRET,
    redirectUri: `${publicUrl.origin}${publicUrl.pathname.replace(/\/+$/, '')}/api/v1/oidc/callback`,
    scopes,
    roleClaim: env.GATEHOUSE_OIDC_ROLE_CLAIM ?? 'groups',
    roles,
    name: env.GATEHOUSE_OIDC_NAME ?? 'single sign-on',
    usernameClaim: env.GATEHOUSE_OIDC_USERNAME_CLAIM ?? 'preferred_username',
    allowInsecureRequests: insecure,
  };
}
