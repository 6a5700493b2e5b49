import { createHash, X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createSecureContext as tlsSecureContext } from 'node:tls';
import type { Logger } from '../runtime-types';
import type { ServiceDeps } from '../services/deps';
import { chainOf } from '../services/certificates/certificate-record';
import type { CertificateRow } from '../services/certificates/certificate-row';
import { newestInLineage } from '../services/certificates/certificate-store';
import { decryptPrivateKey } from '../services/certificates/private-key-store';

export const TLS_CERTIFICATE_VARIABLE = 'GATEHOUSE_TLS_CERTIFICATE';

/**
 * What the console's HTTPS server needs for one handshake: the certificate chain (leaf first, RFC 8446 §4.4.2) and
 * the private key as PEM. The key exists only in this object's memory: decrypted from the inventory (or read from
 * GATEHOUSE_TLS_KEY_FILE), never written anywhere, never logged.
 */
export interface ConsoleTlsMaterial {
  cert: string;
  key: string;
}

/** What the console says about the certificate it serves (Settings page): nothing secret. */
export interface ConsoleTlsStatus {
  source: 'inventory' | 'files';
  /** The variable's value: the inventory name or id, or the certificate file's path. */
  configured: string;
  certificateId: string | null;
  name: string | null;
  subject: string;
  sans: string[];
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
  /** When this certificate started serving (start, or the reload that picked it up). */
  servingSince: string;
  /** The last reload's failure, if the last check failed (the previous certificate keeps serving). */
  lastError: string | null;
}

export interface ConsoleTlsSource {
  current(): ConsoleTlsMaterial;
  status(): ConsoleTlsStatus;
  /** Called with new material when a renewal or rotation was found; the server swaps its secure context. */
  onChange(listener: (material: ConsoleTlsMaterial) => void): () => void;
  /** Checks now for a renewal or rotation; true if the served certificate changed. */
  refresh(): Promise<boolean>;
  /**
   * Why deleting this certificate would break the console, or undefined: the certificate being served, and the one
   * GATEHOUSE_TLS_CERTIFICATE names by id (the next start looks for it, then follows its renewals).
   */
  deletionObstacle(certificateId: string): string | undefined;
  stop(): void;
}

/** A start-up error that says which variable to change. */
export class ConsoleTlsConfigError extends Error {
  constructor(variable: string, message: string) {
    super(`${variable}: ${message}`);
    this.name = 'ConsoleTlsConfigError';
  }
}

interface Loaded {
  material: ConsoleTlsMaterial;
  certificateId: string | null;
  name: string | null;
  /** For the next start: the row GATEHOUSE_TLS_CERTIFICATE names by id (null when it names by name). */
  namedId: string | null;
}

/**
 * Whether a certificate may authenticate a TLS server: an extendedKeyUsage extension, when present, must allow
 * serverAuth (or anyExtendedKeyUsage), RFC 5280 §4.2.1.12; clients refuse the handshake otherwise.
 */
function allowsServerAuth(row: Pick<CertificateRow, 'extKeyUsage'>): boolean {
  if (row.extKeyUsage === null) return true;
  const usages = JSON.parse(row.extKeyUsage) as string[];
  return usages.includes('serverAuth') || usages.includes('anyExtendedKeyUsage') || usages.includes('1.3.6.1.5.5.7.3.1');
}

/** Why a row cannot serve, or undefined. */
function unusable(row: CertificateRow): string | undefined {
  if (row.privateKey === null) return 'Gatehouse does not hold its private key (imported without one, or signed from a CSR)';
  if (row.revokedAt !== null) return `it was revoked at ${row.revokedAt.toISOString()}`;
  if (row.isCA) return 'it is a CA certificate; issue a server certificate from it';
  if (!allowsServerAuth(row)) return 'its extended key usage does not allow serverAuth (RFC 5280 §4.2.1.12); issue a server certificate';
  return undefined;
}

/**
 * The certificate GATEHOUSE_TLS_CERTIFICATE names, as it is now: an id is followed through its renewals to the newest
 * (a renewal makes a new row that supersedes the old one); a name means the current (not superseded) certificate of
 * that name. Refused with a message naming the variable: nothing found, several found, or not able to serve.
 */
