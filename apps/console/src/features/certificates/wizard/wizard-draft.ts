import type { z } from 'zod';
import { defaultProfile } from '@gatehouse/certs/x509/profiles';
import type { ExtKeyUsageSchema, KeySpecInput, KeyUsageNameSchema, LeafProfile } from '@gatehouse/domain/certificate/certificate-fields.schema';
import type { CsrView, PreviewCertificateSchema } from '@gatehouse/domain/certificate/preview-certificate.schema';

/** What the person wants to make (issue 4 §4): the first step of the wizard. */
export const WIZARD_INTENTS = ['root-ca', 'intermediate-ca', 'server', 'client', 'sign-csr', 'import'] as const;
export type WizardIntent = (typeof WIZARD_INTENTS)[number];

export function isWizardIntent(v: string | null | undefined): v is WizardIntent {
  return (WIZARD_INTENTS as readonly string[]).includes(v ?? '');
}

export const SUBJECT_FIELDS = ['commonName', 'organization', 'organizationalUnit', 'locality', 'state', 'country'] as const;
export type KeyUsageName = z.infer<typeof KeyUsageNameSchema>;
export type ExtKeyUsage = z.infer<typeof ExtKeyUsageSchema>;

export type SubjectField = (typeof SUBJECT_FIELDS)[number];
/** Form text per subject field; '' = not set. */
export type SubjectDraft = Record<SubjectField, string>;

export interface MaterialDraft {
  mode: 'pem' | 'pkcs12';
  certificate: string;
  privateKey: string;
  chain: string;
  privateKeyPassword: string;
  /** base64 of the .p12/.pfx file */
  pkcs12: string;
  pkcs12FileName: string;
  password: string;
}

/** The wizard's answers so far, as the forms hold them. `toOperation` turns them into an API request. */
export interface WizardDraft {
  intent: WizardIntent;
  name: string;
  issuerId: string;
  subject: SubjectDraft;
  sans: string[];
  key: KeySpecInput;
  /** null = the profile's default lifetime */
  validityDays: number | null;
  profile: LeafProfile;
  /** null = the profile's defaults (sent as nothing, so the server's defaults apply) */
  keyUsage: KeyUsageName[] | null;
  extKeyUsage: ExtKeyUsage[] | null;
  /** 'default' = the server's (root 1, intermediate 0); null = no limit */
  pathLen: number | null | 'default';
  autoRenew: boolean;
  csr: string;
  csrView: CsrView | null;
  material: MaterialDraft;
}

const EMPTY_SUBJECT: SubjectDraft = { commonName: '', organization: '', organizationalUnit: '', locality: '', state: '', country: '' };

export function newDraft(intent: WizardIntent, issuerId = ''): WizardDraft {
  return {
    intent,
    name: '',
    issuerId,
    subject: { ...EMPTY_SUBJECT },
    sans: [],
    key: { algorithm: 'ecdsa', curve: 'P-256' },
    validityDays: null,
    profile: intent === 'client' ? 'client' : 'server',
    keyUsage: null,
    extKeyUsage: null,
    pathLen: 'default',
    autoRenew: false,
    csr: '',
    csrView: null,
    material: { mode: 'pem', certificate: '', privateKey: '', chain: '', privateKeyPassword: '', pkcs12: '', pkcs12FileName: '', password: '' },
  };
}

export const isCaIntent = (i: WizardIntent) => i === 'root-ca' || i === 'intermediate-ca';
export const isLeafIntent = (i: WizardIntent) => i === 'server' || i === 'client' || i === 'sign-csr';

/** The key algorithm the certificate will carry: the generated key's, or the CSR's. */
export function keyAlgorithmOf(d: WizardDraft): 'rsa' | 'ecdsa' | 'ed25519' {
  if (d.intent === 'sign-csr') return d.csrView?.keyAlgorithm === 'rsa' ? 'rsa' : d.csrView?.keyAlgorithm === 'ed25519' ? 'ed25519' : 'ecdsa';
  return d.key.algorithm;
}

/**
 * The usages a leaf profile gets when none are chosen: the product's profiles (@gatehouse/certs defaultProfile),
 * server+client being the server's with both purposes, as the issue service makes it.
 */
export function defaultUsages(profile: LeafProfile, keyAlgorithm: 'rsa' | 'ecdsa' | 'ed25519'): { keyUsage: KeyUsageName[]; extKeyUsage: ExtKeyUsage[] } {
  const now = new Date(0);
  if (profile === 'client') {
    const p = defaultProfile('client', { now });
    return { keyUsage: [...p.keyUsage], extKeyUsage: [...p.extKeyUsage] };
  }
  const p = defaultProfile('server', { now, keyAlgorithm });
  return { keyUsage: [...p.keyUsage], extKeyUsage: profile === 'server' ? [...p.extKeyUsage] : ['serverAuth', 'clientAuth'] };
}

