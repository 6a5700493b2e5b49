import type { Server as Http1Server, ServerResponse } from 'node:http';
import type { Http2SecureServer, Http2Server, Http2Session } from 'node:http2';
import type { Server as NetServer, Socket } from 'node:net';

/** What a port needs to be drained: its listening server, the servers speaking HTTP on it, its raw sockets. */
export interface DrainablePort {
  server: NetServer | Http2SecureServer;
  /** node:http servers (or an allowHTTP1 secure server) whose idle keep-alive connections can be closed. */
  http1: Array<Pick<Http1Server, 'closeIdleConnections'>>;
  /** HTTP/2 sessions open on the port. */
  sessions: Set<Http2Session>;
  sockets: Set<Socket>;
  /** HTTP/1.1 responses in progress (trackResponses). */
  responses: Set<ServerResponse>;
}

/** Records the HTTP/2 sessions of `server` into `sessions` while they are open. */
export function trackSessions(server: Http2Server | Http2SecureServer, sessions: Set<Http2Session>): void {
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
}

/**
 * Records the HTTP/1.1 responses in progress on `server` into `responses`, so that a drain can make them the last
 * of their connection. (An allowHTTP1 secure server emits HTTP/2 requests too: those end by GOAWAY instead.)
 */
export function trackResponses(server: Http1Server | Http2SecureServer, responses: Set<ServerResponse>): void {
  server.on('request', (req: { httpVersionMajor: number }, res: Tracked) => {
    if (req.httpVersionMajor === 2) return;
    responses.add(res);
    // One shared listener (the set hangs on the response) rather than a closure and a once-wrapper per request.
    res[TRACKED_IN] = responses;
    res.on('close', untrack);
  });
}

const TRACKED_IN = Symbol('gatehouse.trackedIn');
type Tracked = ServerResponse & { [TRACKED_IN]?: Set<ServerResponse> };

function untrack(this: Tracked): void {
  this[TRACKED_IN]?.delete(this);
  this[TRACKED_IN] = undefined;
}

const SWEEP_MS = 25;

/**
 * Graceful close of one port: stop accepting at once; HTTP/2 sessions get GOAWAY (RFC 9113 §6.8: open streams
 * finish, no new ones); HTTP/1.1 connections are closed as soon as they are idle — at once for idle keep-alives, for
 * the others right after their in-flight response (RFC 9112 §9.6 lets a server close between requests). Whatever is
 * still open after `deadlineMs` is destroyed. Resolves when every connection is gone.
 */
export function drainPort(port: DrainablePort, deadlineMs: number): Promise<void> {
  return new Promise((resolve) => {
    port.server.close();
    for (const s of port.sessions) s.close();
    // A response still to start says `Connection: close` (RFC 9112 §9.6): its client will not send another request
    // on a connection that is about to be closed.
    for (const r of port.responses) if (!r.headersSent) r.shouldKeepAlive = false;
    const sweep = (): void => {
      for (const h of port.http1) h.closeIdleConnections();
      if (port.sockets.size === 0) finish();
    };
    // Unreferenced: open sockets keep the process alive while there is something to drain.
    const sweeper = setInterval(sweep, SWEEP_MS).unref();
    const deadline = setTimeout(() => {
      for (const s of port.sockets) s.destroy();
      finish();
    }, deadlineMs).unref();
    let done = false;
    function finish(): void {
      if (done) return;
      done = true;
      clearInterval(sweeper);
      clearTimeout(deadline);
      resolve();
    }
    sweep();
  });
}
