import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidDetails, invalidPaths } from '../test-support/invalid-details';
import { patched, type Patch } from '../test-support/minimal-objects';
import type { UpstreamTlsPolicy } from './upstream-tls-policy.schema';

const policy = (...p: Patch[]) => parseObject(patched('UpstreamTLSPolicy', ...p)) as UpstreamTlsPolicy;
const paths = (...p: Patch[]) => invalidPaths(() => policy(...p));

describe('UpstreamTLSPolicy schema (gateway.flomesh.io/v1alpha1)', () => {
  it('defaults certificateRef group "" / kind Secret and mTLS false', () => {
    expect(policy().spec.ports).toEqual([{ port: 8443, config: { certificateRef: { group: '', kind: 'Secret', name: 'web-ca' }, mTLS: false } }]);
  });

  it('accepts a port without config when spec.config is set', () => {
    const p = policy([['spec', 'ports'], [{ port: 8443 }, { port: 9443 }]], [['spec', 'config'], { certificateRef: { name: 'ca' }, mTLS: true }]);
    expect(p.spec.config).toEqual({ certificateRef: { group: '', kind: 'Secret', name: 'ca' }, mTLS: true });
  });

  it('webhook: each port needs a config unless spec.config is set', () => {
    expect(invalidDetails(() => policy([['spec', 'ports'], [{ port: 8443 }]]))).toEqual([
      { path: 'spec.ports[0].config', message: 'Required value: port 8443 has no config and spec.config is not set' },
    ]);
  });

  it('webhook: ports are required, 1–16, unique by port (list map)', () => {
    expect(invalidDetails(() => policy([['spec', 'ports'], undefined]))).toEqual([{ path: 'spec.ports', message: 'Required value: at least one port is required' }]);
    expect(paths([['spec', 'ports'], []])).toEqual(['spec.ports']);
    const cfg = { certificateRef: { name: 'ca' } };
    expect(paths([['spec', 'ports'], Array.from({ length: 17 }, (_, i) => ({ port: 1000 + i, config: cfg }))])).toEqual(['spec.ports']);
    expect(paths([['spec', 'ports'], [{ port: 8443, config: cfg }, { port: 8443, config: cfg }]])).toEqual(['spec.ports[1].port']);
    expect(paths([['spec', 'ports', 0, 'port'], 0])).toEqual(['spec.ports[0].port']);
  });

  it('webhook: the target is a Service (group "") or a flomesh.io ServiceImport', () => {
    expect(() => policy([['spec', 'targetRef'], { group: 'flomesh.io', kind: 'ServiceImport', name: 'web' }])).not.toThrow();
    expect(paths([['spec', 'targetRef', 'kind'], 'Deployment'])).toEqual(['spec.targetRef.kind']);
    expect(paths([['spec', 'targetRef', 'group'], 'apps'])).toEqual(['spec.targetRef.kind']);
    expect(paths([['spec', 'targetRef', 'group'], undefined])).toEqual(['spec.targetRef.group']);
  });

  it('webhook: certificateRef must be a core Secret', () => {
    expect(paths([['spec', 'ports', 0, 'config', 'certificateRef', 'kind'], 'ConfigMap'])).toEqual(['spec.ports[0].config.certificateRef.kind']);
    expect(paths([['spec', 'ports', 0, 'config', 'certificateRef', 'group'], 'example.com'])).toEqual(['spec.ports[0].config.certificateRef.group']);
    expect(paths([['spec', 'config'], { certificateRef: { name: 'x', kind: 'ConfigMap' } }])).toEqual(['spec.config.certificateRef.kind']);
  });

  it('does not check that the Secret exists or holds ca.crt (a status matter)', () => {
    expect(() => policy([['spec', 'ports', 0, 'config', 'certificateRef', 'name'], 'no-such-secret'])).not.toThrow();
  });

  it('refuses other versions', () => {
    expect(invalidPaths(() => policy([['apiVersion'], 'gateway.flomesh.io/v1alpha2']))).toEqual(['apiVersion']);
  });
});
