/**
 * Listing the certificate inventory through the REST API (issue 3 §5): 5,000 certificates in SQLite, read with
 * GET /api/v1/certificates through the same handler Next.js mounts (authentication, query, JSON), in-process.
 * Part of `npm run bench:pki` (after packages/certs/bench/pki.bench.ts). Medians over BENCH_RUNS (default 20).
 *
 * The 5,000 rows are one real issued certificate stored 5,000 times with distinct ids, names, serials and
 * fingerprints (listing reads columns, never parses PEM, so the certificate bytes do not change the cost);
 * issuing 5,000 real ones would take ~20 s and measure issuing, not listing.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCertificate } from '@gatehouse/certs/x509/decode-certificate';
import { openDatabase } from '@gatehouse/db/open-database';
import { systemContext } from '../src/server/auth/principal';
import { readConsoleEnv } from '../src/server/env';
import { createRestHandler } from '../src/server/rest/router';
import { createRuntime } from '../src/server/runtime';
import { buildCertificateRow } from '../src/server/services/certificates/certificate-record';
import { createRootCa, issueLeafCertificate } from '../src/server/services/certificates/issue.service';

const COUNT = 5000;
const RUNS = Number(process.env.BENCH_RUNS ?? 20);
const TOKEN = `gh_bench-${randomBytes(16).toString('hex')}`;

async function measure(name: string, runs: number, op: () => Promise<unknown>): Promise<void> {
  for (let i = 0; i < 3; i++) await op();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await op();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  console.log(`${name.padEnd(52)} ${at(0.5).toFixed(3).padStart(9)} ms   (p10 ${at(0.1).toFixed(3)}, p90 ${at(0.9).toFixed(3)}; n=${runs})`);
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const db = await openDatabase({ dataDir });
  try {
    const env = readConsoleEnv({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_BOOTSTRAP_TOKEN: TOKEN, GATEHOUSE_CERT_RENEW_INTERVAL: '0', GATEHOUSE_LOG_LEVEL: 'silent' });
    const rt = await createRuntime({ env, db, log: { info() {}, warn() {}, error() {} } });
    const ctx = systemContext('bench');
    const ca = await createRootCa(rt, ctx, { subject: { commonName: 'Bench CA' } });
    const leaf = await issueLeafCertificate(rt, ctx, { issuerId: ca.id, subject: { commonName: 'bench.example.com' }, sans: ['bench.example.com'] });
    const template = await db.prisma.certificate.findUniqueOrThrow({ where: { id: leaf.id } });
    const now = new Date();
    const view = decodeCertificate(template.certificatePem);
    // The CA and the leaf above are two of the COUNT.
    for (let start = 0; start < COUNT - 2; start += 500) {
      const batch = [];
      for (let i = start; i < Math.min(COUNT - 2, start + 500); i++) {
        const id = randomUUID();
        batch.push({
          ...buildCertificateRow(rt.key, { id, name: `bench-${String(i).padStart(5, '0')}.example.com`, purpose: 'server', origin: 'generated', certificatePem: template.certificatePem, chain: [ca.pem], issuerId: ca.id, privateKeyPem: null, issueParams: null, autoRenew: false, renewedFromId: null, now }, view),
          serialHex: randomBytes(16).toString('hex').toUpperCase(),
          fingerprintSha256: randomBytes(32).toString('hex'),
          notAfter: new Date(now.getTime() + (i % 400) * 86_400_000),
        });
      }
      await db.prisma.certificate.createMany({ data: batch });
    }
    const total = await db.prisma.certificate.count();
    const handle = createRestHandler(async () => rt);
    const get = async (path: string) => {
      const res = await handle(new Request(`http://bench.test/api/v1${path}`, { headers: { authorization: `Bearer ${TOKEN}` } }));
      if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<{ items: unknown[]; continue?: string }>;
    };
    console.log(`node ${process.version}, SQLite, ${total} certificates in the inventory, ${RUNS} runs`);
    await measure(`GET /certificates?limit=5000 (all ${total})`, RUNS, async () => {
      const page = await get('/certificates?limit=5000');
      if (page.items.length !== Math.min(total, 5000)) throw new Error(`got ${page.items.length}`);
    });
    await measure('GET /certificates (first page of 500)', RUNS, () => get('/certificates'));
    await measure('all pages of 500 (continue tokens)', RUNS, async () => {
      let token: string | undefined;
      let n = 0;
      do {
        const page = await get(`/certificates?limit=500${token ? `&continue=${token}` : ''}`);
        n += page.items.length;
        token = page.continue;
      } while (token);
      if (n !== total) throw new Error(`paged ${n} of ${total}`);
    });
    await measure('GET /certificates?state=expiring30', RUNS, () => get('/certificates?state=expiring30&limit=5000'));
    // The whole request an operator makes: keygen, signing, encrypting the key, the row and its audit event.
    let n = 0;
    await measure('POST /certificates/issue (ECDSA P-256, end to end)', RUNS, async () => {
      const res = await handle(new Request('http://bench.test/api/v1/certificates/issue', {
        method: 'POST',
        headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ issuerId: ca.id, subject: { commonName: `issue-${n}.example.com` }, sans: [`issue-${n++}.example.com`] }),
      }));
      if (res.status !== 201) throw new Error(`issue: ${res.status} ${await res.text()}`);
    });
  } finally {
    await db.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
