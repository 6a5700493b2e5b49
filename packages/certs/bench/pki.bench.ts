/**
 * Certificate work timings on this machine: medians over N runs (after warm-up) for the operations the console
 * does on request. Run with `npm run bench:pki` (N from BENCH_RUNS, default 40; RSA keygen runs are capped at 30).
 * Targets (issue #certificates): ECDSA P-256 server certificate well under 50 ms, RSA-2048 (keygen included) well
 * under 500 ms. Baselines: the README's Benchmarks section.
 */
import { verifyChain } from '../src/chain/verify-chain';
import { generateKeyPair, type KeySpec } from '../src/keys/generate-key';
import { buildPkcs12 } from '../src/parse/build-pkcs12';
import { parsePkcs12 } from '../src/parse/parse-pkcs12';
import { issueCertificate } from '../src/x509/issue-certificate';
import { defaultProfile } from '../src/x509/profiles';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const WARMUP = 5;
const now = new Date();

async function measure(name: string, runs: number, op: () => unknown): Promise<void> {
  for (let i = 0; i < WARMUP; i++) await op();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    await op();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? NaN;
  console.log(`${name.padEnd(52)} ${at(0.5).toFixed(3).padStart(9)} ms   (p10 ${at(0.1).toFixed(3)}, p90 ${at(0.9).toFixed(3)}, max ${(times[times.length - 1] ?? NaN).toFixed(3)}; n=${runs})`);
}

async function makeCa(spec: KeySpec) {
  const key = await generateKeyPair(spec);
  const cert = issueCertificate({ subject: { commonName: 'Bench CA' }, issuer: 'self', privateKey: key.privateKey, ...defaultProfile('ca', { now, pathLen: 1 }) });
  return { key, cert };
}

async function issueServer(ca: Awaited<ReturnType<typeof makeCa>>, spec: KeySpec) {
  const key = await generateKeyPair(spec);
  const cert = issueCertificate({
    subject: { commonName: 'foo.example.com' },
    sans: ['foo.example.com'],
    issuer: { cert: ca.cert.pem, key: ca.key.privateKey },
    publicKey: key.publicKey,
    ...defaultProfile('server', { now, keyAlgorithm: key.info.algorithm }),
  });
  return { key, cert };
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${RUNS} runs after ${WARMUP} warm-up runs, ${now.toISOString()}`);
  const ecCa = await makeCa({ algorithm: 'ecdsa', curve: 'P-256' });
  const rsaCa = await makeCa({ algorithm: 'rsa', size: 2048 });
  const ecLeafKey = await generateKeyPair({ algorithm: 'ecdsa' });
  const rsaLeafKey = await generateKeyPair({ algorithm: 'rsa', size: 2048 });
  const issueOnly = (ca: Awaited<ReturnType<typeof makeCa>>, publicKey: typeof ecLeafKey.publicKey) => () =>
    issueCertificate({ subject: { commonName: 'foo.example.com' }, sans: ['foo.example.com'], issuer: { cert: ca.cert.pem, key: ca.key.privateKey }, publicKey, ...defaultProfile('server', { now }) });

  await measure('ECDSA P-256 server cert: keygen + issue (P-256 CA)', RUNS, () => issueServer(ecCa, { algorithm: 'ecdsa' }));
  await measure('ECDSA P-256 server cert: issue only', RUNS, issueOnly(ecCa, ecLeafKey.publicKey));
  await measure('RSA 2048 server cert: keygen + issue (RSA CA)', Math.min(RUNS, 30), () => issueServer(rsaCa, { algorithm: 'rsa', size: 2048 }));
  await measure('RSA 2048 server cert: issue only (RSA CA)', RUNS, issueOnly(rsaCa, rsaLeafKey.publicKey));
  await measure('RSA 2048 keygen alone', Math.min(RUNS, 30), () => generateKeyPair({ algorithm: 'rsa', size: 2048 }));
  const edCa = await makeCa({ algorithm: 'ed25519' });
  await measure('Ed25519 server cert: keygen + issue (Ed25519 CA)', RUNS, () => issueServer(edCa, { algorithm: 'ed25519' }));

  const ecLeaf = await issueServer(ecCa, { algorithm: 'ecdsa' });
  const rsaLeaf = await issueServer(rsaCa, { algorithm: 'rsa', size: 2048 });
  const ecP12 = buildPkcs12({ key: ecLeaf.key.privateKey, cert: ecLeaf.cert.pem, chain: [ecCa.cert.pem], password: 'bench' });
  const rsaP12 = buildPkcs12({ key: rsaLeaf.key.privateKey, cert: rsaLeaf.cert.pem, chain: [rsaCa.cert.pem], password: 'bench' });
  await measure('PKCS#12 parse, modern profile (ECDSA leaf + CA)', RUNS, () => parsePkcs12(ecP12, 'bench'));
  await measure('PKCS#12 parse, modern profile (RSA leaf + CA)', RUNS, () => parsePkcs12(rsaP12, 'bench'));
  await measure('PKCS#12 build, modern profile (ECDSA)', RUNS, () => buildPkcs12({ key: ecLeaf.key.privateKey, cert: ecLeaf.cert.pem, chain: [ecCa.cert.pem], password: 'bench' }));

  const intKey = await generateKeyPair({ algorithm: 'ecdsa' });
  const intermediate = issueCertificate({ subject: { commonName: 'Bench Issuing CA' }, issuer: { cert: ecCa.cert.pem, key: ecCa.key.privateKey }, publicKey: intKey.publicKey, ...defaultProfile('ca', { now }), validity: defaultProfile('server', { now }).validity });
  const leaf = issueCertificate({ subject: { commonName: 'foo.example.com' }, sans: ['foo.example.com'], issuer: { cert: intermediate.pem, key: intKey.privateKey }, publicKey: ecLeafKey.publicKey, ...defaultProfile('server', { now }) });
  await measure('verifyChain ECDSA leaf → intermediate → root (PEM in)', RUNS, () => {
    const result = verifyChain({ leaf: leaf.pem, intermediates: [intermediate.pem], roots: [ecCa.cert.pem], at: now, purpose: 'server', hostname: 'foo.example.com' });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
  });
  await measure('verifyChain RSA leaf → root (PEM in)', RUNS, () => {
    if (!verifyChain({ leaf: rsaLeaf.cert.pem, roots: [rsaCa.cert.pem], at: now, purpose: 'server' }).ok) throw new Error('chain rejected');
  });
}

await main();
