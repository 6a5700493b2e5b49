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