/** The usages the extensions step shows: the chosen ones, or the profile's defaults. */
export function effectiveUsages(d: WizardDraft): { keyUsage: KeyUsageName[]; extKeyUsage: ExtKeyUsage[] } {
  const defaults = defaultUsages(d.profile, keyAlgorithmOf(d));
  return { keyUsage: d.keyUsage ?? defaults.keyUsage, extKeyUsage: d.extKeyUsage ?? defaults.extKeyUsage };
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function subjectInput(s: SubjectDraft): Partial<Record<SubjectField, string>> {
  const out: Partial<Record<SubjectField, string>> = {};
  for (const f of SUBJECT_FIELDS) if (s[f].trim() !== '') out[f] = s[f].trim();
  return out;
}

function csrSubject(view: CsrView): Partial<Record<SubjectField, string>> {
  const out: Partial<Record<SubjectField, string>> = {};
  for (const f of SUBJECT_FIELDS) if (view.subject[f] !== undefined) out[f] = view.subject[f];
  return out;
}

export function csrSanEntries(view: CsrView): string[] {
  return [...view.sans.dns, ...view.sans.ip.map((ip) => `IP:${ip}`), ...view.sans.uri.map((u) => `URI:${u}`), ...view.sans.email.map((e) => `email:${e}`)];
}

/** Usages only when they differ from the profile's defaults, so the server's (documented) defaults apply otherwise. */
function usageOverrides(d: WizardDraft): { keyUsage?: KeyUsageName[]; extKeyUsage?: ExtKeyUsage[] } {
  const defaults = defaultUsages(d.profile, keyAlgorithmOf(d));
  return {
    ...(d.keyUsage !== null && !sameSet(d.keyUsage, defaults.keyUsage) ? { keyUsage: d.keyUsage } : {}),
    ...(d.extKeyUsage !== null && !sameSet(d.extKeyUsage, defaults.extKeyUsage) ? { extKeyUsage: d.extKeyUsage } : {}),
  };
}

export type OperationRequest = z.input<typeof PreviewCertificateSchema>;

/**
 * The API request the draft stands for: `{ intent, input }` with exactly the input of the operation (create root
 * CA, intermediate CA, issue, sign CSR, import). Used for the preview and, unchanged, for "Create".
 */
export function toOperation(d: WizardDraft): OperationRequest {
  const name = d.name.trim() === '' ? {} : { name: d.name.trim() };
  const validity = d.validityDays === null ? {} : { validityDays: d.validityDays };
  const pathLen = d.pathLen === 'default' ? {} : { pathLen: d.pathLen };
  const autoRenew = d.autoRenew ? { autoRenew: true } : {};
  switch (d.intent) {
    case 'root-ca':
      return { intent: 'root-ca', input: { ...name, subject: subjectInput(d.subject), key: d.key, ...validity, ...pathLen, ...autoRenew } };
    case 'intermediate-ca':
      return { intent: 'intermediate-ca', input: { issuerId: d.issuerId, ...name, subject: subjectInput(d.subject), key: d.key, ...validity, ...pathLen, ...autoRenew } };
    case 'server':
    case 'client':
      return {
        intent: 'issue',
        input: { issuerId: d.issuerId, ...name, profile: d.profile, subject: subjectInput(d.subject), sans: d.sans, key: d.key, ...validity, ...usageOverrides(d), ...autoRenew },
      };
    case 'sign-csr': {
      // The CSR's own subject and SANs are kept (verbatim) unless the person changed them.
      const subject = subjectInput(d.subject);
      const fromCsr = d.csrView ? csrSubject(d.csrView) : {};
      const subjectChanged = JSON.stringify(subject) !== JSON.stringify(fromCsr);
      const sansChanged = d.csrView === null || !sameSet(d.sans, csrSanEntries(d.csrView));
      return {
        intent: 'sign-csr',
        input: { issuerId: d.issuerId, csr: d.csr, ...name, profile: d.profile, ...(subjectChanged ? { subject } : {}), ...(sansChanged ? { sans: d.sans } : {}), ...validity, ...usageOverrides(d) },
      };
    }
    case 'import': {
      const m = d.material;
      const text = (v: string) => (v.trim() === '' ? undefined : v);
      const input = m.mode === 'pkcs12'
        ? { ...name, pkcs12: m.pkcs12, ...(m.password !== '' ? { password: m.password } : {}) }
        : {
            ...name,
            certificate: m.certificate,
            ...(text(m.privateKey) ? { privateKey: m.privateKey } : {}),
            ...(text(m.chain) ? { chain: m.chain } : {}),
            ...(m.privateKeyPassword !== '' ? { privateKeyPassword: m.privateKeyPassword } : {}),
          };
      return { intent: 'import', input };
    }
  }
}
