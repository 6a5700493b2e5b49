/**
 * One small valid manifest per stored kind, as a user would write it (input form, no defaults), for tests.
 * Each call returns a fresh copy that the test may mutate.
 */
export function minimalObjects(): Record<string, Record<string, unknown>> {
  return {
    GatewayClass: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'GatewayClass',
      metadata: { name: 'gatehouse' },
      spec: { controllerName: 'gatehouse.dev/gateway-controller' },
    },
    Gateway: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'Gateway',
      metadata: { name: 'gw', namespace: 'apps' },
      spec: { gatewayClassName: 'gatehouse', listeners: [{ name: 'http', port: 8080, protocol: 'HTTP' }] },
    },
    HTTPRoute: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: { name: 'route', namespace: 'apps' },
      spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'web', port: 8443 }] }] },
    },
    TLSRoute: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'TLSRoute',
      metadata: { name: 'tls-route', namespace: 'apps' },
      spec: { parentRefs: [{ name: 'gw', sectionName: 'tls' }], hostnames: ['db.example.com'], rules: [{ backendRefs: [{ name: 'db', port: 5432 }] }] },
    },
    ReferenceGrant: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ReferenceGrant',
      metadata: { name: 'allow-routes', namespace: 'backends' },
      spec: { from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'apps' }], to: [{ group: '', kind: 'Service' }] },
    },
    ListenerSet: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { name: 'team-listeners', namespace: 'apps' },
      spec: { parentRef: { name: 'gw' }, listeners: [{ name: 'team', port: 8081, protocol: 'HTTP' }] },
    },
    BackendTLSPolicy: {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'BackendTLSPolicy',
      metadata: { name: 'web-tls', namespace: 'apps' },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: 'web' }],
        validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'web-ca' }], hostname: 'web.apps.svc' },
      },
    },
    UpstreamTLSPolicy: {
      apiVersion: 'gateway.flomesh.io/v1alpha1',
      kind: 'UpstreamTLSPolicy',
      metadata: { name: 'web-upstream-tls', namespace: 'apps' },
      spec: {
        targetRef: { group: '', kind: 'Service', name: 'web' },
        ports: [{ port: 8443, config: { certificateRef: { name: 'web-ca' } } }],
      },
    },
    Namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'apps' } },
    Service: {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: 'apps' },
      spec: { selector: { app: 'web' }, ports: [{ name: 'https', port: 8443, targetPort: 443 }] },
    },
    EndpointSlice: {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-abc12', namespace: 'apps', labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['127.0.0.1'], conditions: { ready: true } }],
      ports: [{ name: 'https', port: 9443 }],
    },
    Secret: {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'web-ca', namespace: 'apps' },
      data: { 'ca.crt': 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCg==' },
    },
    ConfigMap: {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'web-ca', namespace: 'apps' },
      data: { 'ca.crt': '-----BEGIN CERTIFICATE-----\n' },
    },
  };
}

/** A fresh copy of one minimal object. */
export function minimal(kind: string): Record<string, unknown> {
  const obj = minimalObjects()[kind];
  if (obj === undefined) throw new Error(`no minimal object for ${kind}`);
  return obj;
}

export type Patch = [path: readonly (string | number)[], value: unknown];

/**
 * The minimal object of a kind with values set at paths (`[['spec', 'listeners', 0, 'port'], 0]`);
 * `undefined` deletes the field. Missing containers on the way are created.
 */
export function patched(kind: string, ...patches: Patch[]): Record<string, unknown> {
  const obj = minimal(kind);
  for (const [path, value] of patches) setAt(obj, path, value);
  return obj;
}

function setAt(root: Record<string, unknown>, path: readonly (string | number)[], value: unknown): void {
  let node: Record<string | number, unknown> = root;
  path.forEach((key, i) => {
    if (i === path.length - 1) {
      if (value === undefined) delete node[key];
      else node[key] = value;
      return;
    }
    const next = node[key];
    if (typeof next === 'object' && next !== null) node = next as Record<string | number, unknown>;
    else {
      const created: Record<string | number, unknown> = typeof path[i + 1] === 'number' ? ([] as unknown as Record<number, unknown>) : {};
      node[key] = created;
      node = created;
    }
  });
}
