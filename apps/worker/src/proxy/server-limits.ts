import type { Server as Http1Server, IncomingMessage } from 'node:http';
import type { Http2SecureServer, Http2Server, Http2ServerRequest, Http2ServerResponse, Http2Session, SecureServerOptions, ServerHttp2Session, ServerHttp2Stream, ServerOptions } from 'node:http2';
import type { Socket } from 'node:net';
import { type Duplex, type Readable, Transform } from 'node:stream';
import type { ProxyRequest, ProxyRequestListener, ProxyResponse } from './request-handler';
import { writeHeadTo } from './send-error';

/**
 * What one client may cost the worker, on every listener kind (HTTP/1.1, h2c, HTTPS with HTTP/2 or HTTP/1.1):
 * - `maxHeaderBytes`: the request head (HTTP/1.1: request line + headers, node:http's `maxHeaderSize` → 431;
 *   HTTP/2: SETTINGS_MAX_HEADER_LIST_SIZE, RFC 9113 §6.5.2).
 * - `maxHeaderCount`: header fields per request → 431 (RFC 6585 §5).
 * - `headerTimeoutMs`: from the connection (or the end of the previous request) to the end of the request head,
 *   and for TLS the handshake: a slowloris client is cut off (node:http `headersTimeout` → 408).
 * - `requestTimeoutMs`: the whole request including its body (node:http `requestTimeout` → 408; HTTP/2: the
 *   stream is answered 408 or reset).
 * - `idleTimeoutMs`: an idle keep-alive connection or HTTP/2 session is closed (RFC 9112 §9.8, RFC 9113 §6.8).
 * - `h2MaxConcurrentStreams`: SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §5.1.2) per HTTP/2 connection.
 * - `maxBodyBytes`: a request body larger than this is refused with 413 (RFC 9110 §15.5.14); absent or null: no
 *   limit (the default — a gateway cannot know what its routes' uploads weigh). See `limitBody`.
 */
export interface ServerLimits {
  maxHeaderBytes: number;
  maxHeaderCount: number;
  headerTimeoutMs: number;
  requestTimeoutMs: number;
  idleTimeoutMs: number;
  h2MaxConcurrentStreams: number;
  maxBodyBytes?: number | null;
}

export const DEFAULT_SERVER_LIMITS: Readonly<ServerLimits> = {
  maxHeaderBytes: 16_384,
  maxHeaderCount: 100,
  headerTimeoutMs: 10_000,
  requestTimeoutMs: 120_000,
  idleTimeoutMs: 30_000,
  h2MaxConcurrentStreams: 100,
  maxBodyBytes: null,
};

/** node:http checks headersTimeout/requestTimeout on an interval: often enough that a timeout fires near its time. */
function checkingInterval(limits: ServerLimits): number {
  return Math.max(50, Math.min(1_000, Math.floor(Math.min(limits.headerTimeoutMs, limits.requestTimeoutMs) / 4)));
}

type Http1Settable = Pick<Http1Server, 'headersTimeout' | 'requestTimeout' | 'keepAliveTimeout' | 'maxHeadersCount'> & { connectionsCheckingInterval?: number; maxHeaderSize?: number };

/**
 * node:http's limits, on a node:http server or on an HTTP/2 secure server with `allowHTTP1` (whose HTTP/1.1
 * connections node:http's connection listener serves, reading the same properties). Set before 'listening',
 * when node:http starts its connection checks.
 */
export function applyHttp1Limits(server: Http1Server | Http2SecureServer, limits: ServerLimits): void {
  const s = server as unknown as Http1Settable;
  s.headersTimeout = limits.headerTimeoutMs;
  s.requestTimeout = Math.max(limits.requestTimeoutMs, limits.headerTimeoutMs);
  s.keepAliveTimeout = limits.idleTimeoutMs;
  s.maxHeaderSize = limits.maxHeaderBytes;
  // One more than allowed, so that limitRequests can tell a request over the limit (node:http drops the rest).
  s.maxHeadersCount = limits.maxHeaderCount + 1;
  s.connectionsCheckingInterval = checkingInterval(limits);
}

/** HTTP/2 options shared by h2c and HTTPS servers. */
export function http2Options(limits: ServerLimits): ServerOptions & SecureServerOptions {
  return {
    // Pseudo-header fields (RFC 9113 §8.3) count as pairs for nghttp2: four of them, plus one to detect the excess.
    maxHeaderListPairs: limits.maxHeaderCount + 5,
    settings: { maxConcurrentStreams: limits.h2MaxConcurrentStreams, maxHeaderListSize: limits.maxHeaderBytes },
  };
}

/**
 * The idle timeout of HTTP/2 sessions. Node's session timeout counts any quiet period, and without a 'timeout'
 * listener destroys the session; a session waiting for a slow upstream answer is quiet but not idle. So a session
 * is closed (GOAWAY, RFC 9113 §6.8: open streams may finish) only when no stream is open, else looked at again
 * later. HTTP/1.1 sockets of an allowHTTP1 server reach the same listener: their idle and slow-client cases are
 * node:http's keepAliveTimeout, headersTimeout and requestTimeout, so they are left alone here.
 */
export function applyHttp2Limits(server: Http2Server | Http2SecureServer, limits: ServerLimits): void {
  const open = new WeakMap<Http2Session, number>();
  server.on('stream', (stream: ServerHttp2Stream) => {
    const session = stream.session;
    if (session === undefined) return;
    open.set(session, (open.get(session) ?? 0) + 1);
    stream.once('close', () => open.set(session, (open.get(session) ?? 1) - 1));
  });
  server.setTimeout(limits.idleTimeoutMs);
  server.on('timeout', (target: ServerHttp2Session | Socket) => {
    if (!('goaway' in target)) return;
    if ((open.get(target) ?? 0) > 0) target.setTimeout(limits.idleTimeoutMs);
    else {
      target.close();
      // A peer that ignores GOAWAY and keeps the connection open is cut off.
      setTimeout(() => target.destroy(), 1_000).unref();
    }
  });
}

