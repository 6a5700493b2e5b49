import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { zodIssuesToDetails } from '@gatehouse/domain/errors/zod-issues';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { createContextInner } from '../src/server/trpc/init';
import { createCaller } from '../src/server/trpc/root';
import { ADMIN_TOKEN, createHarness, type Harness } from './support/console-harness';
import { openssl, scratchDir } from './support/openssl-cli';

const headers = (token: string) => new Headers({ authorization: `Bearer ${token}`, 'user-agent': 'preview-test' });
type Caller = ReturnType<typeof createCaller>;

/** Details of a refused call: the paths and messages the wizard maps back to its steps. */
async function refusal(p: Promise<unknown>): Promise<{ code: string; details: { path: string; message: string }[] }> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(TRPCError);
  // Services throw DomainErrors; tRPC's own input validation a ZodError: the client sees both as `details` (init.ts).
  const cause = (e as TRPCError).cause;
  const details = cause instanceof ZodError ? zodIssuesToDetails(cause) : ((cause as unknown as { details?: { path: string; message: string }[] } | undefined)?.details ?? []);
  return { code: (e as TRPCError).code, details };
}

forEachDatabase((t) => {
  let h: Harness;
  let admin: Caller;
  const files = scratchDir();
  beforeAll(async () => {
    h = await createHarness(t.db);
    admin = createCaller(await createContextInner(h.rt, { headers: headers(ADMIN_TOKEN) }));
  });
  afterAll(() => files.remove());

  /** Everything a dry run must leave untouched: inventory rows, audit events, the store revision. */
  const footprint = async () => ({
    certificates: await t.db.prisma.certificate.count(),
    audit: await t.db.prisma.auditEvent.count(),
    revision: (await t.db.prisma.storeRevision.findUnique({ where: { id: 1 } }))?.revision ?? 0,
  });

  describe('certificateWizard.preview runs the operation as a dry run', () => {
    let rootId = '';
    it('shows a root CA as it will be, and writes nothing', async () => {
      const before = await footprint();
      const preview = await admin.certificateWizard.preview({ intent: 'root-ca', input: { subject: { commonName: 'flomesh.io' }, key: { algorithm: 'rsa', size: 2048 } } });
      expect(await footprint()).toEqual(before);
      expect(preview).toMatchObject({ isCA: true, pathLen: 1, keyAlgorithm: 'rsa', keySize: 2048, subject: 'CN = flomesh.io', isSelfSigned: true, chainLength: 0, warnings: [] });
      expect(preview.text).toMatch(/CA:TRUE, pathlen:1/);
      expect(preview.text).toMatch(/Public-Key: \(2048 bit\)/);
      expect(JSON.stringify(preview)).not.toMatch(/BEGIN (CERTIFICATE|PRIVATE KEY)/);
      expect(preview).not.toHaveProperty('id');
    });

    it('previews a server certificate exactly as issuing then makes it (same names, usages, issuer, lifetime)', async () => {
      rootId = (await admin.certificates.createRootCa({ subject: { commonName: 'Preview Root' } })).id;
      const input = { issuerId: rootId, profile: 'server' as const, subject: { commonName: 'foo.example.com' }, sans: ['foo.example.com', '10.0.0.1'], validityDays: 365 };
      const before = await footprint();
      const preview = await admin.certificateWizard.preview({ intent: 'issue', input });
      expect(await footprint()).toEqual(before);
      const made = await admin.certificates.issue(input);
      for (const k of ['subject', 'issuer', 'issuerId', 'sans', 'keyUsage', 'extKeyUsage', 'isCA', 'keyAlgorithm', 'curve', 'purpose'] as const) expect(preview[k], k).toEqual(made[k]);
      expect(Math.abs(Date.parse(preview.notAfter) - Date.parse(made.notAfter))).toBeLessThan(60_000);
      // The decoded views agree line by line once what is unique to each signing is left out.
      const stable = (text: string) => text.split('\n').filter((l) => !/Serial|^\s+[0-9a-f]{2}(:[0-9a-f]{2})+$|Not (Before|After)|Fingerprint|Key Identifier|^\s+[0-9A-F]{2}(:[0-9A-F]{2})+$/.test(l)).join('\n');
      expect(stable(preview.text)).toBe(stable(made.text));
      expect(preview.chainLength).toBe(1);
      expect(preview.advice).toEqual([]);
    });

    it('gives advice on wildcards, missing SANs and a common name outside the SANs', async () => {
      const wildcard = await admin.certificateWizard.preview({ intent: 'issue', input: { issuerId: rootId, subject: { commonName: 'shop.example.com' }, sans: ['*.example.com'] } });
      expect(wildcard.advice.join('\n')).toMatch(/\*\.example\.com covers exactly one label/);
      expect(wildcard.advice.join('\n')).toMatch(/common name shop\.example\.com is not among/);
      const bare = await admin.certificateWizard.preview({ intent: 'issue', input: { issuerId: rootId, subject: { commonName: 'foo.example.com' } } });
      expect(bare.advice.join('\n')).toMatch(/No subject alternative name/);
    });

    it('refuses what "Create" would refuse, with the same field paths (a leaf outliving its issuer, bad SANs)', async () => {
      const outlives = await refusal(admin.certificateWizard.preview({ intent: 'issue', input: { issuerId: rootId, sans: ['foo.example.com'], validityDays: 36_000 } }));
      expect(outlives.code).toBe('BAD_REQUEST');
      expect(outlives.details[0]).toMatchObject({ path: 'validityDays' });
      expect(outlives.details[0]?.message).toMatch(/would outlive its issuer Preview Root/);
      const bad = await refusal(admin.certificateWizard.preview({ intent: 'issue', input: { issuerId: rootId, sans: ['ok.example.com', 'a.*.example.com'] } }));
      expect(bad.details).toEqual([{ path: 'sans[1]', message: expect.stringMatching(/wildcard is only allowed as the whole leftmost label/) as unknown as string }]);
      const noCn = await refusal(admin.certificateWizard.preview({ intent: 'root-ca', input: { subject: {} } }));
      expect(noCn.details.map((d) => d.path)).toEqual(['input.subject.commonName']);
    });

    it('shortens a default lifetime to the issuer and says so', async () => {
      const short = await admin.certificates.createRootCa({ subject: { commonName: 'Short Root' }, validityDays: 30 });
      const preview = await admin.certificateWizard.preview({ intent: 'issue', input: { issuerId: short.id, sans: ['foo.example.com'] } });
      expect(preview.notAfter).toBe(short.notAfter);
      expect(preview.warnings.join()).toMatch(/shortened to the issuer's notAfter/);
    });

    it('previews an import (an OpenSSL-made certificate) without storing it', async () => {
      await openssl(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'k.pem', '-out', 'c.pem', '-days', '30', '-subj', '/CN=imported.example.com', '-addext', 'subjectAltName=DNS:imported.example.com'], files.dir);
      const before = await footprint();
      const preview = await admin.certificateWizard.preview({ intent: 'import', input: { certificate: files.read('c.pem').toString(), privateKey: files.read('k.pem').toString() } });
      expect(await footprint()).toEqual(before);
      expect(preview).toMatchObject({ origin: 'imported', hasPrivateKey: true, commonName: 'imported.example.com', sans: { dns: ['imported.example.com'] } });
      // A key that belongs to another certificate is refused in the preview already.
      await openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'other.pem'], files.dir);
      const mismatch = await refusal(admin.certificateWizard.preview({ intent: 'import', input: { certificate: files.read('c.pem').toString(), privateKey: files.read('other.pem').toString() } }));
      expect(mismatch.details[0]?.path).toBe('privateKey');
    });

    it('is for those who may create certificates: a viewer is refused', async () => {
      const viewer = createCaller(await createContextInner(h.rt, { headers: headers(await h.tokenFor('viewer')) }));
      const r = await refusal(viewer.certificateWizard.preview({ intent: 'root-ca', input: { subject: { commonName: 'nope' } } }));
      expect(r.code).toBe('FORBIDDEN');
    });
  });

  describe('certificateWizard.inspectCsr', () => {
    it('reads subject, SANs and key of an OpenSSL-made request', async () => {
      await openssl(['req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'csr-key.pem', '-out', 'req.csr', '-subj', '/C=DE/O=Example/CN=api.example.com', '-addext', 'subjectAltName=DNS:api.example.com,IP:10.1.2.3'], files.dir);
      const view = await admin.certificateWizard.inspectCsr({ csr: files.read('req.csr').toString() });
      expect(view).toMatchObject({
        subject: { commonName: 'api.example.com', organization: 'Example', country: 'DE' },
        sans: { dns: ['api.example.com'], ip: ['10.1.2.3'] },
        keyAlgorithm: 'rsa', keySize: 2048, signatureValid: true,
      });
      expect(view.requestedExtensions).toContain('X509v3 Subject Alternative Name');
      // DER (base64) works as well as PEM.
      await openssl(['req', '-in', 'req.csr', '-outform', 'DER', '-out', 'req.der'], files.dir);
      expect((await admin.certificateWizard.inspectCsr({ csr: files.read('req.der').toString('base64') })).subject.commonName).toBe('api.example.com');
    });
    it('says what is wrong with something that is not a CSR', async () => {
      const r = await refusal(admin.certificateWizard.inspectCsr({ csr: 'hello, world' }));
      expect(r.code).toBe('BAD_REQUEST');
      expect(r.details[0]?.path).toBe('csr');
    });
  });
});
