import { expect, type APIRequestContext } from '@playwright/test';
import { parseAllDocuments } from 'yaml';
import { E2E_ADMIN_TOKEN } from './accounts';

/** The automation path (bootstrap token) for setting up and checking certificate specs without the UI. */
const auth = { authorization: `Bearer ${E2E_ADMIN_TOKEN}` };

export interface CreatedCertificate {
  id: string;
  name: string;
  serialHex: string;
}

export async function apiCreateRootCa(request: APIRequestContext, commonName: string): Promise<CreatedCertificate> {
  const r = await request.post('/api/v1/certificates/root-ca', { headers: auth, data: { subject: { commonName } } });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()) as CreatedCertificate;
}

export async function apiIssue(request: APIRequestContext, issuerId: string, host: string, extra: Record<string, unknown> = {}): Promise<CreatedCertificate> {
  const r = await request.post('/api/v1/certificates/issue', { headers: auth, data: { issuerId, subject: { commonName: host }, sans: [host], ...extra } });
  expect(r.status(), await r.text()).toBe(201);
  return (await r.json()) as CreatedCertificate;
}

export async function apiBind(request: APIRequestContext, id: string, binding: Record<string, unknown>): Promise<void> {
  const r = await request.post(`/api/v1/certificates/${id}/bindings`, { headers: auth, data: binding });
  expect(r.status(), await r.text()).toBe(201);
}

export async function apiCertificatePem(request: APIRequestContext, id: string): Promise<string> {
  const r = await request.get(`/api/v1/certificates/${id}/export?what=certificate`, { headers: auth });
  expect(r.status(), await r.text()).toBe(200);
  return r.text();
}

export async function apiCrlPem(request: APIRequestContext, caId: string): Promise<string> {
  const r = await request.get(`/api/v1/certificates/${caId}/crl`, { headers: auth });
  expect(r.status(), await r.text()).toBe(200);
  return r.text();
}

/** The decoded data of every Secret in a namespace, through the audited export with values (admin only). */
export async function apiSecretData(request: APIRequestContext, namespace: string): Promise<Record<string, Record<string, string>>> {
  const r = await request.get(`/api/v1/export?namespace=${encodeURIComponent(namespace)}&includeSecretValues=true`, { headers: auth });
  expect(r.status(), await r.text()).toBe(200);
  const out: Record<string, Record<string, string>> = {};
  for (const doc of parseAllDocuments(await r.text())) {
    const o = doc.toJS() as { kind?: string; metadata?: { name?: string }; data?: Record<string, string> } | null;
    if (o?.kind !== 'Secret' || !o.metadata?.name) continue;
    out[o.metadata.name] = Object.fromEntries(Object.entries(o.data ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64').toString('utf8')]));
  }
  return out;
}

export async function apiCreateUser(request: APIRequestContext, user: { username: string; password: string; displayName: string }, role: 'viewer' | 'editor'): Promise<void> {
  const r = await request.post('/api/v1/users', { headers: auth, data: { ...user, role } });
  expect([201, 409], await r.text()).toContain(r.status());
}
