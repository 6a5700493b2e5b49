import { describe, expect, it } from 'vitest';
import { BindToSecretSchema } from '@gatehouse/domain/certificate/bind-certificate.schema';
import { keysWritten, objectNameFrom, presetsFor, presetValues, SECRET_PRESETS, toBindRequest } from './secret-presets';

const ca = { isCA: true, hasPrivateKey: true, purpose: 'ca' as const, name: 'flomesh.io' };
const server = { isCA: false, hasPrivateKey: true, purpose: 'server' as const, name: 'foo.example.com' };

describe('secret presets', () => {
  it("offer the seed's shapes with the seed's names", () => {
    expect(toBindRequest(presetValues('ca-bundle', ca, 'httpbin'))).toEqual({ kind: 'Secret', namespace: 'httpbin', name: 'https-cert', shape: 'ca-bundle' });
    expect(toBindRequest(presetValues('custom-pem', server, 'httpbin'))).toEqual({
      kind: 'Secret', namespace: 'httpbin', name: 'server-cert', shape: 'custom', keys: { certificate: 'server-cert.pem', privateKey: 'server-key.pem' },
    });
    expect(keysWritten(presetValues('custom-pem', server, 'httpbin'))).toEqual(['server-cert.pem', 'server-key.pem']);
    expect(toBindRequest({ ...presetValues('tls', server, 'ns'), includeCa: true })).toMatchObject({ shape: 'tls', includeCa: true, name: 'foo.example.com-tls' });
  });
  it('make requests the API schema accepts, for every preset and kind of certificate', () => {
    for (const c of [ca, server, { ...server, hasPrivateKey: false }, { ...server, purpose: 'client' as const }]) {
      for (const p of SECRET_PRESETS) {
        const r = BindToSecretSchema.safeParse(toBindRequest(presetValues(p, c, 'default')));
        expect(r.success, `${p} for ${c.name}: ${JSON.stringify(r.error?.issues)}`).toBe(true);
      }
    }
  });
  it('never offer a shape with a key for a certificate whose key Gatehouse does not hold', () => {
    expect(presetsFor({ ...server, hasPrivateKey: false })).not.toContain('tls');
    expect(presetsFor({ ...ca, hasPrivateKey: false })).toEqual(['ca-bundle', 'configmap-ca']);
    expect(presetsFor(ca)[0]).toBe('ca-bundle');
    expect(presetsFor(server)[0]).toBe('custom-pem');
  });
  it('turn names into valid object names', () => {
    expect(objectNameFrom('Gatehouse E2E Root CA')).toBe('gatehouse-e2e-root-ca');
    expect(objectNameFrom('*.example.com')).toBe('example.com');
    expect(objectNameFrom('!!!')).toBe('certificate');
  });
  it('leave the server to refuse a custom shape without any key name (the same message the API gives)', () => {
    const r = BindToSecretSchema.safeParse(toBindRequest({ ...presetValues('custom-pem', server, 'ns'), certificateKey: '', privateKeyKey: '' }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['keys']);
  });
});
