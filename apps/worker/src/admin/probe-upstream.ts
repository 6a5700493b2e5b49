import { connect as netConnect, isIP } from 'node:net';
import { connect as tlsConnect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls';
import type { UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { WorkerProbeRequest, WorkerProbeResult } from '@gatehouse/domain/probe/worker-probe.schema';
import { identityCheckFor } from '../proxy/certificate-identity';

type ProbeError = { code: string; message: string };
type PlainHttp = NonNullable<WorkerProbeResult['plainHttp']>;

const MAX_CHAIN = 10;
const MAX_PLAIN_BYTES = 4096;

function errorOf(e: unknown): ProbeError {
  const err = e as (Error & { code?: unknown }) | undefined;
  return { code: typeof err?.code === 'string' ? err.code : (err?.name ?? 'Error'), message: err?.message ?? String(e) };
}

/** OpenSSL verify results in words (X509_verify_cert_error_string), for the codes an operator meets most. */
const VERIFY_WORDS: Record<string, string> = {
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is not signed by a trusted CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the issuer of a certificate in the chain is not among the trusted CAs',
  UNABLE_TO_GET_ISSUER_CERT: 'the issuer certificate could not be found',
  SELF_SIGNED_CERT_IN_CHAIN: 'the chain ends in a self-signed certificate that is not trusted',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed and not trusted',
  CERT_HAS_EXPIRED: 'a certificate in the chain has expired',
  CERT_NOT_YET_VALID: 'a certificate in the chain is not yet valid',
  CERT_SIGNATURE_FAILURE: 'a certificate signature does not verify',
  INVALID_CA: 'an issuer in the chain is not a CA certificate',
  CERT_UNTRUSTED: 'the certificate is not trusted for this purpose',
  CERT_REJECTED: 'the certificate is rejected for this purpose',
};

/** Node reports the verify result as an OpenSSL code string (or, in some versions, an Error carrying it). */
function verifyErrorOf(e: unknown): ProbeError {
  if (typeof e === 'string') return { code: e, message: VERIFY_WORDS[e] ?? e };
  const err = errorOf(e);
  return { code: err.code, message: VERIFY_WORDS[err.code] ?? err.message };
}

const elapsed = (since: number) => Math.round((performance.now() - since) * 100) / 100;

/**
 * The chain as Node reports it, leaf first: the certificates the peer sent, completed from the trusted CAs where
 * Node could (it walks `issuerCertificate`; a self-signed certificate points at itself, which ends the walk).
 */
function chainOf(leaf: DetailedPeerCertificate): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let cur: DetailedPeerCertificate | undefined = leaf;
  while (cur?.raw !== undefined && out.length < MAX_CHAIN) {
    const der = cur.raw.toString('base64');
    if (seen.has(der)) break;
    seen.add(der);
    out.push(der);
    cur = cur.issuerCertificate;
  }
  return out;
}

/** The name check the proxy runs for a BackendTLSPolicy (identityCheckFor), run here on request for any policy. */
function checkName(req: WorkerProbeRequest, cert: DetailedPeerCertificate): WorkerProbeResult['hostname'] {
  if (req.hostname === null && req.subjectAltNames.length === 0) return null;
  const settings: UpstreamTls = {
    policy: { group: '', kind: 'Probe', namespace: '', name: '' },
    caPem: req.caPem,
    caSource: 'probe',
    sni: req.hostname,
    verifyHostname: true,
    subjectAltNames: req.subjectAltNames,
    clientCertPem: null,
    clientKeyPem: null,
  };
  const err = identityCheckFor(settings)(req.hostname ?? '', cert);
  const name = req.subjectAltNames.length > 0 ? req.subjectAltNames.map((s) => s.value).join(', ') : (req.hostname ?? '');
  return { name, ok: err === undefined, error: err === undefined ? null : err.message };
}

interface HandshakeOutcome {
  tcp: WorkerProbeResult['tcp'];
  tls: WorkerProbeResult['tls'];
  chain: string[];
  verified: boolean | null;
  verifyError: ProbeError | null;
  hostname: WorkerProbeResult['hostname'];
}

/**
 * One TLS handshake with verification deferred (rejectUnauthorized: false), so the chain is read even when it is
 * not trusted; `socket.authorized` then says what the proxy (rejectUnauthorized: true) would have decided.
 */
function handshake(req: WorkerProbeRequest): Promise<HandshakeOutcome> {
  return new Promise((resolve) => {
    const started = performance.now();
    let tcpMs: number | null = null;
    let done = false;
    const servername = req.servername !== null && isIP(req.servername) === 0 ? req.servername : undefined;
    const socket: TLSSocket = tlsConnect({
      host: req.address,
      port: req.port,
      ...(servername !== undefined ? { servername } : {}),
      ...(req.caPem !== null ? { ca: req.caPem } : {}),
      rejectUnauthorized: false,
      // `authorized` then reflects the chain alone; the name check is reported separately (checkName).
      checkServerIdentity: () => undefined,
      ALPNProtocols: ['http/1.1'],
    });
    const finish = (out: HandshakeOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const fail = (where: 'tcp' | 'tls', error: ProbeError) => {
      const noTls = { ok: false, ms: null, protocol: null, cipher: null, alpn: null, error: where === 'tls' ? error : null };
      finish({
        tcp: where === 'tcp' ? { ok: false, ms: null, error } : { ok: true, ms: tcpMs, error: null },
        tls: noTls,
        chain: [],
        verified: null,
        verifyError: null,
        hostname: null,
      });
    };
    const timer = setTimeout(() => {
      const message = `no ${tcpMs === null ? 'TCP connection' : 'TLS handshake'} within ${req.timeoutMs} ms`;
      fail(tcpMs === null ? 'tcp' : 'tls', { code: 'ETIMEDOUT', message });
    }, req.timeoutMs);
    socket.once('connect', () => {
      tcpMs = elapsed(started);
    });
    socket.once('secureConnect', () => {
      const cert = socket.getPeerCertificate(true);
      const hasCert = cert !== undefined && cert.raw !== undefined;
      const cipher = socket.getCipher();
      const authError = socket.authorizationError as unknown;
      finish({
        tcp: { ok: true, ms: tcpMs, error: null },
        tls: {
          ok: true,
          ms: tcpMs === null ? elapsed(started) : Math.round((elapsed(started) - tcpMs) * 100) / 100,
          protocol: socket.getProtocol() ?? null,
          cipher: cipher?.standardName ?? cipher?.name ?? null,
          alpn: typeof socket.alpnProtocol === 'string' ? socket.alpnProtocol : null,
          error: null,
        },
        chain: hasCert ? chainOf(cert) : [],
        verified: hasCert ? socket.authorized : null,
        verifyError: socket.authorized || authError === null || authError === undefined ? null : verifyErrorOf(authError),
        hostname: hasCert ? checkName(req, cert) : null,
      });
    });
    socket.once('error', (e) => fail(tcpMs === null ? 'tcp' : 'tls', errorOf(e)));
    socket.once('close', () => fail(tcpMs === null ? 'tcp' : 'tls', { code: 'ECONNRESET', message: 'the upstream closed the connection during the handshake' }));
  });
}

/**
 * What the gateway does to this port without a TLS policy: one plain-HTTP request. A TLS server answers it with
 * a TLS alert or by closing the connection, which a client of the gateway sees as `curl: (52) Empty reply from
 * server` (examples/upstream-tls) and this worker's proxy answers with a 502.
 */
function plainHttpAttempt(req: WorkerProbeRequest): Promise<PlainHttp> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const socket = netConnect({ host: req.address, port: req.port });
    const finish = (out: PlainHttp) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(out);
    };
    const judge = (): PlainHttp => {
      const data = Buffer.concat(chunks);
      if (data.length === 0) return { outcome: 'empty_reply', statusLine: null, detail: 'the upstream closed the connection without answering (an empty reply)' };
      const text = data.toString('latin1');
      if (text.startsWith('HTTP/')) {
        const statusLine = text.split('\r\n', 1)[0] ?? '';
        return { outcome: 'response', statusLine, detail: `the upstream answered plain HTTP: ${statusLine}` };
      }
      // 0x15 = TLS record type "alert" (RFC 8446 §5.1): a TLS server refusing a non-TLS client.
      const what = data[0] === 0x15 ? 'a TLS alert' : `${data.length} byte(s) that are not HTTP`;
      return { outcome: 'not_http', statusLine: null, detail: `the upstream answered with ${what}: it expects TLS` };
    };
    const timer = setTimeout(() => {
      finish(chunks.length > 0 ? judge() : { outcome: 'timeout', statusLine: null, detail: `no answer within ${req.timeoutMs} ms` });
    }, req.timeoutMs);
    socket.once('connect', () => {
      const host = req.hostHeader ?? (isIP(req.address) === 6 ? `[${req.address}]:${req.port}` : `${req.address}:${req.port}`);
      socket.write(`GET / HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: gatehouse-probe\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      size += d.length;
      if (size >= MAX_PLAIN_BYTES || d.includes('\r\n')) finish(judge());
    });
    socket.once('end', () => finish(judge()));
    socket.once('close', () => finish(judge()));
    socket.once('error', (e) => {
      const err = errorOf(e);
      finish(chunks.length > 0 ? judge() : err.code === 'ECONNRESET' ? { outcome: 'empty_reply', statusLine: null, detail: 'the upstream reset the connection without answering (an empty reply)' } : { outcome: 'error', statusLine: null, detail: `${err.code}: ${err.message}` });
    });
  });
}

/**
 * Connects to one upstream endpoint as the proxy would (same identity check, SNI rule and ALPN) and reports the
 * chain it presents, whether `caPem` verifies it, the name check and timings. Never throws: every failure is
 * part of the answer.
 */
export async function probeUpstream(req: WorkerProbeRequest): Promise<WorkerProbeResult> {
  const [hs, plain] = await Promise.all([handshake(req), req.plainHttp ? plainHttpAttempt(req) : Promise.resolve(null)]);
  return {
    address: req.address,
    port: req.port,
    servername: req.servername !== null && isIP(req.servername) === 0 ? req.servername : null,
    ...hs,
    plainHttp: plain,
  };
}
