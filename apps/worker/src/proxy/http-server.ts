import { createServer as createHttp1Server, type IncomingMessage, type Server as Http1Server } from 'node:http';
import { createServer as createH2cServer, type Http2Server } from 'node:http2';
import { createServer as createNetServer, type Server as NetServer, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import type { ProxyRequestListener } from './request-handler';
import { applyHttp1Limits, applyHttp2Limits, DEFAULT_SERVER_LIMITS, firstBytesDeadline, http2Options, limitRequests, limitUpgrades, type ServerLimits } from './server-limits';

/** The HTTP/2 connection preface (RFC 9113 §3.4): a client with prior knowledge starts with it. */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

export type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface PlainHttpServer {
  /** The listening socket server. */
  server: NetServer;
  /** The HTTP/1.1 server behind it (for closing idle keep-alive connections). */
  http1: Http1Server;
  /** The h2c server behind it (its sessions are told GOAWAY when the port drains). */
  h2c: Http2Server;
}

/** A duplex over `socket` whose readable side starts with `first` (already read from the socket). */
function withFirstChunk(socket: Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read() {
      socket.resume();
    },
    write(chunk: Buffer, _enc, cb) {
      socket.write(chunk, cb);
    },
    final(cb) {
      socket.end(cb);
    },
    destroy(err, cb) {
      socket.destroy(err ?? undefined);
      cb(err);
    },
  });
  duplex.push(first);
  socket.on('data', (d: Buffer) => {
    if (!duplex.push(d)) socket.pause();
  });
  socket.once('end', () => duplex.push(null));
  socket.once('close', () => duplex.destroy());
  return duplex;
}

/**
 * A cleartext listener port: HTTP/1.1 (with Upgrade, e.g. WebSocket) and HTTP/2 with prior knowledge (h2c, RFC 9113
 * §3.3) on the same port. The first bytes of a connection decide: the HTTP/2 preface goes to an h2c server, anything
 * else to node:http. Both call the same request listener. (The deprecated `Upgrade: h2c` dance is not offered.)
 */
export function createPlainHttpServer(onRequest: ProxyRequestListener, onUpgrade: UpgradeListener, logger: Logger, limits: ServerLimits = DEFAULT_SERVER_LIMITS): PlainHttpServer {
  const handler = limitRequests(onRequest, limits);
  const http1 = createHttp1Server({ maxHeaderSize: limits.maxHeaderBytes }, handler);
  applyHttp1Limits(http1, limits);
  http1.on('upgrade', limitUpgrades(onUpgrade, limits));
  http1.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    // node:http's parser refuses what could smuggle a second request (RFC 9112 §6.3, §11.2): conflicting or
    // repeated lengths, bad chunk sizes, obs-fold, bare CR/LF. The connection is closed: nothing after it is read.
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
    // An answer only where none has started on this connection (node:http's own rule: the response in progress,
    // if any, has not sent its head), else a status line would land inside another response.
    const inProgress = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage;
    if (socket.writable && (inProgress == null || inProgress.headersSent !== true)) socket.end(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
    else socket.destroy();
  });
  const h2c = createH2cServer(http2Options(limits), handler);
  applyHttp2Limits(h2c, limits);
  h2c.on('sessionError', (err) => logger.debug({ err: err.message }, 'h2c session error'));
  // noDelay: node:http's own servers turn Nagle off on every connection they accept, but this one accepts them itself
  // and hands them over, so it must say so too: a response written after a small earlier one would otherwise wait
  // for the client's delayed ACK (tens of ms at p99).
  const server = createNetServer({ noDelay: true }, (socket: Socket) => {
    const firstBytes = firstBytesDeadline(socket, limits);
    socket.once('data', (first: Buffer) => {
      firstBytes();
      socket.pause();
      const n = Math.min(first.length, H2_PREFACE.length);
      if (first.length >= 3 && first.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) {
        // nghttp2 reads from the socket's native handle, past anything unshifted: give it a stream that starts
        // with the bytes already read instead (http2 wraps such streams itself).
        h2c.emit('connection', withFirstChunk(socket, first));
        return;
      }
      socket.unshift(first);
      http1.emit('connection', socket);
      socket.resume();
    });
    socket.on('error', () => socket.destroy());
  });
  // node:http tracks connections (idle keep-alive closing, headersTimeout/requestTimeout checks) from its 'listening'
  // event; this server never listens itself, so it is told when the port does, and closed with it.
  server.on('listening', () => http1.emit('listening'));
  server.on('close', () => http1.close());
  return { server, http1, h2c };
}
