import type { Server as Http1Server, IncomingMessage, ServerResponse } from 'node:http';
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
  /** HTTP/1.1 connections that carried requests, with their response in progress (trackResponses). */
  httpConnections: Set<Socket>;
}

/** Records the HTTP/2 sessions of `server` into `sessions` while they are open. */
export function trackSessions(server: Http2Server | Http2SecureServer, sessions: Set<Http2Session>): void {
  server.on('session', (session: Http2Session) => {
    sessions.add(session);
    session.once('close', () => sessions.delete(session));
  });
}

const CURRENT_RESPONSE = Symbol('gatehouse.currentResponse');
const TRACKED_IN = Symbol('gatehouse.trackedIn');
const CONNECTION = Symbol('gatehouse.connection');
type TrackedSocket = Socket & { [CURRENT_RESPONSE]?: ServerResponse; [TRACKED_IN]?: Set<Socket> };
type TrackedResponse = ServerResponse & { [CONNECTION]?: TrackedSocket };

/**
 * Records the HTTP/1.1 connections of `server` that carry requests into `connections`, each with its response in
 * progress (the latest one, for pipelined requests: the connection closes after it), so that a drain can make that
 * response the last of its connection. (An allowHTTP1 secure server emits HTTP/2 requests too: those end by GOAWAY.)
 *
 * Why per connection and not a Set of responses: with a Set that every request entered and left, each young-generation
 * GC of the worker kept ~13 % of what it had allocated (6 MB every 0.3 s at 13k req/s, promoted, freed only by
 * mark-compacts): 8–10 ms pauses, most of the worker's p99 (measured by removing just the `add`; the retention path
 * inside V8 was not identified; HISTORY.md, session 18). The connection set changes only per connection, and the
 * per-request work is one property of the connection overwritten.
 */
export function trackResponses(server: Http1Server | Http2SecureServer, connections: Set<Socket>): void {
  server.on('request', (req: IncomingMessage, res: TrackedResponse) => {
    if (req.httpVersionMajor === 2) return;
    const socket = req.socket as TrackedSocket;
    if (socket[TRACKED_IN] !== connections) {
      socket[TRACKED_IN] = connections;
      connections.add(socket);
      socket.once('close', forgetConnection);
    }
    socket[CURRENT_RESPONSE] = res;
    // Kept on the response: by its 'close' the request may have let go of its socket (req.socket is null then).
    res[CONNECTION] = socket;
    // One shared listener rather than a closure per request.
    res.on('close', responseClosed);
  });
}

function forgetConnection(this: TrackedSocket): void {
  this[TRACKED_IN]?.delete(this);
  this[TRACKED_IN] = undefined;
  this[CURRENT_RESPONSE] = undefined;
}

/** An idle keep-alive connection does not hold on to its last response (and all that hangs on it). */
function responseClosed(this: TrackedResponse): void {
  const socket = this[CONNECTION];
  if (socket !== undefined && socket[CURRENT_RESPONSE] === this) socket[CURRENT_RESPONSE] = undefined;
  this[CONNECTION] = undefined;
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
    for (const s of port.httpConnections) {
      const r = (s as TrackedSocket)[CURRENT_RESPONSE];
      if (r !== undefined && !r.headersSent) r.shouldKeepAlive = false;
    }
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
