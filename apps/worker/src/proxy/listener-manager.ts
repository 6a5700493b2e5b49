import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from 'pino';

export interface PortState {
  port: number;
  state: 'serving' | 'error';
  error?: string;
}

const DRAIN_MS = 10_000;

/**
 * One node:http server per distinct listener port of the served Gateways. A port that cannot be bound is
 * reported (state error, with the EADDRINUSE message) while the other ports keep serving; it is retried at
 * the next reconcile. Ports no longer in the table stop accepting at once and close after in-flight
 * requests finish (idle keep-alive connections are closed immediately, the rest after DRAIN_MS).
 */
export class ListenerManager {
  private readonly servers = new Map<number, Server>();
  private readonly failed = new Map<number, string>();

  constructor(
    private readonly bindAddress: string,
    private readonly listenerFor: (port: number) => (req: IncomingMessage, res: ServerResponse) => void,
    private readonly logger: Logger,
  ) {}

  private listen(port: number): Promise<void> {
    const server = createServer(this.listenerFor(port));
    server.keepAliveTimeout = 30_000;
    return new Promise((resolve) => {
      const onError = (err: NodeJS.ErrnoException): void => {
        this.failed.set(port, `${err.code ?? 'ERROR'}: ${err.message}`);
        this.logger.error({ port, code: err.code }, `cannot listen on ${this.bindAddress}:${port}: ${err.message}`);
        resolve();
      };
      server.once('error', onError);
      server.listen({ port, host: this.bindAddress }, () => {
        server.off('error', onError);
        server.on('error', (err) => this.logger.error({ port, err: err.message }, 'listener error'));
        server.on('clientError', (_err, socket) => {
          if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
          else socket.destroy();
        });
        this.servers.set(port, server);
        this.failed.delete(port);
        this.logger.info({ port }, `listening on ${this.bindAddress}:${port}`);
        resolve();
      });
    });
  }

  private drain(port: number, server: Server): void {
    this.servers.delete(port);
    server.close();
    server.closeIdleConnections();
    const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
    timer.unref();
    server.once('close', () => clearTimeout(timer));
    this.logger.info({ port }, 'stopped listening (port no longer in the routing table)');
  }

  /** Opens the missing ports (retrying failed ones) and closes the ones not wanted. */
  async reconcile(ports: readonly number[]): Promise<PortState[]> {
    const wanted = new Set(ports);
    for (const [port, server] of this.servers) if (!wanted.has(port)) this.drain(port, server);
    for (const port of [...this.failed.keys()]) if (!wanted.has(port)) this.failed.delete(port);
    await Promise.all([...wanted].filter((p) => !this.servers.has(p)).map((p) => this.listen(p)));
    return this.states();
  }

  states(): PortState[] {
    const out: PortState[] = [];
    for (const port of this.servers.keys()) out.push({ port, state: 'serving' });
    for (const [port, error] of this.failed) out.push({ port, state: 'error', error });
    return out.sort((a, b) => a.port - b.port);
  }

  async closeAll(): Promise<void> {
    const servers = [...this.servers.values()];
    this.servers.clear();
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.close(() => resolve());
            s.closeIdleConnections();
            setTimeout(() => s.closeAllConnections(), 2_000).unref();
          }),
      ),
    );
  }
}
