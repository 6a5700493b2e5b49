import { extKeyUsageLabel } from '@gatehouse/certs/x509/usages';
import { describeKeySpec } from '../certificate-words';
import { effectiveUsages, type WizardDraft, type WizardIntent } from './wizard-draft';

export type WizardStepId = 'intent' | 'issuer' | 'request' | 'material' | 'subject' | 'sans' | 'key' | 'validity' | 'extensions' | 'review' | 'output';

export const STEP_TITLES: Record<WizardStepId, string> = {
  intent: 'What to make',
  issuer: 'Issuer',
  request: 'Certificate request',
  material: 'Certificate and key',
  subject: 'Subject',
  sans: 'Names (SANs)',
  key: 'Key',
  validity: 'Validity',
  extensions: 'Extensions',
  review: 'Review',
  output: 'Use it',
};

export const INTENT_WORDS: Record<WizardIntent, { label: string; hint: string }> = {
  'root-ca': { label: 'Root CA', hint: 'A self-signed certificate authority: the trust anchor clients and gateways verify against (the seed’s flomesh.io CA).' },
  'intermediate-ca': { label: 'Intermediate CA', hint: 'A CA signed by one of yours, so the root’s key can stay untouched.' },
  server: { label: 'Server certificate', hint: 'For an HTTPS upstream or a gateway listener, e.g. foo.example.com.' },
  client: { label: 'Client certificate', hint: 'For mutual TLS: the gateway (or a client) proves who it is.' },
  'sign-csr': { label: 'Sign a CSR', hint: 'Someone else holds the key and sends a certificate request; Gatehouse never sees the key.' },
  import: { label: 'Import', hint: 'Bring an existing certificate (PEM, DER or PKCS#12), with its key if you have it.' },
};

/** The steps of one intent, in order (issue 4 §4: intent → issuer → subject → SANs → key → validity → extensions → review → output). */
export function stepsFor(intent: WizardIntent): WizardStepId[] {
  switch (intent) {
    case 'root-ca': return ['intent', 'subject', 'key', 'validity', 'extensions', 'review', 'output'];
    case 'intermediate-ca': return ['intent', 'issuer', 'subject', 'key', 'validity', 'extensions', 'review', 'output'];
    case 'server':
    case 'client': return ['intent', 'issuer', 'subject', 'sans', 'key', 'validity', 'extensions', 'review', 'output'];
    // The requester holds the key: its request takes the key step's place, before subject and SANs it pre-fills.
    case 'sign-csr': return ['intent', 'issuer', 'request', 'subject', 'sans', 'validity', 'extensions', 'review', 'output'];
    case 'import': return ['intent', 'material', 'review', 'output'];
  }
}

const FIELD_STEPS: [RegExp, WizardStepId][] = [
  [/^(subject|name)\b/, 'subject'],
  [/^sans\b/, 'sans'],
  [/^key\b/, 'key'],
  [/^(validityDays|validity)\b/, 'validity'],
  [/^(keyUsage|extKeyUsage|pathLen|profile|autoRenew|isCA)\b/, 'extensions'],
  [/^(issuerId|issuer)\b/, 'issuer'],
  [/^csr\b/, 'request'],
  [/^(certificate|privateKey|privateKeyPassword|chain|pkcs12|password)\b/, 'material'],
];

/**
 * The step where a problem the server reported can be fixed, from the field path in its `details`. tRPC's input
 * validation prefixes paths with `input.`; services name the operation's own fields.
 */
export function stepForPath(path: string, intent: WizardIntent): WizardStepId {
  const bare = path.replace(/^input\./, '');
  const steps = stepsFor(intent);
  for (const [re, step] of FIELD_STEPS) {
    if (re.test(bare)) {
      if (steps.includes(step)) return step;
      // A root CA's "name" lives on the subject step; an import's on the material step.
      return intent === 'import' ? 'material' : 'review';
    }
  }
  return 'review';
}

/** The field path a step's form uses for a server-reported path: `input.subject.commonName` → `subject.commonName`. */
export function formPath(path: string): string {
  return path.replace(/^input\./, '');
}

/** One line under each done step in the step list, so the whole draft can be read at a glance. */
export function summarizeStep(step: WizardStepId, d: WizardDraft, issuerName: string | undefined): string | undefined {
  switch (step) {
    case 'intent': return INTENT_WORDS[d.intent].label;
    case 'issuer': return issuerName;
    case 'request': return d.csrView ? d.csrView.subject.text || 'request read' : undefined;
    case 'material': return d.material.mode === 'pkcs12' ? d.material.pkcs12FileName || 'PKCS#12 file' : d.material.privateKey ? 'certificate and key' : 'certificate';
    case 'subject': return d.subject.commonName ? `CN ${d.subject.commonName}` : 'no common name';
    case 'sans': return d.sans.length === 0 ? 'none' : d.sans.length <= 2 ? d.sans.join(', ') : `${d.sans[0]} and ${d.sans.length - 1} more`;
    case 'key': return describeKeySpec(d.key);
    case 'validity': return d.validityDays === null ? 'default lifetime' : `${d.validityDays} days`;
    case 'extensions': {
      if (d.intent === 'root-ca' || d.intent === 'intermediate-ca') return d.pathLen === 'default' ? 'default path length' : d.pathLen === null ? 'no path length limit' : `path length ${d.pathLen}`;
      const eku = effectiveUsages(d).extKeyUsage;
      return eku.length > 0 ? eku.map(extKeyUsageLabel).join(', ') : 'no extended key usage';
    }
    case 'review':
    case 'output': return undefined;
  }
}
