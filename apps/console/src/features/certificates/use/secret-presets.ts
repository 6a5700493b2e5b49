import type { z } from 'zod';
import type { BindToSecretSchema } from '@gatehouse/domain/certificate/bind-certificate.schema';
import type { CertificateSummary } from '@gatehouse/domain/certificate/certificate.schema';

/**
 * The shapes of Secret the seed scenario uses (examples/upstream-tls), offered when a certificate is turned
 * into a Secret:
 * - `ca-bundle`: `ca.crt` only, like `kubectl create secret generic https-cert --from-file=ca.crt=ca-cert.pem` —
 *   what an UpstreamTLSPolicy's certificateRef verifies upstreams against;
 * - `custom-pem`: the certificate and key under your own names, like the seed's `server-cert` Secret
 *   (server-cert.pem / server-key.pem) that the upstream mounts;
 * - `tls`: a `kubernetes.io/tls` Secret (tls.crt / tls.key), what Gateway listeners reference;
 * - `configmap-ca`: a ConfigMap with `ca.crt`, what BackendTLSPolicy's caCertificateRefs name.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets
 */
export const SECRET_PRESETS = ['ca-bundle', 'custom-pem', 'tls', 'configmap-ca'] as const;
export type SecretPreset = (typeof SECRET_PRESETS)[number];

export const PRESET_WORDS: Record<SecretPreset, { label: string; hint: string }> = {
  'ca-bundle': { label: 'CA bundle (ca.crt)', hint: 'Like the seed’s https-cert: what an UpstreamTLSPolicy verifies the upstream’s certificate against.' },
  'custom-pem': { label: 'Certificate and key under your own names', hint: 'Like the seed’s server-cert (server-cert.pem, server-key.pem): what the upstream mounts to serve HTTPS.' },
  tls: { label: 'kubernetes.io/tls (tls.crt, tls.key)', hint: 'The standard TLS Secret: what Gateway listeners and client certificates reference.' },
  'configmap-ca': { label: 'ConfigMap with ca.crt', hint: 'What a BackendTLSPolicy’s caCertificateRefs name.' },
};

/** The form's values; everything is text or a flag, as inputs hold it. */
export interface SecretFormValues {
  preset: SecretPreset;
  namespace: string;
  name: string;
  includeCa: boolean;
  certificateKey: string;
  privateKeyKey: string;
  caKey: string;
}

type Cert = Pick<CertificateSummary, 'isCA' | 'hasPrivateKey' | 'purpose' | 'name'>;

/** Which shapes make sense: anything with a key needs the key; a CA's first use is as a bundle to trust. */
export function presetsFor(c: Cert): SecretPreset[] {
  if (c.isCA) return ['ca-bundle', 'configmap-ca', ...(c.hasPrivateKey ? (['custom-pem'] as const) : [])];
  return c.hasPrivateKey ? ['custom-pem', 'tls', 'ca-bundle'] : ['ca-bundle', 'custom-pem'];
}

/** A Kubernetes object name from a certificate name (RFC 1123 subdomain: lower case, digits, '-', '.'). */
export function objectNameFrom(text: string): string {
  const s = text.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '').slice(0, 200);
  return s === '' ? 'certificate' : s;
}

/** The values a preset starts with: the seed's names where the seed has one. */
export function presetValues(preset: SecretPreset, c: Cert, namespace: string): SecretFormValues {
  const base = { preset, namespace, includeCa: false, certificateKey: '', privateKeyKey: '', caKey: '' };
  const stem = c.purpose === 'client' ? 'client' : 'server';
  switch (preset) {
    case 'ca-bundle': return { ...base, name: c.isCA ? 'https-cert' : `${objectNameFrom(c.name)}-ca` };
    case 'configmap-ca': return { ...base, name: `${objectNameFrom(c.name)}-ca` };
    case 'custom-pem': return { ...base, name: `${stem}-cert`, certificateKey: `${stem}-cert.pem`, privateKeyKey: c.hasPrivateKey ? `${stem}-key.pem` : '' };
    case 'tls': return { ...base, name: `${objectNameFrom(c.name)}-tls` };
  }
}

/** The API's bind request (BindToSecretSchema input) for the form's values. */
export function toBindRequest(v: SecretFormValues): z.input<typeof BindToSecretSchema> {
  const target = { namespace: v.namespace.trim(), name: v.name.trim() };
  switch (v.preset) {
    case 'ca-bundle': return { kind: 'Secret', ...target, shape: 'ca-bundle' };
    case 'configmap-ca': return { kind: 'ConfigMap', ...target, shape: 'ca-bundle' };
    case 'tls': return { kind: 'Secret', ...target, shape: 'tls', includeCa: v.includeCa };
    case 'custom-pem': {
      const keys: { certificate?: string; privateKey?: string; ca?: string } = {};
      if (v.certificateKey.trim() !== '') keys.certificate = v.certificateKey.trim();
      if (v.privateKeyKey.trim() !== '') keys.privateKey = v.privateKeyKey.trim();
      if (v.caKey.trim() !== '') keys.ca = v.caKey.trim();
      return { kind: 'Secret', ...target, shape: 'custom', keys };
    }
  }
}

/** The data keys the object will hold, for the sentence under the form ("writes ca.crt"). */
export function keysWritten(v: SecretFormValues): string[] {
  switch (v.preset) {
    case 'ca-bundle':
    case 'configmap-ca': return ['ca.crt'];
    case 'tls': return v.includeCa ? ['tls.crt', 'tls.key', 'ca.crt'] : ['tls.crt', 'tls.key'];
    case 'custom-pem': return [v.certificateKey, v.privateKeyKey, v.caKey].map((k) => k.trim()).filter((k) => k !== '');
  }
}
