import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { generateKeyPair } from '@gatehouse/certs/keys/generate-key';
import { issueCertificate } from '@gatehouse/certs/x509/issue-certificate';
import { CERTIFICATE_STATES } from '@gatehouse/domain/certificate/certificate-state';
import { renewDueCertificates } from '../src/server/services/certificates/auto-renew';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { openssl, scratchDir } from './support/openssl-cli';

const DAY = 24 * 60 * 60 * 1000;

forEachDatabase((t) => {
  let h: Harness;
  const files = scratchDir();
  let caId = '';
  beforeAll(async () => {
    h = await createHarness(t.db);
    const ca = await h.call('POST', '/api/v1/certificates/root-ca', { body: { name: 'lifecycle CA', subject: { commonName: 'Lifecycle CA' } } });
    caId = ca.json.id;
    files.write('ca.pem', ca.json.pem);
  });
  afterAll(() => files.remove());

  describe('signing a CSR', () => {
    it('signs an openssl-made CSR with its SANs (or overridden ones); Gatehouse never holds the key', async () => {
      const made = await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'csr.key', '-out', 'req.csr', '-subj', '/O=Outside/CN=csr.example.com', '-addext', 'subjectAltName=DNS:csr.example.com,IP:10.1.2.3'], files.dir);
      expect(made.code, made.stderr).toBe(0);
      const csr = files.read('req.csr').toString();
      const signed = await h.call('POST', '/api/v1/certificates/sign-csr', { body: { issuerId: caId, csr, profile: 'server+client' } });
      expect(signed.status, signed.text).toBe(201);
      expect(signed.json).toMatchObject({ origin: 'csr', hasPrivateKey: false, subject: 'O = Outside, CN = csr.example.com', sans: { dns: ['csr.example.com'], ip: ['10.1.2.3'] }, extKeyUsage: ['serverAuth', 'clientAuth'], name: 'csr.example.com' });
      files.write('csr-cert.pem', signed.json.pem);
      expect((await openssl(['verify', '-CAfile', 'ca.pem', '-purpose', 'sslclient', 'csr-cert.pem'], files.dir)).stdout).toMatch(/OK/);
      expect((await openssl(['x509', '-in', 'csr-cert.pem', '-noout', '-pubkey'], files.dir)).stdout).toBe((await openssl(['pkey', '-in', 'csr.key', '-pubout'], files.dir)).stdout);

      const der = await openssl(['req', '-in', 'req.csr', '-outform', 'DER', '-out', 'req.der'], files.dir);
      expect(der.code).toBe(0);
      const overridden = await h.call('POST', '/api/v1/certificates/sign-csr', { body: { issuerId: caId, csr: files.read('req.der').toString('base64'), sans: ['other.example.com'], validityDays: 30 } });
      expect(overridden.status, overridden.text).toBe(201);
      expect(overridden.json.sans).toEqual({ dns: ['other.example.com'], ip: [], uri: [], email: [] });

      // A CSR-signed certificate renews with the same public key only; no key to export or bind.
      const newKey = await h.call('POST', `/api/v1/certificates/${signed.json.id}/renew`, { body: { newKey: true } });
      expect(newKey.status).toBe(400);
      expect(newKey.json.details[0].path).toBe('newKey');
      const sameKey = await h.call('POST', `/api/v1/certificates/${signed.json.id}/renew`);
      expect(sameKey.status, sameKey.text).toBe(201);
      expect(sameKey.json).toMatchObject({ origin: 'csr', hasPrivateKey: false, subject: signed.json.subject });
      expect((await h.call('GET', `/api/v1/certificates/${sameKey.json.id}/export?what=privateKey`)).status).toBe(422);
      expect((await h.call('POST', `/api/v1/certificates/${sameKey.json.id}/bindings`, { body: { namespace: 'x', name: 'y', shape: 'tls' } })).status).toBe(400);
      const tampered = csr.replace(/(\n[A-Za-z0-9+/]{10})[A-Za-z]/, (m, p: string) => `${p}${m.endsWith('A') ? 'B' : 'A'}`);
      const bad = await h.call('POST', '/api/v1/certificates/sign-csr', { body: { issuerId: caId, csr: tampered } });
      expect(bad.status).toBe(400);
    });
  });

  describe('renewal and revocation', () => {
    it('renews with a new serial and key by default, keeps the key when asked, and can revoke the previous one', async () => {
      const first = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: caId, subject: { commonName: 'renew.example.com', organization: 'Renew' }, sans: ['renew.example.com', 'spiffe://cluster.local/ns/a/sa/b'], validityDays: 90, key: { algorithm: 'ecdsa', curve: 'P-384' } } });
      expect(first.status, first.text).toBe(201);
      const second = await h.call('POST', `/api/v1/certificates/${first.json.id}/renew`);
      expect(second.status, second.text).toBe(201);
      expect(second.json).toMatchObject({ subject: first.json.subject, sans: first.json.sans, keyUsage: first.json.keyUsage, extKeyUsage: first.json.extKeyUsage, curve: 'P-384', renewedFromId: first.json.id });
      expect(Math.round((new Date(second.json.notAfter).getTime() - new Date(second.json.notBefore).getTime()) / DAY)).toBe(90);
      expect(second.json.serialHex).not.toBe(first.json.serialHex);
      // The subject key identifier is a hash of the public key (RFC 5280 §4.2.1.2 method 1).
      const pub = async (id: string) => (await h.call('GET', `/api/v1/certificates/${id}`)).json.subjectKeyId as string;
      expect(await pub(first.json.id)).toMatch(/^[0-9A-F:]{59}$/);
      expect(await pub(second.json.id)).not.toBe(await pub(first.json.id));
      expect((await h.call('POST', `/api/v1/certificates/${first.json.id}/renew`)).status).toBe(422); // superseded: renew the newest
      const third = await h.call('POST', `/api/v1/certificates/${second.json.id}/renew`, { body: { newKey: false, revokePrevious: true } });
      expect(third.status, third.text).toBe(201);
      expect(await pub(third.json.id)).toBe(await pub(second.json.id));
      const prev = await h.call('GET', `/api/v1/certificates/${second.json.id}`);
      expect(prev.json).toMatchObject({ state: 'revoked', revocationReason: 'superseded', supersededById: third.json.id });
      const list = await h.call('GET', '/api/v1/certificates?limit=5000');
      expect(list.json.items.map((i: { id: string }) => i.id)).not.toContain(first.json.id);
      const withOld = await h.call('GET', '/api/v1/certificates?limit=5000&includeSuperseded=true');
      expect(withOld.json.items.map((i: { id: string }) => i.id)).toContain(first.json.id);
      const events = await h.call('GET', `/api/v1/audit-events?action=certificate.revoke&name=${second.json.id}`);
      expect(events.json.items[0].message).toMatch(/superseded/);
    });

    it('auto-renews at 2/3 of the lifetime, only when turned on, and the bound Secret follows', async () => {
      const short = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: caId, sans: ['auto.example.com'], validityDays: 30 } });
      const off = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: caId, sans: ['manual.example.com'], validityDays: 30 } });
      expect(short.json.renewalDueAt).toBeNull();
      const on = await h.call('PUT', `/api/v1/certificates/${short.json.id}/settings`, { body: { autoRenew: true } });
      expect(on.status, on.text).toBe(200);
      const due = new Date(on.json.renewalDueAt).getTime();
      expect(Math.round((due - new Date(short.json.notBefore).getTime()) / DAY)).toBe(20);
      await h.call('POST', `/api/v1/certificates/${short.json.id}/bindings`, { body: { namespace: 'auto', name: 'auto-tls', shape: 'tls' } });

      const early = await renewDueCertificates({ ...h.rt, now: () => new Date(due - 60_000) });
      expect(early.renewed).toEqual([]);
      const late = await renewDueCertificates({ ...h.rt, now: () => new Date(due + 60_000) });
      expect(late.failed).toEqual([]);
      expect(late.renewed.map((r) => r.from)).toEqual([short.json.id]);
      const renewed = await h.call('GET', `/api/v1/certificates/${late.renewed[0]!.to}`);
      expect(renewed.json).toMatchObject({ autoRenew: true, renewedFromId: short.json.id });
      expect((await h.call('GET', `/api/v1/certificates/${renewed.json.id}/bindings`)).json.items[0].name).toBe('auto-tls');
      const secret = await h.call('GET', '/api/v1/namespaces/auto/secrets/auto-tls');
      expect(secret.json.metadata.annotations['gatehouse.dev/certificate']).toBe(renewed.json.id);
      const again = await renewDueCertificates({ ...h.rt, now: () => new Date(due + 120_000) });
      expect(again.renewed).toEqual([]); // the new one is not due yet; the old one is superseded
      const event = await h.call('GET', `/api/v1/audit-events?action=certificate.renew&name=${renewed.json.id}`);
      expect(event.json.items[0].actor).toMatchObject({ type: 'system', name: 'gatehouse' });
      expect((await h.call('GET', `/api/v1/certificates/${off.json.id}`)).json.supersededById).toBeNull();
    });
  });

  describe('state', () => {
    it('filters by state exactly as it labels each certificate', async () => {
      const now = Date.now();
      const windows: Record<string, [number, number]> = {
        notYetValid: [now + 2 * DAY, now + 90 * DAY],
        expired: [now - 90 * DAY, now - DAY],
        expiring7: [now - 10 * DAY, now + 3 * DAY],
        expiring30: [now - 10 * DAY, now + 20 * DAY],
        valid: [now - 10 * DAY, now + 200 * DAY],
        revoked: [now - 10 * DAY, now + 200 * DAY],
      };
      const made: Record<string, string> = {};
      for (const [state, [from, to]] of Object.entries(windows)) {
        const key = await generateKeyPair();
        const cert = issueCertificate({ subject: { commonName: `state-${state}` }, issuer: 'self', privateKey: key.privateKey, validity: { notBefore: new Date(from), notAfter: new Date(to) }, isCA: false, keyUsage: ['digitalSignature'], extKeyUsage: ['serverAuth'] });
        const r = await h.call('POST', '/api/v1/certificates/import', { body: { certificate: cert.pem, name: `state-${state}` } });
        expect(r.status, r.text).toBe(201);
        made[state] = r.json.id;
      }
      await h.call('POST', `/api/v1/certificates/${made.revoked}/revoke`, { body: { reason: 'cessationOfOperation' } });
      for (const state of CERTIFICATE_STATES) {
        const r = await h.call('GET', `/api/v1/certificates?state=${state}&limit=5000`);
        expect(r.json.items.every((i: { state: string }) => i.state === state), state).toBe(true);
        expect(r.json.items.map((i: { id: string }) => i.id), state).toContain(made[state]);
        expect(r.json.total).toBe(r.json.items.length);
      }
      const all = (await h.call('GET', '/api/v1/certificates?limit=5000')).json;
      let sum = 0;
      for (const state of CERTIFICATE_STATES) sum += (await h.call('GET', `/api/v1/certificates?state=${state}&limit=5000`)).json.total;
      expect(sum).toBe(all.total); // the states partition the inventory
    });
  });

  describe('settings and deletion', () => {
    it('refuses auto-renew where Gatehouse cannot renew, and deletion while bound or issuing', async () => {
      const key = await generateKeyPair();
      const outside = issueCertificate({ subject: { commonName: 'outside-ca-leaf' }, issuer: 'self', privateKey: key.privateKey, validity: { notBefore: new Date(), notAfter: new Date(Date.now() + 10 * DAY) }, isCA: false, keyUsage: ['digitalSignature'], extKeyUsage: [] });
      const imported = await h.call('POST', '/api/v1/certificates/import', { body: { certificate: outside.pem } });
      expect(imported.json.purpose).toBe('other');
      const refused = await h.call('PUT', `/api/v1/certificates/${imported.json.id}/settings`, { body: { autoRenew: true } });
      expect(refused.status).toBe(400);
      expect(refused.json.details[0].path).toBe('autoRenew');
      const renamed = await h.call('PUT', `/api/v1/certificates/${imported.json.id}/settings`, { body: { name: 'renamed' } });
      expect(renamed.json.name).toBe('renamed');

      expect((await h.call('DELETE', `/api/v1/certificates/${caId}`)).status).toBe(409);
      const leaf = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: caId, sans: ['gone.example.com'] } });
      const bound = await h.call('POST', `/api/v1/certificates/${leaf.json.id}/bindings`, { body: { namespace: 'gone', name: 'gone-tls', shape: 'tls' } });
      const blocked = await h.call('DELETE', `/api/v1/certificates/${leaf.json.id}`);
      expect(blocked.status).toBe(409);
      expect(blocked.json.message).toMatch(/Secret gone\/gone-tls/);
      expect((await h.call('DELETE', `/api/v1/certificates/${leaf.json.id}/bindings/${bound.json.binding.id}`)).status).toBe(200);
      const kept = await h.call('GET', '/api/v1/namespaces/gone/secrets/gone-tls');
      expect(kept.status).toBe(200); // unbinding keeps the Secret and its values, without the binding's annotation
      expect(Object.keys(kept.json.dataInfo).sort()).toEqual(['tls.crt', 'tls.key']);
      expect(kept.json.metadata.annotations?.['gatehouse.dev/certificate']).toBeUndefined();
      expect((await h.call('DELETE', `/api/v1/certificates/${leaf.json.id}`)).status).toBe(200);
      expect((await h.call('GET', `/api/v1/certificates/${leaf.json.id}`)).status).toBe(404);
      const audit = await h.call('GET', `/api/v1/audit-events?name=${leaf.json.id}`);
      expect(audit.json.items.map((e: { action: string }) => e.action)).toEqual(['certificate.delete', 'certificate.unbind', 'certificate.bind', 'certificate.create']);
    });
  });

  describe('tRPC', () => {
    it('offers the same operations with the same roles', async () => {
      const headers = (token: string) => new Headers({ authorization: `Bearer ${token}`, 'user-agent': 'trpc-test' });
      const admin = createCaller(await createContextInner(h.rt, { headers: headers(ADMIN_TOKEN) }));
      const viewer = createCaller(await createContextInner(h.rt, { headers: headers(await h.tokenFor('viewer')) }));
      const root = await admin.certificates.createRootCa({ subject: { commonName: 'tRPC CA' } });
      const leaf = await admin.certificates.issue({ issuerId: root.id, sans: 'trpc.example.com, 192.0.2.1', profile: 'server' });
      expect(leaf.sans).toMatchObject({ dns: ['trpc.example.com'], ip: ['192.0.2.1'] });
      expect((await viewer.certificates.get({ id: leaf.id })).pem).toBe(leaf.pem);
      expect((await viewer.certificates.list({ issuerId: root.id })).items).toHaveLength(1);
      await expect(viewer.certificates.export({ id: leaf.id, options: { what: 'privateKey', format: 'pem' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(viewer.certificates.revoke({ id: leaf.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      const p12 = await admin.certificates.export({ id: leaf.id, options: { what: 'pkcs12', format: 'pem', password: 'trpc-pass' } });
      expect(p12.contentType).toBe('application/pkcs12');
      await expect(admin.certificates.issue({ issuerId: leaf.id, sans: ['x.example.com'], profile: 'server' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      expect((await admin.certificates.crl({ id: root.id })).pem).toMatch(/BEGIN X509 CRL/);
    });
  });
});
