import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { KubeObject } from '@gatehouse/domain/object/meta';

/**
 * A real HTTP server that speaks the console's feed protocol, standing in for the console in worker tests:
 * GET /api/v1/feed/snapshot?after&wait answers 200 with the current snapshot when its revision > after,
 * else holds the request up to `wait` seconds and answers 204; POST /api/v1/feed/status records reports.
 */
export interface FakeConsole {
  url: string;
  /** Status reports received, newest last. */
  reports: Array<Record<string, unknown>>;
  /** Requests seen: method, path and worker headers. */
  requests: Array<{ path: string; authorization: string | undefined; workerId: string | undefined; workerName: string | undefined }>;
  publish(revision: number, objects: KubeObject[]): void;
  /** Publishes any body; `gate` is the revision used to decide who gets it (for malformed bodies). */
  publishRaw(gate: number, body: string): void;
  /** performance.now() when the body of `gate` was last written to a worker. */
  sentAt(gate: number): number | undefined;
  close(): Promise<void>;
}

export async function startFakeConsole(token: string): Promise<FakeConsole> {
  let current: { gate: number; body: string } | null = null;
  const waiters = new Set<() => void>();
  const sent = new Map<number, number>();
  const reports: Array<Record<string, unknown>> = [];
  const requests: FakeConsole['requests'] = [];

  const answer = (res: ServerResponse, after: number): boolean => {
    if (current === null || current.gate <= after) return false;
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(current.body) });
    res.end(current.body);
    sent.set(current.gate, performance.now());
    return true;
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://console.invalid');
    requests.push({
      path: `${req.method ?? ''} ${url.pathname}${url.search}`,
      authorization: req.headers.authorization,
      workerId: req.headers['x-gatehouse-worker-id'] as string | undefined,
      workerName: req.headers['x-gatehouse-worker-name'] as string | undefined,
    });
    if (req.headers.authorization !== `Bearer ${token}`) {
      res.writeHead(401).end();
      return;
    }
    if (req.method === 'POST' && url.pathname === '/api/v1/feed/status') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        reports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>);
        res.writeHead(204).end();
      });
      return;
    }
    if (req.method !== 'GET' || url.pathname !== '/api/v1/feed/snapshot') {
      res.writeHead(404).end();
      return;
    }
    const after = Number(url.searchParams.get('after') ?? '0');
    const wait = Number(url.searchParams.get('wait') ?? '25');
    if (answer(res, after)) return;
    const wake = (): void => {
      if (answer(res, after)) done();
    };
    const timer = setTimeout(() => {
      done();
      res.writeHead(204).end();
    }, wait * 1000);
    const done = (): void => {
      clearTimeout(timer);
      waiters.delete(wake);
    };
    waiters.add(wake);
    req.on('close', done);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const publishRaw = (gate: number, body: string): void => {
    current = { gate, body };
    for (const w of [...waiters]) w();
  };
  return {
    url: `http://127.0.0.1:${port}`,
    reports,
    requests,
    publish: (revision, objects) => publishRaw(revision, JSON.stringify({ revision, objects })),
    publishRaw,
    sentAt: (gate) => sent.get(gate),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
