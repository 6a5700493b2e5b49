/**
 * "Where do I send traffic?": for each listener of a Gateway, the URL a client uses — the address of each worker that
 * serves it (reported by the worker) and the listener's port — with the Host header to send and a curl line. A
 * worker bound to all addresses or to loopback is reached at the host the console was reached at (the bundled worker
 * runs beside the console). Pure.
 */
export interface WorkerListenerReport {
  gateway: string;
  /** Set for a listener a ListenerSet contributes: not one of the Gateway's own, even when the names are equal. */
  listenerSet?: string | undefined;
  listener: string;
  port: number;
  state: string;
}

export interface WorkerReport {
  name: string;
  /** The worker's admin URL as it reported it (`http://127.0.0.1:9901`). */
  address: string;
  listeners: WorkerListenerReport[];
}

export interface ListenerUrls {
  listener: string;
  port: number;
  /** The Host header clients send (the listener's hostname, or a route's), or null when any host name is served. */
  hostHeader: string | null;
  urls: string[];
  curl: string | null;
  note: string | null;
}

const LOCAL = /^(127\.|0\.0\.0\.0$|localhost$|::1$|\[::1\]$|\[::\]$|::$)/;

function hostOf(address: string, pageHost: string): string {
  try {
    const h = new URL(address).hostname;
    return h === '' || LOCAL.test(h) ? pageHost : h;
  } catch {
    return pageHost;
  }
}

export function clientUrls(
  gateway: { namespace: string; name: string; listeners: { name: string; port: number; protocol: string; hostname?: string | undefined }[] },
  workers: WorkerReport[],
  pageHost: string,
  routeHostnames: string[] = [],
): ListenerUrls[] {
  const key = `${gateway.namespace}/${gateway.name}`;
  return gateway.listeners.map((l) => {
    const scheme = l.protocol === 'HTTPS' || l.protocol === 'TLS' ? 'https' : 'http';
    const serving = workers.filter((w) => w.listeners.some((r) => r.gateway === key && r.listenerSet === undefined && r.listener === l.name && r.state === 'serving'));
    const hosts = [...new Set(serving.map((w) => hostOf(w.address, pageHost)))].sort();
    const urls = hosts.map((h) => `${scheme}://${h.includes(':') ? `[${h}]` : h}:${l.port}`);
    const hostHeader = l.hostname && !l.hostname.startsWith('*') ? l.hostname : (routeHostnames.find((h) => !h.startsWith('*')) ?? null);
    const first = urls[0];
    const curl = first === undefined ? null : hostHeader ? `curl -H 'Host: ${hostHeader}' ${first}/` : `curl ${first}/`;
    const note = serving.length === 0 ? 'No worker serves this listener yet: it is not programmed, or no worker has reported it.' : serving.length > 1 ? `Served by ${serving.length} workers.` : null;
    return { listener: l.name, port: l.port, hostHeader, urls, curl, note };
  });
}
