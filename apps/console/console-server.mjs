// The console's listening sockets, apart from Next.js so that tests run this very code with the REST handler alone:
// plain HTTP, or HTTPS with a certificate the runtime keeps current (src/server/tls/console-tls.ts), and optionally a
// plain-HTTP port that only redirects to HTTPS. server.mjs passes Next.js's request handler in.
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';

/**
 * TLS 1.2 and 1.3 only (RFC 8996 deprecates 1.0 and 1.1; RFC 9325 §3.1.1), pinned here even though it is Node's
 * default, so a `--tls-min-v1.0` flag cannot lower it. HTTP/1.1 only in ALPN: Next.js's handler is written for
 * node:http's request and response; under node:http2's compatibility layer it has failed (vercel/next.js#50270,
 * #56199, and Next.js dropped its with-http2 example), so offering h2 would risk breaking pages for little gain on an
 * admin console.
 */
const TLS_OPTIONS = { minVersion: 'TLSv1.2', ALPNProtocols: ['http/1.1'] };

/** How long an idle keep-alive connection stays open (see startConsoleServer). */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Writes the socket's peer and whether the socket is TLS under the console's own header names, over anything a
 * client sent (src/server/auth/trusted-proxies.ts reads them: client address, HSTS, the session cookie's Secure).
 */
function markPeer(req) {
  req.headers['x-gatehouse-peer'] = req.socket.remoteAddress ?? '';
  req.headers['x-gatehouse-peer-tls'] = 'encrypted' in req.socket && req.socket.encrypted ? '1' : '0';
}

/**
 * Where a plain-HTTP request goes on the HTTPS console: same host name, the console's port, same path and query.
 * 308 keeps the method and body (RFC 9110 §15.4.9), so an API POST sent to the wrong port is not turned into a GET.
 * Only the host name of the Host header is kept; a request without a usable one gets 400 rather than a guess.
 */
export function httpsRedirectLocation(hostHeader, url, httpsPort) {
  let hostname;
  try {
    hostname = new URL(`http://${hostHeader ?? ''}`).hostname;
  } catch {
    return null;
  }
  if (hostname === '' || !hostHeader) return null;
  // An origin-form target (RFC 9112 §3.2.1) is kept; anything else (absolute-form, '*') becomes '/'.
  const path = typeof url === 'string' && url.startsWith('/') ? url : '/';
  return `https://${hostname}${httpsPort === 443 ? '' : `:${httpsPort}`}${path}`;
}

function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    const onError = (e) => reject(e);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

/**
 * Starts the console's server. With `tls` (the runtime's ConsoleTlsSource) it serves HTTPS and swaps its secure
 * context whenever the source reports a renewal or rotation: the next handshake gets the new certificate, open
 * connections keep theirs, nothing restarts. With `redirectPort` a second, plain-HTTP server answers every request
 * with a 308 to HTTPS; it closes when the main server does.
 * @returns {Promise<{ server: import('node:http').Server, redirect: import('node:http').Server | null }>}
 */
export async function startConsoleServer({ handle, port, host, tls = null, redirectPort = null }) {
  const onRequest = (req, res) => {
    markPeer(req);
    void handle(req, res);
  };
  let server;
  if (tls) {
    const { cert, key } = tls.current();
    server = createHttpsServer({ ...TLS_OPTIONS, cert, key }, onRequest);
    tls.onChange(({ cert: nextCert, key: nextKey }) => server.setSecureContext({ ...TLS_OPTIONS, cert: nextCert, key: nextKey }));
  } else {
    server = createHttpServer(onRequest);
  }
  // Idle keep-alive connections stay open longer than a load balancer's or proxy's idle timeout (60 s by default on
  // the common ones), so the balancer closes first: with Node's default of 5 s the console could close a connection at
  // the moment the balancer sends the next request on it, which the client then sees as a reset. headersTimeout
  // stays above it (a slow client's header deadline).
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  await listen(server, port, host);
  let redirect = null;
  if (redirectPort !== null) {
    const httpsPort = server.address().port;
    redirect = createHttpServer((req, res) => {
      const location = httpsRedirectLocation(req.headers.host, req.url, httpsPort);
      if (location === null) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('a Host header is required\n');
        return;
      }
      // No HSTS here: a browser ignores it over plain HTTP (RFC 6797 §8.1); the HTTPS answer carries it.
      res.writeHead(308, { location, 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(`moved to ${location}\n`);
    });
    try {
      await listen(redirect, redirectPort, host);
    } catch (e) {
      server.close();
      throw e;
    }
    server.once('close', () => redirect.close());
  }
  return { server, redirect };
}