export async function resolveInventoryCertificate(deps: Pick<ServiceDeps, 'db'>, ref: string): Promise<{ row: CertificateRow; namedId: string | null }> {
  const db = deps.db.prisma;
  const byId = await db.certificate.findUnique({ where: { id: ref } });
  let row: CertificateRow;
  let namedId: string | null = null;
  if (byId) {
    row = await newestInLineage(db, byId);
    namedId = byId.id;
  } else {
    const named = await db.certificate.findMany({ where: { name: ref, supersededById: null }, orderBy: { createdAt: 'desc' } });
    if (named.length === 0) {
      throw new ConsoleTlsConfigError(TLS_CERTIFICATE_VARIABLE, `no certificate named or with id "${ref}" in the inventory; issue or import a server certificate with its key, or correct the name`);
    }
    const usable = named.filter((r) => unusable(r) === undefined);
    if (usable.length > 1) {
      throw new ConsoleTlsConfigError(TLS_CERTIFICATE_VARIABLE, `${usable.length} certificates are named "${ref}" (${usable.map((r) => r.id).join(', ')}); set one of their ids instead`);
    }
    row = usable[0] ?? named[0]!;
  }
  const why = unusable(row);
  if (why !== undefined) throw new ConsoleTlsConfigError(TLS_CERTIFICATE_VARIABLE, `certificate ${row.name} (${row.id}) cannot serve the console: ${why}`);
  return { row, namedId };
}

function fingerprintOf(material: ConsoleTlsMaterial): string {
  return createHash('sha256').update(material.cert).update('\0').update(createHash('sha256').update(material.key).digest()).digest('hex');
}

/** Fails unless the key belongs to the certificate and OpenSSL accepts both (the message never quotes the key). */
function checkMaterial(material: ConsoleTlsMaterial, variable: string): void {
  try {
    tlsSecureContext({ cert: material.cert, key: material.key });
  } catch (e) {
    throw new ConsoleTlsConfigError(variable, `the certificate and key cannot serve TLS: ${(e as Error).message}`);
  }
}

async function loadFromInventory(deps: Pick<ServiceDeps, 'db' | 'key'>, ref: string): Promise<Loaded> {
  const { row, namedId } = await resolveInventoryCertificate(deps, ref);
  let key: string;
  try {
    key = decryptPrivateKey(deps.key, row.id, row.privateKey!);
  } catch (e) {
    throw new ConsoleTlsConfigError(TLS_CERTIFICATE_VARIABLE, `the private key of ${row.name} (${row.id}) cannot be decrypted with this master key: ${(e as Error).message}`);
  }
  const material = { cert: [row.certificatePem.endsWith('\n') ? row.certificatePem : `${row.certificatePem}\n`, ...chainOf(row)].join(''), key };
  checkMaterial(material, TLS_CERTIFICATE_VARIABLE);
  return { material, certificateId: row.id, name: row.name, namedId };
}

