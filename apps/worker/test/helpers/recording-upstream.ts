import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as a recording upstream received it. */
export interface Recorded {
  method: string;
  /** Path and query as received. */
  target: string;
  /** Lower-case names; repeated headers joined with ', ' (Node's IncomingMessage.headers). */
  headers: Record<string, string>;
  body: string;
  at: number;
}

/** What to answer: a status, extra headers, an optional delay before answering. */
export interface Answer {
  status?: number;
  headers?: Record<string, string>;
  delayMs?: number;
}

export interface RecordingUpstream {
  port: number;
  name: string;
  received: Recorded[];
  /** Decides each answer; the default answers 200 with the recorded request as JSON. */
  behave: (r: Recorded, nth: number) => Answer;
  close(): Promise<void>;
}

/**
 * A plain-HTTP upstream that records every request it gets (any path) and answers with it as JSON, so that tests
 * can see exactly what the worker sent after its filters: path, Host, headers, body. `behave` scripts failures.
 */
export async function startRecordingUpstream(name: string): Promise<RecordingUpstream> {
  const up: RecordingUpstream = {
    port: 0,
    name,
    received: [],
    behave: () => ({}),
    close: async () => undefined,
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k] = Array.isArray(v) ? v.join(', ') : (v ?? '');
      const r: Recorded = { method: req.method ?? '', target: req.url ?? '', headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() };
      up.received.push(r);
      const a = up.behave(r, up.received.length);
      const body = JSON.stringify({ upstream: name, ...r });
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(a.status ?? 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-upstream': name, ...a.headers });
        res.end(body);
      };
      if (a.delayMs !== undefined) setTimeout(send, a.delayMs);
      else send();
    });
  };
  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  up.port = (server.address() as AddressInfo).port;
  up.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return up;
}
