import { describe, expect, it } from 'vitest';
import { PreviewCertificateSchema, type CsrView } from '@gatehouse/domain/certificate/preview-certificate.schema';
import { defaultUsages, newDraft, toOperation, WIZARD_INTENTS, type WizardDraft } from './wizard-draft';
import { stepForPath, stepsFor } from './wizard-steps';

const csrView: CsrView = {
  subject: { text: 'O = Example, CN = api.example.com', commonName: 'api.example.com', organization: 'Example' },
  sans: { dns: ['api.example.com'], ip: ['10.1.2.3'], uri: [], email: [] },
  keyAlgorithm: 'rsa', keySize: 2048, curve: null, signatureValid: true, requestedExtensions: [],
};

function filled(intent: WizardDraft['intent']): WizardDraft {
  const d = newDraft(intent, 'ca-1');
  d.subject.commonName = 'foo.example.com';
  d.sans = ['foo.example.com'];
  d.csr = '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n';
  d.csrView = csrView;
  d.material.certificate = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
  return d;
}

describe('toOperation', () => {
  for (const intent of WIZARD_INTENTS) {
    it(`makes a request the API schema accepts for ${intent}`, () => {
      const parsed = PreviewCertificateSchema.safeParse(toOperation(filled(intent)));
      expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    });
  }

  it('sends only what the person chose: no name, lifetime, usages or path length when left at the defaults', () => {
    const op = toOperation(filled('server'));
    expect(op).toEqual({ intent: 'issue', input: { issuerId: 'ca-1', profile: 'server', subject: { commonName: 'foo.example.com' }, sans: ['foo.example.com'], key: { algorithm: 'ecdsa', curve: 'P-256' } } });
    const d = filled('server');
    d.keyUsage = [...defaultUsages('server', 'ecdsa').keyUsage];
    d.extKeyUsage = ['serverAuth'];
    expect(toOperation(d)).toEqual(op); // chosen = defaults → still nothing sent
    d.extKeyUsage = ['serverAuth', 'clientAuth'];
    d.validityDays = 90;
    d.name = '  upstream  ';
    expect(toOperation(d).input).toMatchObject({ extKeyUsage: ['serverAuth', 'clientAuth'], validityDays: 90, name: 'upstream' });
    expect(toOperation(d).input).not.toHaveProperty('keyUsage');
  });

  it('makes CA requests with the path length as chosen (default, a number, or no limit)', () => {
    const root = filled('root-ca');
    expect(toOperation(root).input).not.toHaveProperty('pathLen');
    root.pathLen = null;
    expect(toOperation(root).input).toMatchObject({ pathLen: null });
    root.pathLen = 2;
    expect(toOperation(root).input).toMatchObject({ pathLen: 2 });
    expect(toOperation(root).input).not.toHaveProperty('issuerId');
  });

  it("keeps a CSR's subject and SANs unless they were changed", () => {
    const d = filled('sign-csr');
    d.subject = { commonName: 'api.example.com', organization: 'Example', organizationalUnit: '', locality: '', state: '', country: '' };
    d.sans = ['api.example.com', 'IP:10.1.2.3'];
    const kept = toOperation(d).input;
    expect(kept).not.toHaveProperty('subject');
    expect(kept).not.toHaveProperty('sans');
    d.sans = ['api.example.com'];
    d.subject.organization = 'Other';
    expect(toOperation(d).input).toMatchObject({ sans: ['api.example.com'], subject: { commonName: 'api.example.com', organization: 'Other' } });
  });

  it('RSA servers get keyEncipherment by default, EC servers do not (RFC 8813)', () => {
    expect(defaultUsages('server', 'rsa').keyUsage).toEqual(['digitalSignature', 'keyEncipherment']);
    expect(defaultUsages('server', 'ecdsa').keyUsage).toEqual(['digitalSignature']);
    expect(defaultUsages('server+client', 'ecdsa').extKeyUsage).toEqual(['serverAuth', 'clientAuth']);
    expect(defaultUsages('client', 'rsa')).toEqual({ keyUsage: ['digitalSignature'], extKeyUsage: ['clientAuth'] });
  });

  it('imports PKCS#12 with its password only', () => {
    const d = filled('import');
    d.material = { ...d.material, mode: 'pkcs12', pkcs12: 'MIIK', password: 'pw' };
    expect(toOperation(d)).toEqual({ intent: 'import', input: { pkcs12: 'MIIK', password: 'pw' } });
  });
});

describe('stepForPath', () => {
  it('sends each reported field to the step that edits it', () => {
    expect(stepForPath('input.subject.commonName', 'root-ca')).toBe('subject');
    expect(stepForPath('sans[1]', 'server')).toBe('sans');
    expect(stepForPath('validityDays', 'server')).toBe('validity');
    expect(stepForPath('issuerId', 'intermediate-ca')).toBe('issuer');
    expect(stepForPath('input.key.size', 'server')).toBe('key');
    expect(stepForPath('keyUsage', 'sign-csr')).toBe('extensions');
    expect(stepForPath('csr', 'sign-csr')).toBe('request');
    expect(stepForPath('privateKey', 'import')).toBe('material');
    expect(stepForPath('name', 'import')).toBe('material');
    expect(stepForPath('somethingElse', 'server')).toBe('review');
  });
  it('never sends a field to a step the intent does not have', () => {
    expect(stepsFor('root-ca')).not.toContain('issuer');
    expect(stepForPath('issuerId', 'root-ca')).toBe('review');
  });
});
