import { describe, expect, it } from 'vitest';
import { parseObject } from '../registry/parse-object';
import { invalidDetails, invalidPaths } from '../test-support/invalid-details';
import { patched, type Patch } from '../test-support/minimal-objects';
import type { BackendTlsPolicy } from './backend-tls-policy.schema';

const policy = (...p: Patch[]) => parseObject(patched('BackendTLSPolicy', ...p)) as BackendTlsPolicy;
const paths = (...p: Patch[]) => invalidPaths(() => policy(...p));
const V = ['spec', 'validation'] as const;

describe('BackendTLSPolicy schema (v1.6.1 standard CRD)', () => {
  it('accepts CA refs, SANs and a sectionName target', () => {
    const p = policy(
      [['spec', 'targetRefs', 0, 'sectionName'], 'https'],
      [[...V, 'subjectAltNames'], [{ type: 'Hostname', hostname: '*.apps.svc' }, { type: 'URI', uri: 'spiffe://apps/web' }]],
    );
    expect(p.spec.targetRefs[0]?.sectionName).toBe('https');
  });

  it('only v1 is served (v1alpha3 is present in the CRD but not served)', () => {
    const d = invalidDetails(() => policy([['apiVersion'], 'gateway.networking.k8s.io/v1alpha3']));
    expect(d).toEqual([{ path: 'apiVersion', message: expect.stringContaining('not served') }]);
  });

  it('CEL: caCertificateRefs XOR wellKnownCACertificates', () => {
    expect(() => policy([[...V, 'caCertificateRefs'], undefined], [[...V, 'wellKnownCACertificates'], 'System'])).not.toThrow();
    expect(invalidDetails(() => policy([[...V, 'wellKnownCACertificates'], 'System']))).toEqual([
      { path: 'spec.validation.wellKnownCACertificates', message: 'must not contain both CACertificateRefs and WellKnownCACertificates' },
    ]);
    expect(invalidDetails(() => policy([[...V, 'caCertificateRefs'], []]))).toEqual([
      { path: 'spec.validation.caCertificateRefs', message: 'must specify either CACertificateRefs or WellKnownCACertificates' },
    ]);
    expect(paths([[...V, 'caCertificateRefs'], undefined], [[...V, 'wellKnownCACertificates'], 'Mozilla'])).toEqual(['spec.validation.wellKnownCACertificates']);
  });

  it('hostname is a required PreciseHostname', () => {
    expect(paths([[...V, 'hostname'], '*.apps.svc'])).toEqual(['spec.validation.hostname']);
    expect(paths([[...V, 'hostname'], undefined])).toEqual(['spec.validation.hostname']);
  });

  it('CEL: SubjectAltName type names its field', () => {
    expect(paths([[...V, 'subjectAltNames'], [{ type: 'Hostname' }]])).toEqual(['spec.validation.subjectAltNames[0].hostname']);
    expect(paths([[...V, 'subjectAltNames'], [{ type: 'URI', uri: 'spiffe://a/b', hostname: 'a.b' }]])).toEqual(['spec.validation.subjectAltNames[0].hostname']);
    expect(paths([[...V, 'subjectAltNames'], [{ type: 'URI', uri: 'not a uri' }]])).toEqual(['spec.validation.subjectAltNames[0].uri']);
  });

  it('CEL: the same target twice only with distinct sectionNames', () => {
    const t = (sectionName?: string) => ({ group: '', kind: 'Service', name: 'web', ...(sectionName ? { sectionName } : {}) });
    expect(() => policy([['spec', 'targetRefs'], [t('a'), t('b')]])).not.toThrow();
    expect(paths([['spec', 'targetRefs'], [t('a'), t('a')]])).toEqual(['spec.targetRefs[1].sectionName']);
    expect(paths([['spec', 'targetRefs'], [t(), t()]])).toEqual(['spec.targetRefs[1].sectionName']);
    expect(invalidDetails(() => policy([['spec', 'targetRefs'], [t(), t('a')]])).map((d) => d.path)).toEqual([
      'spec.targetRefs[0].sectionName',
      'spec.targetRefs[1].sectionName',
    ]);
    expect(paths([['spec', 'targetRefs'], []])).toEqual(['spec.targetRefs']);
  });
});
