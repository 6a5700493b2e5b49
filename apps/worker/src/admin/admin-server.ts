import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleProbe } from './probe-endpoint';

export interface AdminSources {
  /** Ready once a snapshot is enforced. */
  isReady: () => boolean;
  /** Appended to /readyz's body: the revision served, and a refused snapshot while the last good one serves. */
  readyDetail?: () => string;
  /** The /config document (a promise when other processes are asked). Must never contain Secret values or keys. */
  describe: () => unknown;
  /** The worker token (re-read each time): `POST /probe` requires it as a bearer. Absent = no probe endpoint. */
  probeToken?: () => string | null;
  /** `GET /metrics`: Prometheus text exposition (open like /config). Absent = no metrics endpoint. */
  metrics?: { contentType: string; render: () => Promise<string> };
}

export interface AdminServer {
  port: number;
  close(): Promise<void>;
}

function send(res: import('node:http').ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' }).end(body);
}

/**
 * The worker's admin endpoint (loopback by default): `/healthz` (the process is alive), `/readyz` (200 once
 * a snapshot is enforced, else 503), `/config` (what is enforced, listener states, last error, source), `/metrics`
 * (Prometheus, src/metrics/worker-metrics.ts) and `POST /probe` (probe-endpoint.ts; needs the worker token).
 * `/metrics` is open like `/config`: it holds counts and names already in `/config`, never a Secret, and the admin port
 * binds loopback unless told otherwise; scrapers rarely carry tokens.
 */
export async function startAdminServer(host: string, port: number, sources: AdminSources): Promise<AdminServer> {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path === '/probe' && sources.probeToken !== undefined) {
      handleProbe(req, res, sources.probeToken).catch(() => {
        if (!res.headersSent) send(res, 500, 'text/plain; charset=utf-8', 'probe failed\n');
        else res.destroy();
      });
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'method not allowed\n');
    if (path === '/healthz') return send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
    if (path === '/readyz') {
      const detail = sources.readyDetail?.() ?? '';
      return sources.isReady() ? send(res, 200, 'text/plain; charset=utf-8', `ready${detail}\n`) : send(res, 503, 'text/plain; charset=utf-8', `no snapshot enforced yet${detail}\n`);
    }
    if (path === '/config') {
      Promise.resolve(sources.describe()).then(
        (doc) => send(res, 200, 'application/json', `${JSON.stringify(doc, null, 2)}\n`),
        () => send(res, 500, 'text/plain; charset=utf-8', 'cannot describe the worker\n'),
      );
      return;
    }
    const metrics = sources.metrics;
    if (path === '/metrics' && metrics !== undefined) {
      metrics.render().then(
        (text) => send(res, 200, metrics.contentType, text),
        (err: unknown) => send(res, 500, 'text/plain; charset=utf-8', `metrics failed: ${err instanceof Error ? err.message : String(err)}\n`),
      );
      return;
    }
    return send(res, 404, 'text/plain; charset=utf-8', 'not found: try /healthz, /readyz, /config, /metrics or POST /probe\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