async function loadFromFiles(certFile: string, keyFile: string): Promise<Loaded> {
  const read = async (variable: string, path: string) => {
    try {
      return await readFile(path, 'utf8');
    } catch (e) {
      throw new ConsoleTlsConfigError(variable, `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    }
  };
  const material = { cert: await read('GATEHOUSE_TLS_CERT_FILE', certFile), key: await read('GATEHOUSE_TLS_KEY_FILE', keyFile) };
  if (!material.cert.includes('-----BEGIN CERTIFICATE-----')) throw new ConsoleTlsConfigError('GATEHOUSE_TLS_CERT_FILE', `${certFile} holds no PEM certificate`);
  checkMaterial(material, 'GATEHOUSE_TLS_CERT_FILE');
  return { material, certificateId: null, name: null, namedId: null };
}

function describe(loaded: Loaded, base: Pick<ConsoleTlsStatus, 'source' | 'configured'>, since: Date, lastError: string | null): ConsoleTlsStatus {
  const leaf = new X509Certificate(loaded.material.cert);
  return {
    ...base,
    certificateId: loaded.certificateId,
    name: loaded.name,
    subject: leaf.subject.split('\n').join(', '),
    sans: (leaf.subjectAltName ?? '').split(', ').filter(Boolean),
    notBefore: new Date(leaf.validFrom).toISOString(),
    notAfter: new Date(leaf.validTo).toISOString(),
    fingerprintSha256: leaf.fingerprint256,
    servingSince: since.toISOString(),
    lastError,
  };
}

export interface ConsoleTlsOptions {
  certificate?: string | undefined;
  certFile?: string | undefined;
  keyFile?: string | undefined;
  /** How often to look for a renewal (inventory) or a rotated file pair; the new certificate serves the next handshake. */
  reloadIntervalMs: number;
}

/**
 * Loads what the console serves HTTPS with and keeps it current. A renewal in the inventory makes a new row (and a
 * rotation replaces the files), so this polls: one indexed query (or two file reads) per interval, comparing a
 * fingerprint; the server then swaps its secure context (tls.Server#setSecureContext), which applies to the next
 * handshake while open connections keep theirs. Polling rather than the in-process RevisionBus because certificate
 * writes do not always move the store revision and because another console replica may be the one that renewed.
 * A reload that fails (certificate revoked, key gone) keeps the current certificate and says why in the status.
 * Throws ConsoleTlsConfigError (naming the variable) when nothing can be served at start.
 */
export async function startConsoleTls(deps: Pick<ServiceDeps, 'db' | 'key' | 'now'>, opts: ConsoleTlsOptions, log: Logger): Promise<ConsoleTlsSource> {
  const base: Pick<ConsoleTlsStatus, 'source' | 'configured'> = opts.certificate !== undefined
    ? { source: 'inventory', configured: opts.certificate }
    : { source: 'files', configured: opts.certFile ?? '' };
  const load = () => (opts.certificate !== undefined ? loadFromInventory(deps, opts.certificate) : loadFromFiles(opts.certFile ?? '', opts.keyFile ?? ''));
  let loaded = await load();
  let fingerprint = fingerprintOf(loaded.material);
  let since = deps.now();
  let lastError: string | null = null;
  const listeners = new Set<(m: ConsoleTlsMaterial) => void>();
  const warnIfOutOfDate = () => {
    const s = describe(loaded, base, since, null);
    if (Date.parse(s.notAfter) < deps.now().getTime()) log.warn({ certificate: s.certificateId ?? s.configured, notAfter: s.notAfter }, 'the console\'s TLS certificate has expired: renew it (clients will refuse it)');
  };
  warnIfOutOfDate();
  log.info({ certificate: loaded.certificateId ?? base.configured, name: loaded.name }, 'console serves HTTPS');

  let running: Promise<boolean> | null = null;
  const refresh = (): Promise<boolean> => {
    running ??= (async () => {
      try {
        const next = await load();
        lastError = null;
        const nextFingerprint = fingerprintOf(next.material);
        loaded = { ...next, namedId: next.namedId ?? loaded.namedId };
        if (nextFingerprint === fingerprint) return false;
        fingerprint = nextFingerprint;
        since = deps.now();
        log.info({ certificate: next.certificateId ?? base.configured, name: next.name }, 'console TLS certificate renewed or rotated: served from the next handshake');
        warnIfOutOfDate();
        for (const l of listeners) l(next.material);
        return true;
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        if (message !== lastError) log.warn({ err: message }, 'console TLS reload failed; the current certificate keeps serving');
        lastError = message;
        return false;
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const timer = setInterval(() => void refresh(), opts.reloadIntervalMs);
  timer.unref();

  return {
    current: () => loaded.material,
    status: () => describe(loaded, base, since, lastError),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    refresh,
    deletionObstacle(certificateId) {
      if (certificateId !== loaded.certificateId && certificateId !== loaded.namedId) return undefined;
      const role = certificateId === loaded.certificateId ? 'serves the console\'s HTTPS' : 'is the certificate the console\'s HTTPS is configured with';
      return `${role} (${TLS_CERTIFICATE_VARIABLE}=${base.configured}); deleting it would stop the console's next start. Point ${TLS_CERTIFICATE_VARIABLE} at another certificate (or renew this one and name the renewal) first`;
    },
    stop: () => clearInterval(timer),
  };
}
