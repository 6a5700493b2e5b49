import { createServer as createNetServer, type AddressInfo, type Server as NetServer } from 'node:net';
import { createServer as createTlsServer, type Server as TlsServer } from 'node:tls';
import type { KubeObject } from '@gatehouse/domain/object/meta';

/** Objects for the TLSRoute tests (namespace `web`, like https-scenario.ts), in the storage shape of the feed. */
const NS = 'web';

export interface TlsListenerSpec {
  name: string;
  port: number;
  hostname?: string;
  mode: 'Passthrough' | 'Terminate';
  /** Secret names (Terminate). */
  certificates?: string[];
}

export function tlsRouteGateway(name: string, listeners: TlsListenerSpec[]): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { namespace: NS, name, generation: 1, creationTimestamp: '2025-01-01T00:00:00Z' },
    spec: {
      gatewayClassName: 'gatehouse',
      listeners: listeners.map((l) => ({
        name: l.name,
        port: l.port,
        protocol: 'TLS',
        ...(l.hostname === undefined ? {} : { hostname: l.hostname }),
        tls: { mode: l.mode, ...(l.certificates === undefined ? {} : { certificateRefs: l.certificates.map((c) => ({ group: '', kind: 'Secret', name: c })) }) },
        allowedRoutes: { namespaces: { from: 'Same' } },
      })),
    },
  };
}

/** A TLSRoute with one rule sending to Services on port 80 (`localService`), by weight. */
export function tlsRoute(name: string, gateway: string, section: string | undefined, hostnames: string[], backends: Array<{ service: string; weight?: number }>, createdSecond = 1): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'TLSRoute',
    metadata: { namespace: NS, name, generation: 1, creationTimestamp: `2025-01-01T00:00:${String(createdSecond).padStart(2, '0')}Z` },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway, ...(section === undefined ? {} : { sectionName: section }) }],
      hostnames,
      rules: [{ backendRefs: backends.map((b) => ({ group: '', kind: 'Service', name: b.service, port: 80, weight: b.weight ?? 1 })) }],
    },
  };
}

/**
 * A TLS upstream (the conformance suite's "tls-backend"): it terminates with its own certificate and answers every
 * connection with one line naming itself and the SNI it saw, then echoes what it receives.
 */
export async function startTlsEchoBackend(name: string, pair: { certPem: string; keyPem: string }): Promise<{ port: number; server: TlsServer }> {
  const server = createTlsServer({ cert: pair.certPem, key: pair.keyPem }, (socket) => {
    socket.on('error', () => undefined);
    socket.write(`backend=${name} tls=yes sni=${typeof socket.servername === 'string' ? socket.servername : ''}\n`);
    socket.pipe(socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, server };
}

/**
 * A plain TCP upstream (the conformance suite's "tcp-backend" behind a terminating listener): it names itself and
 * reports the first bytes it got in hex, so a test can tell plain application bytes from a TLS record (0x16…).
 */
export async function startPlainEchoBackend(name: string): Promise<{ port: number; server: NetServer }> {
  const server = createNetServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', (first: Buffer) => {
      socket.write(`backend=${name} tls=no first=${first.toString('hex')}\n`);
      socket.pipe(socket);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, server };
}
