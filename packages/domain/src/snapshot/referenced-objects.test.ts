import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../object/meta';
import { referencedKeys } from './referenced-objects';

const gateway: KubeObject = {
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'Gateway',
  metadata: { namespace: 'web', name: 'gw' },
  spec: {
    gatewayClassName: 'gatehouse',
    tls: {
      frontend: {
        default: { validation: { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'client-ca' }] } },
        perPort: [
          { port: 8443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'Secret', name: 'ca-secret', namespace: 'certs' }] } } },
          { port: 9443, tls: {} },
        ],
      },
    },
    listeners: [{ name: 'https', port: 443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'serving' }] } }],
  },
};

describe('referencedKeys', () => {
  it('names listener certificates and the CAs of frontend client-certificate validation (default and perPort)', () => {
    expect([...referencedKeys([gateway], 'Secret')].sort()).toEqual(['certs/ca-secret', 'web/serving']);
    expect([...referencedKeys([gateway], 'ConfigMap')]).toEqual(['web/client-ca']);
  });
});

describe('referencedKeys for ListenerSets', () => {
  it('names the certificates of ListenerSet listeners, defaulting to the ListenerSet namespace', () => {
    const listenerSet: KubeObject = {
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'ListenerSet',
      metadata: { namespace: 'team', name: 'extra' },
      spec: {
        parentRef: { name: 'gw', namespace: 'web' },
        listeners: [
          { name: 'a', port: 8443, protocol: 'HTTPS', tls: { certificateRefs: [{ name: 'team-cert' }, { name: 'shared', namespace: 'certs' }] } },
          { name: 'b', port: 8080, protocol: 'HTTP' },
        ],
      },
    };
    expect([...referencedKeys([listenerSet], 'Secret')].sort()).toEqual(['certs/shared', 'team/team-cert']);
    expect([...referencedKeys([listenerSet], 'ConfigMap')]).toEqual([]);
  });
});
