import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { selectListenerForHost } from '@gatehouse/compiler/match/match-request';
import type { ListenerTable, PortTable, ServingCertificate, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import { parseSubjectAltNames } from '../../../proxy/certificate-identity';
import { listenersOf } from '../../../proxy/server-certificates';
import type { RuntimeFiles } from './runtime-files';
import { listenerName, sampleArg, word } from './syntax';
import { UnsupportedByHaproxy } from './unsupported';

/**
 * Whether PEM material loads, asked of the same TLS library family the Node engine uses (deterministic, no I/O):
 * the compiler checks only the PEM structure, and a pair HAProxy cannot load would make it refuse the whole
 * configuration, so such a certificate is left out (serving) or answered with a 502 (upstream), as the Node engine does.
 */
export interface PemChecks {
  /** null when certificate and key load together; else why not. */
  keyPair(certPem: string, keyPem: string): string | null;
  /** null when the CA bundle loads; else why not. */
  caBundle(caPem: string): string | null;
}

const pairResults = new Map<string, string | null>();
const caResults = new Map<string, string | null>();

function remember(cache: Map<string, string | null>, key: string, check: () => void): string | null {
  let r = cache.get(key);
  if (r === undefined) {
    try {
      check();
      r = null;
    } catch (err) {
      r = err instanceof Error ? err.message : String(err);
    }
    if (cache.size > 1000) cache.clear();
    cache.set(key, r);
  }
  return r;
}

export const NODE_PEM_CHECKS: PemChecks = {
  keyPair: (certPem, keyPem) => remember(pairResults, `${certPem}\0${keyPem}`, () => createSecureContext({ cert: certPem, key: keyPem })),
  caBundle: (caPem) => remember(caResults, caPem, () => createSecureContext({ ca: caPem })),
};

/** The bundle HAProxy loads for a certificate: the chain, then the key. */
function pemBundle(certPem: string, keyPem: string): string {
  const nl = (s: string): string => (s.endsWith('\n') ? s : `${s}\n`);
  return nl(certPem) + nl(keyPem);
}

/** DNS names a certificate answers for: its DNS SANs, or its subject CN when it has none (as Node's checkHost). */
function certificateNames(x509: X509Certificate | null): string[] {
  if (x509 === null) return [];
  const dns = parseSubjectAltNames(x509.subjectAltName).filter((e) => e.type === 'DNS').map((e) => e.value.toLowerCase());
  if (dns.length > 0) return dns;
  const cn = /(?:^|\n)CN=([^\n]+)/.exec(x509.subject)?.[1];
  return cn === undefined ? [] : [cn.toLowerCase()];
}

function parse(pem: string): X509Certificate | null {
  try {
    return new X509Certificate(pem);
  } catch {
    return null;
  }
}

/** A name (or a wildcard's sample name) for which `cert` would be chosen by SAN, as the Node engine ranks them. */
function covers(x509: X509Certificate | null, name: string): boolean {
  return x509 !== null && x509.checkHost(name) !== undefined;
}

const DEFAULT_FILTER = 'gatehouse-default.invalid';
/** A label no client sends: `<it>.example.com` stands for "any name under the wildcard" when checking coverage. */
const SAMPLE_LABEL = 'gatehouse-sni-sample';

export interface CrtList {
  /** Absolute path of the crt-list file. */
  path: string;
  /**
   * No listener serves unknown server names (no hostname-less listener, or none of its certificates loads): the
   * handshake of such a name fails (`strict-sni`), as the Node engine's SNI callback refuses it.
   */
  strictSni: boolean;
  /** `ca-ignore-err all crt-ignore-err all`: the port's listeners validate client certificates as AllowInsecureFallback. */
  insecureFallback: boolean;
  /** Certificates left out, for the logs (never their content). */
  notes: string[];
}

interface CrtLine {
  file: string;
  options: string;
  filters: string[];
}

/**
 * The crt-list of an HTTPS port: one line per (listener, certificate) with the server names that must get it as SNI
 * filters, so HAProxy's exact-then-wildcard SNI lookup gives what the Node engine's does (listener by exact hostname
 * > longest wildcard > no hostname, then the first of its certificateRefs whose SAN covers the name, else the
 * first). The hostname-less listener's first certificate is the first line: HAProxy's default certificate.
 * Per-line `verify`/`ca-file` carry each listener's client certificate validation (Gateway spec.tls.frontend).
 * Known difference: HAProxy matches a wildcard filter `*.example.com` for one label only (`a.example.com`), so a
 * server name two labels deep under a wildcard listener gets the default certificate (or fails under strict-sni).
 *
 * `serverNames` (TLS listeners in Terminate mode, render/tls-listeners.ts): the SNI filters of each listener are
 * exactly these names (its TLSRoute hostnames) and there is no default certificate, so a name no route serves, or
 * no name, fails the handshake (strict-sni) as the Node engine closes such a connection before answering it. TLS
 * Passthrough listeners (no certificates; only beside HTTPS ones) are left out: their connections never reach TLS
 * termination.
 */
export function renderCrtList(portTable: PortTable, files: RuntimeFiles, checks: PemChecks, serverNames?: (l: ListenerTable) => readonly string[]): CrtList {
  const notes: string[] = [];
  const listeners = listenersOf(portTable);
  const modes = new Set(listeners.map((l) => l.tls?.frontendValidation?.mode ?? 'none'));
  if (modes.has('AllowInsecureFallback') && modes.has('AllowValidOnly')) {
    throw new UnsupportedByHaproxy('client certificate validation', `port ${portTable.port}`, 'AllowValidOnly and AllowInsecureFallback on the same port (HAProxy ignores verify errors per port, not per certificate)');
  }
  const lines: CrtLine[] = [];
  const lineOf = new Map<string, CrtLine>();
  let defaultLine: CrtLine | null = null;
  for (const l of listeners) {
    if (l.tls === null && l.tlsRoutes?.mode === 'Passthrough') continue;
    if (l.tls === null) throw new UnsupportedByHaproxy('an HTTPS listener without TLS settings', listenerName(l), 'nothing to terminate TLS with');
    const valid: Array<{ cert: ServingCertificate; x509: X509Certificate | null }> = [];
    for (const cert of l.tls.certificates) {
      const problem = checks.keyPair(cert.certPem, cert.keyPem);
      if (problem !== null) {
        notes.push(`listener ${listenerName(l)}: certificate from Secret ${cert.secret.namespace}/${cert.secret.name} does not load (${problem}); skipping it`);
        continue;
      }
      valid.push({ cert, x509: parse(cert.certPem) });
    }
    if (valid.length === 0) continue;
    const validation = l.tls.frontendValidation;
    const options = validation === null ? 'verify none' : `verify ${validation.mode === 'AllowValidOnly' ? 'required' : 'optional'} ca-file ${files.add('client-ca', 'pem', validation.caPem)}`;
    const line = (i: number): CrtLine => {
      const entry = valid[i] as (typeof valid)[number];
      const key = `${entry.cert.certPem}\0${entry.cert.keyPem}\0${options}\0${listenerName(l)}`;
      let out = lineOf.get(key);
      if (out === undefined) {
        out = { file: files.add('serving', 'pem', pemBundle(entry.cert.certPem, entry.cert.keyPem), true), options, filters: [] };
        lineOf.set(key, out);
        lines.push(out);
      }
      return out;
    };
    if (l === portTable.anyHost && serverNames === undefined) defaultLine = line(0);
    const candidates = new Set<string>();
    if (serverNames !== undefined) for (const n of serverNames(l)) candidates.add(n.toLowerCase());
    else {
      if (l.hostname !== null) candidates.add(l.hostname.toLowerCase());
      for (const v of valid) for (const n of certificateNames(v.x509)) candidates.add(n);
    }
    for (const name of candidates) {
      const sample = name.startsWith('*.') ? `${SAMPLE_LABEL}${name.slice(1)}` : name;
      // Only names this listener is chosen for (an exact listener elsewhere on the port wins its own name).
      if (selectListenerForHost(portTable, sample) !== l) continue;
      const i = valid.findIndex((v) => covers(v.x509, sample));
      line(i < 0 ? 0 : i).filters.push(name);
    }
  }
  if (defaultLine !== null) {
    lines.splice(lines.indexOf(defaultLine), 1);
    lines.unshift(defaultLine);
    if (defaultLine.filters.length === 0) defaultLine.filters.push(DEFAULT_FILTER);
  }
  const content = lines.filter((l) => l.filters.length > 0).map((l) => `${l.file} [${l.options}] ${l.filters.join(' ')}\n`).join('');
  return {
    path: files.add('crt-list', 'txt', content),
    strictSni: defaultLine === null,
    insecureFallback: modes.has('AllowInsecureFallback'),
    notes,
  };
}

/** How HAProxy speaks TLS to one backend's servers, or why it cannot (answered 502 like the Node engine's upstream_tls_config). */
export type ServerTls = { kind: 'ok'; options: string[] } | { kind: 'problem'; reason: string };

/**
 * `ssl verify required ca-file …` for an UpstreamTLSPolicy (chain only: no `sni`, no `verifyhost`, FSM's semantics)
 * or a BackendTLSPolicy (`sni str(<hostname>)`: HAProxy sends it and checks the certificate against it), plus `crt`
 * when a client certificate is presented (UpstreamTLSPolicy mTLS, or the Gateway's spec.tls.backend).
 */
export function renderServerTls(tls: UpstreamTls, where: string, files: RuntimeFiles, checks: PemChecks, clientCertificateSource: string | null): ServerTls {
  const what = `${tls.policy.kind} ${tls.policy.namespace}/${tls.policy.name}`;
  if (tls.subjectAltNames.length > 0) {
    throw new UnsupportedByHaproxy('BackendTLSPolicy subjectAltNames', `${where}, ${what}`, 'HAProxy 2.6 checks the certificate against the SNI it sends (or one verifyhost name), not a list of subjectAltNames or URI SANs');
  }
  if (tls.sni !== null && !tls.verifyHostname) {
    throw new UnsupportedByHaproxy('SNI without a hostname check', `${where}, ${what}`, 'HAProxy 2.6 always checks the certificate against the SNI it sends when it verifies');
  }
  if (tls.sni === null && tls.verifyHostname) {
    throw new UnsupportedByHaproxy('a hostname check without SNI', `${where}, ${what}`, 'no name to check');
  }
  const problem = (message: string): ServerTls => ({
    kind: 'problem',
    reason: `cannot use the TLS settings of ${what} (CA ${tls.caSource}${clientCertificateSource === null ? '' : `, client certificate ${clientCertificateSource}`}): ${message}`,
  });
  const options = ['ssl', 'verify', 'required'];
  if (tls.caPem === null) options.push('ca-file', '@system-ca');
  else {
    const bad = checks.caBundle(tls.caPem);
    if (bad !== null) return problem(bad);
    options.push('ca-file', files.add('upstream-ca', 'pem', tls.caPem));
  }
  if (tls.sni !== null) options.push('sni', word(`str(${sampleArg(tls.sni)})`));
  if (tls.clientCertPem !== null && tls.clientKeyPem !== null) {
    const bad = checks.keyPair(tls.clientCertPem, tls.clientKeyPem);
    if (bad !== null) return problem(bad);
    options.push('crt', files.add('client', 'pem', pemBundle(tls.clientCertPem, tls.clientKeyPem), true));
  }
  return { kind: 'ok', options };
}
