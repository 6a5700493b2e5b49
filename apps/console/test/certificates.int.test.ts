import { readFileSync, existsSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { generateKeyPair } from '@gatehouse/certs/keys/generate-key';
import { issueCertificate } from '@gatehouse/certs/x509/issue-certificate';
import { createHarness, type Harness } from './support/console-harness';
import { freePort, openssl, scratchDir, startSServer } from './support/openssl-cli';
import { rawCall } from './support/raw-call';

const DAY = 24 * 60 * 60 * 1000;

/** Everything secret the tests saw leave the API: what must never show up anywhere else. */
function keyMaterial(pems: string[]): { needles: string[]; ders: Buffer[] } {
  // PEM body lines, the raw secret and its hex/base64 forms.
  const needles: string[] = [];
  const ders: Buffer[] = [];
  for (const pem of pems) {
    const body = pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----'));
    needles.push(...body.filter((l) => l.length >= 40));
    // The secret itself (EC private scalar, RSA private exponent), as raw bytes and in the encodings a leak would use.
    const d = Buffer.from(createPrivateKey(pem).export({ format: 'jwk' }).d ?? '', 'base64url');
    expect(d.length).toBeGreaterThanOrEqual(32);
    ders.push(d.subarray(0, 32));
    needles.push(d.toString('hex').slice(0, 48), d.toString('base64').slice(0, 40));
  }
  return { needles, ders };
}

forEachDatabase((t) => {
  let h: Harness;
  const files = scratchDir();
  const ids: Record<string, string> = {};
  const keys: string[] = [];
  beforeAll(async () => {
    h = await createHarness(t.db);
  });
  afterAll(() => files.remove());

  const pemOf = async (id: string, what = 'certificate') => {
    const r = await h.call('GET', `/api/v1/certificates/${id}/export?what=${what}`);
    expect(r.status, r.text).toBe(200);
    return r.text;
  };

  describe('a CA, an intermediate, a server and a client certificate made through the API', () => {
    it('creates them with the documented defaults', async () => {
      const root = await h.call('POST', '/api/v1/certificates/root-ca', { body: { subject: { commonName: 'Gatehouse Test Root', organization: 'Gatehouse' } } });
      expect(root.status, root.text).toBe(201);
      expect(root.json).toMatchObject({ isCA: true, pathLen: 1, keyAlgorithm: 'ecdsa', curve: 'P-256', state: 'valid', hasPrivateKey: true, isSelfSigned: true, purpose: 'ca', warnings: [] });
      expect(new Date(root.json.notAfter).getTime() - Date.now()).toBeGreaterThan(3650 * DAY - 2 * DAY);
      expect(JSON.stringify(root.json)).not.toMatch(/PRIVATE KEY/);
      ids.root = root.json.id;

      const inter = await h.call('POST', '/api/v1/certificates/intermediate-ca', { body: { issuerId: ids.root, subject: { commonName: 'Gatehouse Issuing CA' } } });
      expect(inter.status, inter.text).toBe(201);
      expect(inter.json).toMatchObject({ isCA: true, pathLen: 0, issuerId: ids.root, issuer: 'O = Gatehouse, CN = Gatehouse Test Root' });
      // The default 10 years would outlive the root by the seconds between the two requests: shortened, said so.
      expect(inter.json.warnings.join()).toMatch(/shortened/);
      expect(inter.json.notAfter).toBe(root.json.notAfter);
      ids.inter = inter.json.id;

      const server = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: ids.inter, subject: { commonName: 'foo.example.com' }, sans: 'foo.example.com, 127.0.0.1' } });
      expect(server.status, server.text).toBe(201);
      expect(server.json).toMatchObject({ purpose: 'server', sans: { dns: ['foo.example.com'], ip: ['127.0.0.1'], uri: [], email: [] }, keyUsage: ['digitalSignature'], extKeyUsage: ['serverAuth'], keyAlgorithm: 'ecdsa' });
      const lifetime = new Date(server.json.notAfter).getTime() - new Date(server.json.notBefore).getTime();
      expect(Math.round(lifetime / DAY)).toBe(397);
      expect(server.json.chain).toHaveLength(2);
      ids.server = server.json.id;

      const client = await h.call('POST', '/api/v1/certificates/issue', {
        body: { issuerId: ids.inter, profile: 'client', subject: { commonName: 'client-1' }, sans: ['client1@example.com'], key: { algorithm: 'rsa', size: 2048 } },
      });
      expect(client.status, client.text).toBe(201);
      expect(client.json).toMatchObject({ purpose: 'client', keyAlgorithm: 'rsa', keySize: 2048, extKeyUsage: ['clientAuth'], sans: { email: ['client1@example.com'] } });
      expect(Math.round((new Date(client.json.notAfter).getTime() - new Date(client.json.notBefore).getTime()) / DAY)).toBe(365);
      ids.client = client.json.id;
    });

    it('refuses a leaf that would outlive its issuer, naming the field', async () => {
      const r = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: ids.inter, subject: { commonName: 'long.example.com' }, validityDays: 4000 } });
      expect(r.status).toBe(400);
      expect(r.json.details[0].path).toBe('validityDays');
      expect(r.json.message).toMatch(/outlive its issuer/);
      const notCa = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: ids.server, sans: ['x.example.com'] } });
      expect(notCa.status).toBe(400);
      expect(notCa.json.message).toMatch(/not a CA/);
      const empty = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: ids.inter } });
      expect(empty.status).toBe(400);
      expect(empty.json.details.map((d: { path: string }) => d.path)).toContain('sans');
    });

    it('openssl verify accepts the chains; openssl x509 -text shows the SANs, usages and validity', async () => {
      files.write('root.pem', await pemOf(ids.root!));
      files.write('inter.pem', await pemOf(ids.inter!));
      files.write('server.pem', await pemOf(ids.server!));
      files.write('client.pem', await pemOf(ids.client!));
      const chain = await pemOf(ids.server!, 'chain');
      expect(chain.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
      const server = await openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'inter.pem', '-purpose', 'sslserver', 'server.pem'], files.dir);
      expect(server.stdout + server.stderr).toMatch(/server.pem: OK/);
      const client = await openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'inter.pem', '-purpose', 'sslclient', 'client.pem'], files.dir);
      expect(client.stdout + client.stderr).toMatch(/client.pem: OK/);
      const wrongPurpose = await openssl(['verify', '-CAfile', 'root.pem', '-untrusted', 'inter.pem', '-purpose', 'sslclient', 'server.pem'], files.dir);
      expect(wrongPurpose.code).not.toBe(0);

      const text = (await openssl(['x509', '-in', 'server.pem', '-noout', '-text'], files.dir)).stdout;
      expect(text).toContain('DNS:foo.example.com, IP Address:127.0.0.1');
      expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
      expect(text).toContain('TLS Web Server Authentication');
      expect(text).toMatch(/CA:FALSE/);
      const detail = await h.call('GET', `/api/v1/certificates/${ids.server}`);
      const enddate = (await openssl(['x509', '-in', 'server.pem', '-noout', '-enddate'], files.dir)).stdout.trim().replace('notAfter=', '');
      expect(new Date(enddate).toISOString()).toBe(detail.json.notAfter);
      expect(detail.json.text).toContain('DNS:foo.example.com');
      const caText = (await openssl(['x509', '-in', 'inter.pem', '-noout', '-text'], files.dir)).stdout;
      expect(caText).toMatch(/CA:TRUE, pathlen:0/);
      expect(caText).toMatch(/Certificate Sign, CRL Sign/);
    });

    it('the server certificate and key serve TLS that s_client verifies against the CA (and the client certificate is accepted)', async () => {
      const serverKey = await pemOf(ids.server!, 'privateKey');
      const clientKey = await pemOf(ids.client!, 'privateKey');
      keys.push(serverKey, clientKey);
      files.write('server.key', serverKey);
      files.write('client.key', clientKey);
      const port = await freePort();
      const server = await startSServer(['-accept', `127.0.0.1:${port}`, '-cert', 'server.pem', '-key', 'server.key', '-cert_chain', 'inter.pem', '-CAfile', 'root.pem', '-Verify', '2', '-verify_return_error', '-naccept', '1'], files.dir);
      try {
        const r = await openssl(
          ['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'foo.example.com', '-verify_hostname', 'foo.example.com', '-CAfile', 'root.pem', '-verify_return_error', '-cert', 'client.pem', '-key', 'client.key', '-cert_chain', 'inter.pem'],
          files.dir,
          'Q\n',
        );
        expect(r.stdout, r.stderr).toMatch(/Verify return code: 0 \(ok\)/);
      } finally {
        server.kill('SIGTERM');
      }
    });
  });

  describe('import', () => {
    it('imports a PKCS#12 made by openssl pkcs12 -export with its password, and refuses it without or with a wrong one', async () => {
      await openssl(['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', 'p12.key', '-out', 'p12.crt', '-subj', '/CN=p12.example.com', '-days', '30', '-addext', 'subjectAltName=DNS:p12.example.com'], files.dir);
      for (const [file, extra] of [['modern.p12', []], ['legacy.p12', ['-legacy']]] as const) {
        const made = await openssl(['pkcs12', '-export', ...extra, '-in', 'p12.crt', '-inkey', 'p12.key', '-out', file, '-passout', 'pass:s3cret pass'], files.dir);
        expect(made.code, made.stderr).toBe(0);
      }
      const p12 = files.read('modern.p12').toString('base64');
      const without = await h.call('POST', '/api/v1/certificates/import', { body: { pkcs12: p12 } });
      expect(without.status).toBe(400);
      expect(without.json.details[0]).toMatchObject({ path: 'password' });
      expect(without.json.message).toMatch(/password-protected/);
      const wrong = await h.call('POST', '/api/v1/certificates/import', { body: { pkcs12: p12, password: 'nope' } });
      expect(wrong.status).toBe(400);
      expect(wrong.json.message).toMatch(/wrong password/);
      const ok = await h.call('POST', '/api/v1/certificates/import', { body: { pkcs12: p12, password: 's3cret pass', name: 'p12 import' } });
      expect(ok.status, ok.text).toBe(201);
      expect(ok.json).toMatchObject({ origin: 'imported', hasPrivateKey: true, commonName: 'p12.example.com', keyAlgorithm: 'rsa', isSelfSigned: true });
      const fp = (await openssl(['x509', '-in', 'p12.crt', '-noout', '-fingerprint', '-sha256'], files.dir)).stdout.trim().split('=')[1];
      expect(ok.json.fingerprints.sha256).toBe(fp);
      const again = await h.call('POST', '/api/v1/certificates/import', { body: { pkcs12: files.read('legacy.p12').toString('base64'), password: 's3cret pass' } });
      expect(again.status).toBe(409); // the same certificate, now from the legacy profile: already in the inventory
      const exported = await pemOf(ok.json.id, 'privateKey');
      keys.push(exported);
      files.write('p12-export.key', exported);
      const a = await openssl(['pkey', '-in', 'p12.key', '-pubout'], files.dir);
      const b = await openssl(['pkey', '-in', 'p12-export.key', '-pubout'], files.dir);
      expect(b.stdout).toBe(a.stdout);
    });

    it('imports PEM and DER with key and chain, stores the chain leaf first, links the issuer', async () => {
      const key = await generateKeyPair();
      const inter = await h.call('GET', `/api/v1/certificates/${ids.inter}`);
      const rootPem = await pemOf(ids.root!);
      // Made outside the console (a CSR round trip would do the same): signed by the intermediate's key.
      const interKey = await pemOf(ids.inter!, 'privateKey');
      keys.push(interKey, key.privateKeyPem);
      const now = new Date();
      const leaf = issueCertificate({
        subject: { commonName: 'outside.example.com' }, sans: ['outside.example.com'], issuer: { cert: inter.json.pem, key: interKey }, publicKey: key.publicKey,
        validity: { notBefore: now, notAfter: new Date(now.getTime() + 30 * DAY) }, isCA: false, keyUsage: ['digitalSignature'], extKeyUsage: ['serverAuth'],
      });
      // Bundle in the wrong order: root, leaf, intermediate.
      const r = await h.call('POST', '/api/v1/certificates/import', { body: { certificate: rootPem + leaf.pem + inter.json.pem, privateKey: key.privateKeyPem } });
      expect(r.status, r.text).toBe(201);
      expect(r.json).toMatchObject({ commonName: 'outside.example.com', issuerId: ids.inter, hasPrivateKey: true, warnings: [] });
      expect(r.json.chain.map((c: string) => c.trim())).toEqual([inter.json.pem.trim(), rootPem.trim()]);
      await h.call('DELETE', `/api/v1/certificates/${r.json.id}`);
      const der = await h.call('POST', '/api/v1/certificates/import', { body: { certificate: leaf.der.toString('base64') } });
      expect(der.status, der.text).toBe(201);
      expect(der.json).toMatchObject({ issuerId: ids.inter, hasPrivateKey: false });
      expect(der.json.chain).toHaveLength(2); // filled in from the inventory issuer
    });

    it('answers garbage, truncated PEM, a key that does not match and oversize uploads with a 4xx naming the problem', async () => {
      const serverPem = await pemOf(ids.server!);
      const clientKey = await pemOf(ids.client!, 'privateKey');
      const cases: [unknown, number, string, RegExp][] = [
        [{ certificate: 'hello, I am not a certificate' }, 400, 'certificate', /neither PEM .* nor base64/],
        [{ certificate: Buffer.from('just some bytes').toString('base64') }, 400, 'certificate', /neither PEM nor DER/],
        [{ certificate: serverPem.slice(0, serverPem.length / 2) }, 400, 'certificate', /END|truncated/i],
        [{ certificate: serverPem, privateKey: clientKey }, 400, 'privateKey', /does not belong/],
        [{ certificate: serverPem, privateKey: 'not a key' }, 400, 'privateKey', /neither PEM/],
        [{ pkcs12: serverPem }, 400, 'pkcs12', /not PEM/],
        [{}, 400, 'certificate', /give certificate/],
        [{ certificate: 'A'.repeat(2 * 1024 * 1024) }, 413, 'certificate', /limit is 1048576 bytes/],
      ];
      for (const [body, status, path, message] of cases) {
        const r = await h.call('POST', '/api/v1/certificates/import', { body });
        expect(r.status, JSON.stringify(body).slice(0, 80)).toBe(status);
        expect(r.json.details[0].path).toBe(path);
        expect(r.json.message).toMatch(message);
      }
      const huge = await h.call('POST', '/api/v1/certificates/import', { body: { certificate: 'A'.repeat(10 * 1024 * 1024) } });
      expect(huge.status).toBe(413);
      expect(huge.json.message).toMatch(/larger than 8 MiB/);
      expect((await h.call('POST', '/api/v1/certificates/import', { body: '{"certificate":' })).status).toBe(400);
    });

    it('imports an expired certificate with a warning, and shows it as expired', async () => {
      const key = await generateKeyPair();
      const long = new Date(Date.now() - 400 * DAY);
      const old = issueCertificate({ subject: { commonName: 'old.example.com' }, issuer: 'self', privateKey: key.privateKey, validity: { notBefore: long, notAfter: new Date(long.getTime() + 30 * DAY) }, isCA: false, keyUsage: ['digitalSignature'], extKeyUsage: ['serverAuth'] });
      const r = await h.call('POST', '/api/v1/certificates/import', { body: { certificate: old.pem } });
      expect(r.status, r.text).toBe(201);
      expect(r.json.state).toBe('expired');
      expect(r.json.warnings.join()).toMatch(/expired at/);
    });
  });

  describe('revocation and CRL', () => {
    it('lists revoked serials in the CA\'s CRL, which openssl crl reads and openssl verify -crl_check enforces', async () => {
      const revoked = await h.call('POST', `/api/v1/certificates/${ids.client}/revoke`, { body: { reason: 'keyCompromise' } });
      expect(revoked.status, revoked.text).toBe(200);
      expect(revoked.json).toMatchObject({ state: 'revoked', revocationReason: 'keyCompromise' });
      expect((await h.call('POST', `/api/v1/certificates/${ids.client}/revoke`, { body: {} })).status).toBe(409);
      expect((await h.call('POST', `/api/v1/certificates/${ids.client}/revoke`, { body: { reason: 'removeFromCRL' } })).status).toBe(400);

      const crl = await h.call('GET', `/api/v1/certificates/${ids.inter}/crl`);
      expect(crl.status).toBe(200);
      expect(crl.text).toMatch(/^-----BEGIN X509 CRL-----/);
      files.write('crl.pem', crl.text);
      files.write('cas.pem', files.read('inter.pem').toString() + files.read('root.pem').toString());
      const read = await openssl(['crl', '-in', 'crl.pem', '-noout', '-text', '-CAfile', 'cas.pem'], files.dir);
      expect(read.stderr).toMatch(/verify OK/);
      expect(read.stdout).toContain(`Serial Number: ${revoked.json.serialHex}`);
      expect(read.stdout).toContain('Key Compromise');
      expect(read.stdout).not.toContain(`Serial Number: ${(await h.call('GET', `/api/v1/certificates/${ids.server}`)).json.serialHex}`);

      const der = await rawCall(h, 'GET', `/api/v1/certificates/${ids.inter}/crl?format=der`);
      expect(der.headers.get('content-type')).toBe('application/pkix-crl');
      files.write('crl.der', der.bytes);
      expect((await openssl(['crl', '-inform', 'DER', '-in', 'crl.der', '-noout', '-CAfile', 'cas.pem'], files.dir)).stderr).toMatch(/verify OK/);
      const byAccept = await rawCall(h, 'GET', `/api/v1/certificates/${ids.inter}/crl`, { headers: { accept: 'application/pkix-crl' } });
      expect(byAccept.bytes[0]).toBe(0x30);

      const revokedCheck = await openssl(['verify', '-crl_check', '-CRLfile', 'crl.pem', '-CAfile', 'root.pem', '-untrusted', 'inter.pem', 'client.pem'], files.dir);
      expect(revokedCheck.code).not.toBe(0);
      expect(revokedCheck.stdout + revokedCheck.stderr).toMatch(/certificate revoked/);
      const goodCheck = await openssl(['verify', '-crl_check', '-CRLfile', 'crl.pem', '-CAfile', 'root.pem', '-untrusted', 'inter.pem', 'server.pem'], files.dir);
      expect(goodCheck.stdout).toMatch(/server.pem: OK/);
      expect((await h.call('GET', `/api/v1/certificates/${ids.server}/crl`)).status).toBe(404);
    });
  });

  describe('export', () => {
    it('gives certificates and chains to readers, keys and PKCS#12 to admins only, and audits every export', async () => {
      const viewer = await h.tokenFor('viewer');
      const editor = await h.tokenFor('editor');
      const before = (await h.call('GET', '/api/v1/audit-events?action=certificate.export&limit=1000')).json.items.length;
      const cert = await h.call('GET', `/api/v1/certificates/${ids.server}/export?what=chain`, { token: viewer });
      expect(cert.status).toBe(200);
      expect(cert.headers.get('content-disposition')).toMatch(/foo.example.com-chain.pem/);
      const der = await rawCall(h, 'GET', `/api/v1/certificates/${ids.server}/export?what=certificate&format=der`, { token: viewer });
      expect(der.headers.get('content-type')).toBe('application/pkix-cert');
      files.write('server.der', der.bytes);
      expect((await openssl(['x509', '-inform', 'DER', '-in', 'server.der', '-noout', '-subject'], files.dir)).stdout).toMatch(/CN ?= ?foo.example.com/);
      expect((await h.call('GET', `/api/v1/certificates/${ids.server}/export?what=chain&format=der`)).status).toBe(400);
      for (const token of [viewer, editor]) {
        expect((await h.call('GET', `/api/v1/certificates/${ids.server}/export?what=privateKey`, { token })).status).toBe(403);
        expect((await h.call('GET', `/api/v1/certificates/${ids.server}/export?what=combined`, { token })).status).toBe(403);
        expect((await h.call('POST', `/api/v1/certificates/${ids.server}/export`, { token, body: { what: 'pkcs12', password: 'pw-1234' } })).status).toBe(403);
      }
      expect((await h.call('POST', `/api/v1/certificates/${ids.server}/export`, { body: { what: 'pkcs12' } })).status).toBe(400);
      const p12 = await rawCall(h, 'POST', `/api/v1/certificates/${ids.server}/export`, { body: { what: 'pkcs12', password: 'pw-1234' } });
      expect(p12.status).toBe(200);
      files.write('server.p12', p12.bytes);
      const opened = await openssl(['pkcs12', '-in', 'server.p12', '-passin', 'pass:pw-1234', '-nodes'], files.dir);
      expect(opened.code, opened.stderr).toBe(0);
      expect(opened.stdout.match(/BEGIN CERTIFICATE/g)).toHaveLength(3);
      expect(opened.stdout).toMatch(/BEGIN PRIVATE[ ]KEY/);
      expect((await openssl(['pkcs12', '-in', 'server.p12', '-passin', 'pass:wrong', '-nodes'], files.dir)).code).not.toBe(0);
      const encrypted = await h.call('POST', `/api/v1/certificates/${ids.server}/export`, { body: { what: 'privateKey', password: 'pw-5678' } });
      expect(encrypted.text).toMatch(/BEGIN ENCRYPTED PRIVATE[ ]KEY/);
      files.write('enc.key', encrypted.text);
      expect((await openssl(['pkey', '-in', 'enc.key', '-passin', 'pass:pw-5678', '-noout'], files.dir)).code).toBe(0);
      const combined = await h.call('GET', `/api/v1/certificates/${ids.server}/export?what=combined`);
      expect(combined.text).toMatch(/BEGIN PRIVATE[ ]KEY[\s\S]*BEGIN CERTIFICATE/);

      const events = (await h.call('GET', '/api/v1/audit-events?action=certificate.export&limit=1000')).json.items;
      expect(events.length - before).toBe(5); // chain, DER, PKCS#12, encrypted key, combined; refused exports leave none
      expect(JSON.stringify(events)).not.toMatch(/pw-1234|pw-5678|PRIVATE KEY/);
      expect(events[0]).toMatchObject({ kind: 'Certificate', name: ids.server, actor: { role: 'admin' } });
      // The event carries the certificate (never its key), so the log names it by its name instead of its id.
      const server = (await h.call('GET', `/api/v1/certificates/${ids.server}`)).json;
      expect(events[0].after.spec.name).toBe(server.name);
    });
  });

  describe('secrecy', () => {
    it('no API read and no audit event contains a private key; the database holds none in clear', async () => {
      const bound = await h.call('POST', `/api/v1/certificates/${ids.server}/bindings`, { body: { namespace: 'secrecy', name: 'server-tls', shape: 'tls', includeCa: true } });
      expect(bound.status, bound.text).toBe(201);
      const list = await h.call('GET', '/api/v1/certificates?limit=5000&includeSuperseded=true');
      const reads = [list.text];
      for (const item of list.json.items) reads.push((await h.call('GET', `/api/v1/certificates/${item.id}`)).text, (await h.call('GET', `/api/v1/certificates/${item.id}/usage`)).text);
      reads.push((await h.call('GET', '/api/v1/audit-events?limit=1000')).text);
      reads.push((await h.call('GET', '/api/v1/namespaces/secrecy/secrets/server-tls')).text, (await h.call('GET', '/api/v1/export')).text, bound.text);
      const { needles, ders } = keyMaterial(keys);
      expect(needles.length).toBeGreaterThan(20);
      for (const text of reads) {
        expect(text).not.toMatch(/PRIVATE KEY/);
        for (const n of needles) expect(text.includes(n)).toBe(false);
      }
      let stored: Buffer;
      if (t.provider === 'sqlite') {
        const file = (t.db as { file: string }).file;
        stored = Buffer.concat([file, `${file}-wal`, `${file}-shm`].filter((f) => existsSync(f)).map((f) => readFileSync(f)));
        expect(stored.length).toBeGreaterThan(10_000);
      } else {
        const rows = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "Certificate"');
        const resources = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "Resource"');
        const audit = await t.db.prisma.$queryRawUnsafe<Record<string, unknown>[]>('SELECT * FROM "AuditEvent"');
        stored = Buffer.from(JSON.stringify([rows, resources, audit]));
      }
      expect(stored.includes('PRIVATE KEY')).toBe(false);
      expect(stored.includes(Buffer.from('PRIVATE KEY').toString('base64').slice(0, 12))).toBe(false);
      for (const n of needles) expect(stored.includes(n)).toBe(false);
      for (const d of ders) expect(stored.includes(d)).toBe(false);
      // …while the certificates themselves are there in clear (the search would find key material if it were).
      expect(stored.includes('BEGIN CERTIFICATE')).toBe(true);
    });
  });

  describe('list, roles and OpenAPI', () => {
    it('pages and filters the inventory; viewers read, cannot write', async () => {
      const all = await h.call('GET', '/api/v1/certificates');
      expect(all.status).toBe(200);
      expect(all.json.total).toBe(all.json.items.length);
      const names = all.json.items.map((i: { name: string }) => i.name);
      expect([...names].sort()).toEqual(names);
      const page1 = await h.call('GET', '/api/v1/certificates?limit=2');
      expect(page1.json.items).toHaveLength(2);
      const page2 = await h.call('GET', `/api/v1/certificates?limit=2&continue=${page1.json.continue}`);
      expect(page2.json.items[0].name >= page1.json.items[1].name).toBe(true);
      const cas = await h.call('GET', '/api/v1/certificates?ca=true');
      expect(cas.json.items.every((i: { isCA: boolean }) => i.isCA)).toBe(true);
      const issued = await h.call('GET', `/api/v1/certificates?issuerId=${ids.inter}`);
      expect(issued.json.items.map((i: { id: string }) => i.id)).toEqual(expect.arrayContaining([ids.server, ids.client]));
      for (const state of ['valid', 'revoked', 'expired']) {
        const r = await h.call('GET', `/api/v1/certificates?state=${state}`);
        expect(r.json.items.length, state).toBeGreaterThan(0);
        expect(r.json.items.every((i: { state: string }) => i.state === state)).toBe(true);
      }
      expect((await h.call('GET', '/api/v1/certificates?state=sunny')).status).toBe(400);
      const viewer = await h.tokenFor('viewer');
      expect((await h.call('GET', '/api/v1/certificates', { token: viewer })).status).toBe(200);
      expect((await h.call('POST', '/api/v1/certificates/root-ca', { token: viewer, body: { subject: { commonName: 'v' } } })).status).toBe(403);
      expect((await h.call('GET', '/api/v1/certificates', { token: await h.tokenFor('worker') })).status).toBe(403);
      expect((await h.call('GET', '/api/v1/certificates', { token: null })).status).toBe(401);
      expect((await h.call('GET', '/api/v1/certificates/no-such-id')).status).toBe(404);
    });

    it('describes every certificate operation in the OpenAPI document', async () => {
      const doc = await h.call('GET', '/api/v1/openapi.json', { token: null });
      for (const p of ['/api/v1/certificates', '/api/v1/certificates/root-ca', '/api/v1/certificates/issue', '/api/v1/certificates/import', '/api/v1/certificates/sign-csr', '/api/v1/certificates/{id}/crl', '/api/v1/certificates/{id}/bindings', '/api/v1/certificates/{id}/renew']) {
        expect(Object.keys(doc.json.paths), p).toContain(p);
      }
      const issue = doc.json.paths['/api/v1/certificates/issue'].post;
      expect(issue.requestBody.content['application/json'].schema.properties.profile.enum).toEqual(['server', 'client', 'server+client']);
      expect(doc.json.paths['/api/v1/certificates'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['state', 'issuerId', 'limit', 'continue']));
    });
  });
});
