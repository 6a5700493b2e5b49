import { resolve } from 'node:path';
import { z } from 'zod';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { readOidcSettings, type OidcSettings } from './auth/oidc/oidc-settings';
import { parseTrustedProxies } from './auth/trusted-proxies';

/** The console's configuration, read once from the environment and validated (README lists every variable). */
export const ConsoleEnvSchema = z.object({
  GATEHOUSE_DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z.string().optional(),
  GATEHOUSE_BOOTSTRAP_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  GATEHOUSE_MASTER_KEY: z.string().optional(),
  GATEHOUSE_WORKER_TOKEN: z.string().min(16, 'use at least 16 characters').optional(),
  /** Seconds between checks for certificates due for auto-renewal; 0 turns the timer off. */
  GATEHOUSE_CERT_RENEW_INTERVAL: z.coerce.number().int().min(0).max(86_400).default(3600),
  /** Seconds between drift checks of registered clusters (0: off). */
  GATEHOUSE_DRIFT_INTERVAL: z.coerce.number().int().min(0).max(86_400).default(15),
  /** Seconds between notification checks (certificates, workers, drift, pushes); deliveries are retried every 5 s. 0: off. */
  GATEHOUSE_NOTIFY_INTERVAL: z.coerce.number().int().min(0).max(86_400).default(60),
  /** Audit events older than this many days are pruned daily behind an archived head (unset: kept forever). */
  GATEHOUSE_AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(36_500).optional(),
  GATEHOUSE_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  /** Proxies whose X-Forwarded-For/-Proto count (auth/trusted-proxies.ts); checked here so a typo stops the start. */
  GATEHOUSE_TRUSTED_PROXIES: z.string().default('').superRefine((value, issue) => {
    try {
      parseTrustedProxies(value);
    } catch (e) {
      issue.addIssue({ code: 'custom', message: (e as Error).message });
    }
  }),
  /** The inventory certificate (name or id) the console serves HTTPS with (tls/console-tls.ts). */
  GATEHOUSE_TLS_CERTIFICATE: z.string().max(253).optional(),
  /** A PEM certificate (chain) and key file pair instead, for serving HTTPS before the inventory holds one. */
  GATEHOUSE_TLS_CERT_FILE: z.string().optional(),
  GATEHOUSE_TLS_KEY_FILE: z.string().optional(),
  /** Seconds between checks whether the served certificate was renewed or rotated (taken on the next handshake). */
  GATEHOUSE_TLS_RELOAD_INTERVAL: z.coerce.number().int().min(1).max(86_400).default(10),
  /** A plain-HTTP port that only redirects to the HTTPS console (308); needs TLS. */
  GATEHOUSE_HTTP_REDIRECT_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  /** The console's address as browsers reach it (single sign-on derives its redirect URL from it). */
  GATEHOUSE_PUBLIC_URL: z.string().optional(),
  /** Single sign-on (auth/oidc/oidc-settings.ts); off while the issuer is unset. */
  GATEHOUSE_OIDC_ISSUER: z.string().optional(),
  GATEHOUSE_OIDC_CLIENT_ID: z.string().optional(),
  GATEHOUSE_OIDC_CLIENT_SECRET: z.string().optional(),
  GATEHOUSE_OIDC_SCOPES: z.string().optional(),
  GATEHOUSE_OIDC_ROLE_CLAIM: z.string().optional(),
  GATEHOUSE_OIDC_ROLES: z.string().optional(),
  GATEHOUSE_OIDC_NAME: z.string().max(60).optional(),
  GATEHOUSE_OIDC_USERNAME_CLAIM: z.string().optional(),
  /** `hidden`: the sign-in page offers single sign-on only; the password form stays at /login?local=1 (break-glass). */
  GATEHOUSE_PASSWORD_LOGIN: z.enum(['shown', 'hidden']).default('shown'),
}).superRefine((env, issue) => {
  // Cross-variable rules: each message names the variable to change, so a bad combination stops the start clearly.
  const files = [env.GATEHOUSE_TLS_CERT_FILE, env.GATEHOUSE_TLS_KEY_FILE].filter((v) => v !== undefined).length;
  if (files === 1) {
    const missing = env.GATEHOUSE_TLS_CERT_FILE === undefined ? 'GATEHOUSE_TLS_CERT_FILE' : 'GATEHOUSE_TLS_KEY_FILE';
    issue.addIssue({ code: 'custom', path: [missing], message: 'GATEHOUSE_TLS_CERT_FILE and GATEHOUSE_TLS_KEY_FILE are set together' });
  }
  if (files > 0 && env.GATEHOUSE_TLS_CERTIFICATE !== undefined) {
    issue.addIssue({ code: 'custom', path: ['GATEHOUSE_TLS_CERTIFICATE'], message: 'set either GATEHOUSE_TLS_CERTIFICATE (inventory) or GATEHOUSE_TLS_CERT_FILE/GATEHOUSE_TLS_KEY_FILE (files), not both' });
  }
  if (env.GATEHOUSE_HTTP_REDIRECT_PORT !== undefined && files === 0 && env.GATEHOUSE_TLS_CERTIFICATE === undefined) {
    issue.addIssue({ code: 'custom', path: ['GATEHOUSE_HTTP_REDIRECT_PORT'], message: 'redirects to HTTPS, so it needs GATEHOUSE_TLS_CERTIFICATE or GATEHOUSE_TLS_CERT_FILE/GATEHOUSE_TLS_KEY_FILE' });
  }
});
export type ConsoleEnv = z.infer<typeof ConsoleEnvSchema> & { dataDir: string; oidc: OidcSettings | undefined };

export function readConsoleEnv(source: NodeJS.ProcessEnv = process.env): ConsoleEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const env = parseOrThrow(ConsoleEnvSchema, cleaned, 'environment');
  // A partial or invalid single sign-on configuration stops the start, like any other invalid variable.
  return { ...env, dataDir: resolve(env.GATEHOUSE_DATA_DIR), oidc: readOidcSettings(env) };
}