function headerCount(req: ProxyRequest): number {
  const raw = req.rawHeaders;
  let n = 0;
  for (let i = 0; i < raw.length; i += 2) if ((raw[i] as string).charCodeAt(0) !== 58 /* : pseudo-header */) n++;
  return n;
}

function tooManyHeaders(res: ProxyResponse, limit: number, http2: boolean): void {
  const body = `the request has more than ${limit} header fields\n`;
  // HTTP/2 has no Connection header (RFC 9113 §8.2.2); HTTP/1.1 closes rather than skip a body it did not read.
  const close = http2 ? {} : { connection: 'close' };
  writeHeadTo(res, 431, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-gatehouse-error': 'too_many_headers', ...close });
  res.end(body);
}

/**
 * Wraps a request listener with the per-request limits node:http cannot express: the header count (431) on every
 * protocol, and for HTTP/2 the request deadline (node:http's requestTimeout covers HTTP/1.1 only): a stream whose
 * body has not arrived in `requestTimeoutMs` is answered 408, or reset once the answer has started.
 */
export function limitRequests(handler: ProxyRequestListener, limits: ServerLimits): ProxyRequestListener {
  return (req, res) => {
    if (headerCount(req) > limits.maxHeaderCount) {
      tooManyHeaders(res, limits.maxHeaderCount, req.httpVersionMajor === 2);
      return;
    }
    if (req.httpVersionMajor === 2 && !req.complete && limits.requestTimeoutMs > 0) {
      const timer = setTimeout(() => {
        if (req.complete) return;
        const stream = (req as Http2ServerRequest).stream;
        if (res.headersSent) stream.close(0x8 /* CANCEL, RFC 9113 §7 */);
        else {
          const body = 'the request was not received in time\n';
          writeHeadTo(res, 408, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body), 'x-gatehouse-error': 'request_timeout' });
          // A complete response, then RST_STREAM NO_ERROR: "stop sending" without error (RFC 9113 §8.1). Node
          // sends the reset once the response is written.
          res.end(body, () => stream.close(0x0));
        }
      }, limits.requestTimeoutMs);
      timer.unref();
      req.once('end', () => clearTimeout(timer));
      req.once('close', () => clearTimeout(timer));
    }
    handler(req, res);
  };
}

/** The header-count limit for HTTP/1.1 upgrade requests, answered on the raw socket. */
export function limitUpgrades(handler: (req: IncomingMessage, socket: Duplex, head: Buffer) => void, limits: ServerLimits): (req: IncomingMessage, socket: Duplex, head: Buffer) => void {
  return (req, socket, head) => {
    if (headerCount(req) > limits.maxHeaderCount) {
      socket.end('HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      return;
    }
    handler(req, socket, head);
  };
}

/**
 * A connection that sends nothing is not yet any server's (the plain port reads its first bytes to choose HTTP/1.1 or
 * h2c): it is closed after `headerTimeoutMs` of silence.
 */
export function firstBytesDeadline(socket: Socket, limits: ServerLimits): () => void {
  const timer = setTimeout(() => socket.destroy(), limits.headerTimeoutMs);
  timer.unref();
  return () => clearTimeout(timer);
}

/**
 * The request-body limit, applied before and while forwarding:
 * - a declared Content-Length over the limit: `'too-large'`, and the caller answers 413 without forwarding anything;
 * - a declared Content-Length within it: the request itself (llhttp reads exactly that many bytes, and nghttp2 resets
 *   an HTTP/2 stream whose DATA exceed its content-length, RFC 9113 §8.1.1), so nothing is added on that path;
 * - no length (HTTP/1.1 chunked, HTTP/2 without content-length): the body is counted as it streams, and `onExceed`
 *   runs once when it passes the limit. The stream then fails, so that the upstream request is aborted rather than
 *   ended — the upstream must never get a truncated body it could take for a whole one — and the rest of the
 *   client's body is read and dropped while the 413 goes out (the connection is closed after it).
 */
export function limitBody(req: ProxyRequest, limit: number, onExceed: () => void): Readable | 'too-large' {
  const declared = req.headers['content-length'];
  if (declared !== undefined) return Number(declared) > limit ? 'too-large' : req;
  let seen = 0;
  const counted = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= limit) return done(null, chunk);
      req.unpipe(counted);
      req.resume();
      done(new Error(`request body larger than ${limit} bytes`));
      onExceed();
    },
  });
  // The failure is handled through onExceed; undici may not have attached its own listener yet.
  counted.on('error', () => undefined);
  req.on('error', (err) => counted.destroy(err));
  return req.pipe(counted);
}

/**
 * After a refused body the client may still be sending: HTTP/1.1 closes the connection after the answer (Node would
 * otherwise read the rest to keep it alive), HTTP/2 follows the complete answer with RST_STREAM NO_ERROR, "stop
 * sending" (RFC 9113 §8.1).
 */
export function closeAfterAnswer(res: ProxyResponse, http2: boolean): void {
  if (res.headersSent) return;
  if (http2) {
    const stream = (res as Http2ServerResponse).stream;
    res.once('finish', () => stream.close(0x0));
  } else res.setHeader('connection', 'close');
}
