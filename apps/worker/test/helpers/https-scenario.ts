import type { KubeObject } from '@gatehouse/domain/object/meta';

/** Objects for the HTTPS tests (namespace `web`), in the storage shape the console's feed sends. */
const NS = 'web';
const b64 = (s: string): string => Buffer.from(s).toString('base64');

export interface HttpsListenerSpec {
  name: string;
  port: number;
  hostname?: string;
  /** Secret names; none → an HTTP listener. */
  certificates?: string[];
}

export interface FrontendSpec {
  default?: { caConfigMap: string; mode?: 'AllowValidOnly' | 'AllowInsecureFallback' };
  perPort?: Array<{ port: number; caConfigMap: string; mode?: 'AllowValidOnly' | 'AllowInsecureFallback' }>;
}

function validation(caConfigMap: string, mode: string | undefined): Record<string, unknown> {
  return { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: caConfigMap }], mode: mode ?? 'AllowValidOnly' } };
}

export function tlsGateway(name: string, listeners: HttpsListenerSpec[], frontend?: FrontendSpec): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { namespace: NS, name, generation: 1, creationTimestamp: '2025-01-01T00:00:00Z' },
    spec: {
      gatewayClassName: 'gatehouse',
      ...(frontend === undefined
        ? {}
        : {
            tls: {
              frontend: {
                default: frontend.default === undefined ? {} : validation(frontend.default.caConfigMap, frontend.default.mode),
                ...(frontend.perPort === undefined ? {} : { perPort: frontend.perPort.map((p) => ({ port: p.port, tls: validation(p.caConfigMap, p.mode) })) }),
              },
            },
          }),
      listeners: listeners.map((l) => ({
        name: l.name,
        port: l.port,
        protocol: l.certificates === undefined ? 'HTTP' : 'HTTPS',
        ...(l.hostname === undefined ? {} : { hostname: l.hostname }),
        ...(l.certificates === undefined ? {} : { tls: { mode: 'Terminate', certificateRefs: l.certificates.map((c) => ({ group: '', kind: 'Secret', name: c })) } }),
        allowedRoutes: { namespaces: { from: 'Same' } },
      })),
    },
  };
}

/** An HTTPRoute on one listener (sectionName) sending everything to Service `service` port 80. */
export function routeTo(name: string, gateway: string, section: string, service: string, hostnames: string[] = []): KubeObject {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { namespace: NS, name, generation: 1, creationTimestamp: '2025-01-01T00:00:01Z' },
    spec: {
      parentRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: gateway, sectionName: section }],
      ...(hostnames.length === 0 ? {} : { hostnames }),
      rules: [{ backendRefs: [{ group: '', kind: 'Service', name: service, port: 80 }] }],
    },
  };
}

/** Service `name` port 80 with one ready endpoint 127.0.0.1:<endpointPort>. */
export function localService(name: string, endpointPort: number): KubeObject[] {
  return [
    { apiVersion: 'v1', kind: 'Service', metadata: { namespace: NS, name }, spec: { ports: [{ protocol: 'TCP', port: 80 }] } },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { namespace: NS, name: `${name}-1`, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      ports: [{ name: '', protocol: 'TCP', port: endpointPort }],
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
    },
  ];
}

export function tlsSecret(name: string, pair: { certPem: string; keyPem: string }): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { namespace: NS, name }, type: 'kubernetes.io/tls', data: { 'tls.crt': b64(pair.certPem), 'tls.key': b64(pair.keyPem) } };
}

export function caBundle(name: string, caPem: string): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace: NS, name }, data: { 'ca.crt': caPem } };
}
