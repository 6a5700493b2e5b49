import { request as httpRequest } from 'node:http';

export interface WorkerAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One real request through the worker's listener, as a client of the seed would send it (`curl -H 'Host: …'`):
 * plain HTTP on loopback with the route's host name. Connection errors resolve as status 0 (the listener may not
 * be bound yet while the worker applies a new configuration), so callers can poll.
 */
export function requestThroughWorker(port: number, host: string, path: string): Promise<WorkerAnswer> {
  return new Promise((resolve) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host }, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', (e) => resolve({ status: 0, headers: {}, body: e.message }));
    });
    req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (e) => resolve({ status: 0, headers: {}, body: e.message }));
    req.end();
  });
}
