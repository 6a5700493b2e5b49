import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidDetails, invalidPaths } from '../test-support/invalid-details';
import { patched, type Patch } from '../test-support/minimal-objects';
import type { Service } from './service.schema';

const svc = (...p: Patch[]) => parseObject(patched('Service', ...p)) as Service;
const paths = (...p: Patch[]) => invalidPaths(() => svc(...p));
const P = ['spec', 'ports'] as const;

describe('Service schema (core v1)', () => {
  it('defaults type ClusterIP, sessionAffinity None, protocol TCP, and targetPort to port', () => {
    const s = svc([[...P], [{ port: 8443 }]]);
    expect(s.spec.type).toBe('ClusterIP');
    expect(s.spec.sessionAffinity).toBe('None');
    expect(s.spec.ports).toEqual([{ protocol: 'TCP', port: 8443, targetPort: 8443 }]);
  });

  it('accepts a named targetPort and appProtocol', () => {
    const s = svc([[...P, 0, 'targetPort'], 'https'], [[...P, 0, 'appProtocol'], 'kubernetes.io/h2c']);
    expect(s.spec.ports?.[0]).toMatchObject({ targetPort: 'https', appProtocol: 'kubernetes.io/h2c' });
  });

  it('requires a name on every port when there is more than one, and unique names', () => {
    expect(invalidDetails(() => svc([[...P], [{ name: 'a', port: 1 }, { port: 2 }]]))).toEqual([
      { path: 'spec.ports[1].name', message: expect.stringContaining('every port needs a name') },
    ]);
    expect(paths([[...P], [{ name: 'a', port: 1 }, { name: 'a', port: 2 }]])).toEqual(['spec.ports[1].name']);
    expect(paths([[...P], [{ name: 'a', port: 1 }, { name: 'b', port: 1 }]])).toEqual(['spec.ports[1]']);
    expect(() => svc([[...P], [{ name: 'a', port: 53 }, { name: 'b', port: 53, protocol: 'UDP' }]])).not.toThrow();
  });

  it('checks ranges, enums and names with paths', () => {
    expect(paths([[...P, 0, 'port'], 0])).toEqual(['spec.ports[0].port']);
    expect(paths([[...P, 0, 'targetPort'], 70000])).toEqual(['spec.ports[0].targetPort']);
    expect(paths([[...P, 0, 'targetPort'], 'not--valid'])).toEqual(['spec.ports[0].targetPort']);
    expect(paths([[...P, 0, 'targetPort'], 'waytoolongportname'])).toEqual(['spec.ports[0].targetPort']);
    expect(paths([[...P, 0, 'protocol'], 'HTTP'])).toEqual(['spec.ports[0].protocol']);
    expect(paths([[...P, 0, 'name'], 'HTTPS'])).toEqual(['spec.ports[0].name']);
    expect(paths([['spec', 'type'], 'Internal'])).toEqual(['spec.type']);
    expect(paths([['spec', 'selector'], { 'bad key!': 'x' }])).toEqual(['spec.selector.bad key!']);
    // Service names are DNS-1035 labels: no leading digit, no dots.
    expect(paths([['metadata', 'name'], '1web'])).toEqual(['metadata.name']);
    expect(paths([['metadata', 'name'], 'web.v1'])).toEqual(['metadata.name']);
  });

  it('requires ports unless headless or ExternalName; ExternalName needs externalName; nodePort not on ClusterIP', () => {
    expect(paths([[...P], undefined])).toEqual(['spec.ports']);
    expect(() => svc([[...P], undefined], [['spec', 'clusterIP'], 'None'])).not.toThrow();
    expect(paths([[...P], undefined], [['spec', 'type'], 'ExternalName'])).toEqual(['spec.externalName']);
    expect(() => svc([[...P], undefined], [['spec', 'type'], 'ExternalName'], [['spec', 'externalName'], 'db.example.com.'])).not.toThrow();
    expect(paths([[...P, 0, 'nodePort'], 30080])).toEqual(['spec.ports[0].nodePort']);
    expect(() => svc([[...P, 0, 'nodePort'], 30080], [['spec', 'type'], 'NodePort'])).not.toThrow();
  });
});
