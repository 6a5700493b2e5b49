import { createHash, randomBytes } from 'node:crypto';

// Tokens are 32 random bytes: high entropy, so a fast SHA-256 is the right stored form (a slow KDF buys
// nothing against brute force here and would cost on every API call). Prefix `gh_` makes leaks greppable.
export function newTokenValue(): string {
  return 'gh_' + randomBytes(32).toString('base64url');
}

export function hashToken(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** What lists show to recognise a token without revealing it. */
export function tokenPrefix(value: string): string {
  return value.slice(0, 10);
}

export function readBearer(header: string | null): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m?.[1];
}
