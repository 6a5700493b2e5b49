import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** The TLS source's part the server uses (src/server/tls/console-tls.ts ConsoleTlsSource satisfies it). */
export interface ServerTlsSource {
  current(): { cert: string; key: string };
  onChange(listener: (material: { cert: string; key: string }) => void): () => void;
}

export function httpsRedirectLocation(hostHeader: string | undefined, url: string | undefined, httpsPort: number): string | null;

export function startConsoleServer(opts: {
  handle: (req: IncomingMessage, res: ServerResponse) => unknown;
  port: number;
  host?: string;
  tls?: ServerTlsSource | null;
  redirectPort?: number | null;
}): Promise<{ server: Server; redirect: Server | null }>;

/** How long an idle keep-alive connection stays open: above a load balancer's usual 60 s. */
export const KEEP_ALIVE_TIMEOUT_MS: number;
