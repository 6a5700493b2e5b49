import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Logger } from 'pino';
import type { ServiceBackend, TlsRouteTarget, UpstreamTls } from '@gatehouse/compiler/routing-table/routing-table';
import type { BackendPicker } from '../backend-picker';
import { CONNECT_TIMEOUT_MS } from '../upstream-pools';
import { SecureContextCache, tlsSettingsKey } from '../upstream-tls';

export interface BackendStreamDeps {
  picker: BackendPicker;
  logger: Logger;
  /** Secure contexts for TLS to backends (Terminate listeners with a BackendTLSPolicy). */
  contexts: SecureContextCache;
}

/**
 * Chooses a backend of a TLSRoute by weight and one of its ready endpoints. Null when the choice falls on an
 * invalid backend (the spec's "rejected in proportion to its weight": the connection is closed), on a Service
 * without ready endpoints, or when every weight is 0.
 */
export function pickStreamBackend(target: TlsRouteTarget, picker: BackendPicker): { backend: ServiceBackend; address: string; port: number } | { refused: string } {
  if (target.totalWeight === 0) return { refused: 'every backendRef has weight 0' };
  const backend = picker.pickBackend(target);
  if (backend === undefined) return { refused: 'no backend' };
  if (backend.kind === 'invalid') return { refused: backend.reason };
  const endpoint = picker.pickEndpoint(backend);
  if (endpoint === undefined) return { refused: backend.noEndpointsReason ?? `Service ${backend.service.namespace}/${backend.service.name} has no ready endpoints` };
  return { backend, address: endpoint.address, port: endpoint.port };
}

/** The stream's application protocol is the client's, not HTTP/1.1: offer none to the backend. */
function withoutAlpn<T extends { ALPNProtocols?: string[] }>(options: T): Omit<T, 'ALPNProtocols'> {
  const copy: T = { ...options };
  delete copy.ALPNProtocols;
  return copy;
}

/**
 * Connects to the backend endpoint and joins the two streams: `first` (bytes already read from the client — the
 * ClientHello on passthrough) goes out before anything else, then everything in both directions as it comes. A
 * half-close is passed on (`allowHalfOpen`); an error or a reset on either side ends both. `tls`: TLS to the
 * backend, for terminated connections whose backend a BackendTLSPolicy covers (passthrough never adds TLS: the
 * client's own session goes through).
 */
export function joinBackend(
  client: Socket,
  first: Buffer | null,
  to: { backend: ServiceBackend; address: string; port: number },
  tls: UpstreamTls | null,
  deps: BackendStreamDeps,
): void {
  const upstream: Socket = tls === null
    ? netConnect({ host: to.address, port: to.port, allowHalfOpen: true })
    : tlsConnect({ host: to.address, port: to.port, ...withoutAlpn(deps.contexts.connectOptions(tls, tlsSettingsKey(tls))) });
  const label = `${to.backend.service.namespace}/${to.backend.service.name}:${to.backend.port} (${to.address}:${to.port})`;
  const connectTimer = setTimeout(() => upstream.destroy(new Error(`connect timeout after ${CONNECT_TIMEOUT_MS} ms`)), CONNECT_TIMEOUT_MS);
  connectTimer.unref();
  const ready = tls === null ? 'connect' : 'secureConnect';
  upstream.once(ready, () => {
    clearTimeout(connectTimer);
    if (first !== null && first.length > 0) upstream.write(first);
    client.pipe(upstream);
    upstream.pipe(client);
    client.resume();
  });
  const end = (side: string) => (err?: Error) => {
    clearTimeout(connectTimer);
    if (err !== undefined) deps.logger.debug({ backend: label, err: err.message }, `TLSRoute stream ${side} error`);
    client.destroy();
    upstream.destroy();
  };
  upstream.on('error', end('backend'));
  client.on('error', end('client'));
  upstream.on('close', () => client.destroy());
  client.on('close', () => upstream.destroy());
}
