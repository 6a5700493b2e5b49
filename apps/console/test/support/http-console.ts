import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createTrpcHandler } from '../../src/server/trpc/http-handler';
import type { Harness } from './console-harness';

/**
 * The harness's REST API (/api/v1) and tRPC endpoint (/api/trpc) on a real loopback port. Unlike serveHarness,
 * the request body is handed on as a stream, as Next.js does, so a body limit is seen working while the client is
 * still sending (413 from Content-Length or at the limit), not after this server buffered everything.
 */
export async function serveConsoleHttp(h: Harness): Promise<{ url: string; close(): Promise<void> }> {
  const trpc = createTrpcHandler(async () => h.rt);
  const server: Server = createServer((req, res) => {
    const abort = new AbortController();
    // Aborting tells a handler its client went away; after a complete answer it would only destroy the socket.
    res.on('close', () => {
      if (!res.writableFinished) abort.abort();
    });
    const path = req.url ?? '/';
    const handle = path.startsWith('/api/trpc') ? trpc : h.handle;
    void handle(toRequest(req, abort.signal))
      .then(async (r) => {
        const out = Buffer.from(await r.arrayBuffer());
        // A handler may answer (415, 413 from Content-Length) without reading the body. The rest is read and
        // dropped before answering, as servers do: a socket closed on unread bytes sends a reset, which can reach
        // the client before it has read the answer.
        await drain(req);
        res.writeHead(r.status, Object.fromEntries(r.headers.entries()));
        res.end(out);
      })
      .catch((e: unknown) => {
        // An exception escaping a handler is a defect: answer 500 so that the test sees it, and say what it was.
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end(`escaped the handler: ${String(e)}`);
      });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((r) => {
      server.close(() => r());
      server.closeAllConnections();
    }),
  };
}

function drain(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(done, 10_000);
    req.once('end', done).once('close', done).resume();
  });
}

/**
 * The request body as a web stream read on demand (only what the handler pulls is read from the socket). A
 * handler that stops reading (cancel, at a body limit) leaves the rest to drain(), rather than destroying the socket.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      return new Promise<void>((resolve) => {
        const cleanup = () => {
          req.off('readable', tryRead).off('end', onEnd).off('error', onError);
        };
        function tryRead(): boolean {
          const chunk = req.read() as Buffer | null;
          if (chunk === null) return false;
          cleanup();
          controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
          resolve();
          return true;
        }
        const onEnd = () => {
          cleanup();
          controller.close();
          resolve();
        };
        const onError = (e: Error) => {
          cleanup();
          controller.error(e);
          resolve();
        };
        if (tryRead()) return;
        if (req.readableEnded) return onEnd();
        req.on('readable', tryRead).once('end', onEnd).once('error', onError);
      });
    },
    cancel() {
      // Nothing to do: the server drains what is left after answering.
    },
  }, { highWaterMark: 0 });
}

function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (typeof v === 'string') headers.set(k, v);
    else if (Array.isArray(v)) for (const one of v) headers.append(k, one);
  }
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
  return new Request(`http://127.0.0.1${req.url ?? '/'}`, {
    method: req.method ?? 'GET',
    headers,
    signal,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
}
