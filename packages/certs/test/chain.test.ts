import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { orderChain } from '../src/chain/order-chain';
import { verifyChain, type ChainResult } from '../src/chain/verify-chain';
import { generateKeyPair } from '../src/keys/generate-key';
import { issueCertificate } from '../src/x509/issue-certificate';
import { defaultProfile } from '../src/x509/profiles';
import { toPem } from '../src/parse/pem';
import { openssl, scratch, type Scratch } from './support/openssl';
import { NOW, makePki, type TestPki } from './support/pki';

const AT = new Date(NOW.getTime() + 3_600_000);
const ATTIME = String(Math.floor(AT.getTime() / 1000));
let tmp: Scratch;
let pki: TestPki;
let other: TestPki;
beforeAll(async () => {
  tmp = await scratch();
  pki = await makePki({ algorithm: 'ecdsa' });
  other = await makePki({ algorithm: 'ecdsa' });
  await tmp.write('root.pem', pki.root.pem);
  await tmp.write('root.key', pki.rootKey.privateKeyPem);
  await tmp.write('int.pem', pki.intermediate.pem);
  await tmp.write('leaf.pem', pki.leaf.pem);
  await tmp.write('leaf.key', pki.leafKey.privateKeyPem);
});
afterAll(() => tmp.remove());

const codes = (r: ChainResult) => r.errors.map((e) => `${e.code}@${e.index}`);

/** openssl verify's verdict on the same chain: the outside judge for every case below. */
async function opensslAccepts(leaf: string, untrusted: string[], purpose = 'sslserver'): Promise<boolean> {
  const leafPath = await tmp.write(`judge-leaf-${Math.random()}.pem`, leaf);
  const args = ['verify', '-attime', ATTIME, '-purpose', purpose, '-CAfile', 'root.pem'];
  if (untrusted.length > 0) args.push('-untrusted', await tmp.write(`judge-int-${Math.random()}.pem`, untrusted.join('')));
  return (await openssl([...args, leafPath], tmp.dir)).code === 0;
}

describe('verifyChain', () => {
  it('accepts root → intermediate → leaf for a server, with names checked', async () => {
    const result = verifyChain({ leaf: pki.leaf.pem, intermediates: [pki.intermediate.pem], roots: [pki.root.pem], at: AT, purpose: 'server', hostname: 'foo.example.com' });
    expect(result).toEqual({ ok: true, errors: [], path: [pki.leaf.pem, pki.intermediate.pem, pki.root.pem] });
    expect(await opensslAccepts(pki.leaf.pem, [pki.intermediate.pem])).toBe(true);
    for (const hostname of ['x.apps.example.com', '127.0.0.1', '::1']) {
      expect(verifyChain({ leaf: pki.leaf.pem, intermediates: [pki.intermediate.pem], roots: pki.root.pem, at: AT, purpose: 'server', hostname }).ok).toBe(true);
    }
  });

  it('reads a full-chain PEM given as the leaf as leaf + intermediates', () => {
    expect(verifyChain({ leaf: pki.leaf.pem + pki.intermediate.pem, roots: [pki.root.pem], at: AT, purpose: 'server' }).ok).toBe(true);
  });

  it('takes intermediates as an unordered bundle with duplicates and strangers', () => {
    const bundle = other.intermediate.pem + pki.root.pem + pki.intermediate.pem + pki.intermediate.pem;
    expect(verifyChain({ leaf: pki.leaf.pem, intermediates: bundle, roots: [other.root.pem, pki.root.pem], at: AT, purpose: 'server' }).ok).toBe(true);
  });

  it('reports validity windows at the given time', () => {
    const later = new Date(NOW.getTime() + 400 * 86_400_000);
    expect(codes(verifyChain({ leaf: pki.leaf.pem, intermediates: [pki.intermediate.pem], roots: [pki.root.pem], at: later, purpose: 'server' }))).toEqual(['expired@0']);
    const earlier = new Date(NOW.getTime() - 86_400_000);
    expect(codes(verifyChain({ leaf: pki.leaf.pem, intermediates: [pki.intermediate.pem], roots: [pki.root.pem], at: earlier, purpose: 'server' }))).toEqual([
      'not_yet_valid@0',
      'not_yet_valid@1',
      'not_yet_valid@2',
    ]);
  });

  it('reports a missing intermediate, an untrusted root and a broken signature, as openssl does', async () => {
    expect(codes(verifyChain({ leaf: pki.leaf.pem, roots: [pki.root.pem], at: AT, purpose: 'server' }))).toEqual(['no_issuer@0']);
    expect(await opensslAccepts(pki.leaf.pem, [])).toBe(false);
    expect(codes(verifyChain({ leaf: pki.leaf.pem, intermediates: [pki.intermediate.pem, pki.root.pem], roots: [other.root.pem], at: AT, purpose: 'server' }))).toEqual([
      'untrusted_root@2',
    ]);
    const tampered = Buffer.from(pki.leaf.der);
    tampered.writeUInt8((tampered.at(-5) ?? 0) ^ 0x01, tampered.length - 5);
    const tamperedPem = toPem('CERTIFICATE', tampered);
    expect(codes(verifyChain({ leaf: tamperedPem, intermediates: [pki.intermediate.pem], roots: [pki.root.pem], at: AT, purpose: 'server' }))).toEqual(['bad_signature@0']);
    expect(await opensslAccepts(tamperedPem, [pki.intermediate.pem])).toBe(false);
  });

  it('checks the purpose and host name of the leaf', async () => {
    expect(codes(verifyChain({ leaf: pki.leaf.pem, intermediates: [pki.intermediate.pem], roots: [pki.root.pem], at: AT, purpose: 'client' }))).toEqual(['ext_key_usage@0']);
    expect(await opensslAccepts(pki.leaf.pem, [pki.intermediate.pem], 'sslclient')).toBe(false);
    expect(codes(verifyChain({ leaf: pki.intermediate.pem, roots: [pki.root.pem], at: AT, purpose: 'ca' }))).toEqual([]);
    expect(codes(verifyChain({ leaf: pki.leaf.pem, intermediates: [pki.intermediate.pem], roots: [pki.root.pem], at: AT, purpose: 'ca' }))).toEqual(['not_ca@0', 'key_usage@0']);
    expect(codes(verifyChain({ leaf: pki.leaf.pem, intermediates: [pki.intermediate.pem], roots: [pki.root.pem], at: AT, purpose: 'server', hostname: 'bar.example.com' }))).toEqual([
      'hostname_mismatch@0',
    ]);
    const key = await generateKeyPair();
    const signingOnly = issueCertificate({
      subject: { commonName: 'odd.example.com' },
      issuer: { cert: pki.intermediate.pem, key: pki.intermediateKey.privateKey },
      publicKey: key.publicKey,
      ...defaultProfile('server', { now: NOW }),
      keyUsage: ['dataEncipherment'],
    });
    expect(codes(verifyChain({ leaf: signingOnly.pem, intermediates: [pki.intermediate.pem], roots: [pki.root.pem], at: AT, purpose: 'server' }))).toEqual(['key_usage@0']);
    expect(await opensslAccepts(signingOnly.pem, [pki.intermediate.pem])).toBe(false);
  });

  it('catches a non-CA issuer and an exceeded pathLen in chains only openssl would make', async () => {
    await tmp.write(
      'ext.cnf',
      [
        '[leaf_as_ca]',
        'basicConstraints=critical,CA:FALSE',
        'subjectAltName=DNS:evil.example.com',
        'extendedKeyUsage=serverAuth',
        '[sub_ca]',
        'basicConstraints=critical,CA:TRUE',
        'keyUsage=critical,keyCertSign,cRLSign',
        '[constrained_ca]',
        'basicConstraints=critical,CA:TRUE',
        'keyUsage=critical,keyCertSign,cRLSign',
        'nameConstraints=critical,permitted;DNS:.example.com',
        '',
      ].join('\n'),
    );
    // A certificate "issued" by the server leaf, which is not a CA.
    await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'evil.key', '-out', 'evil.csr', '-subj', '/CN=evil.example.com'], tmp.dir);
    await openssl(['x509', '-req', '-in', 'evil.csr', '-CA', 'leaf.pem', '-CAkey', 'leaf.key', '-set_serial', '7', '-days', '30', '-extfile', 'ext.cnf', '-extensions', 'leaf_as_ca', '-out', 'evil.pem'], tmp.dir);
    const evil = await tmp.readText('evil.pem');
    const viaLeaf = verifyChain({ leaf: evil, intermediates: [pki.leaf.pem, pki.intermediate.pem], roots: [pki.root.pem], at: AT, purpose: 'server' });
    // The leaf also counts against the pathLen of the CAs above it (RFC 5280 §4.2.1.9), as in OpenSSL.
    expect(codes(viaLeaf)).toEqual(['not_ca@1', 'key_usage@1', 'path_length@2', 'path_length@3']);
    expect(await opensslAccepts(evil, [pki.leaf.pem, pki.intermediate.pem])).toBe(false);

    // A CA under the issuing CA (pathLen 0), then a leaf under that: pathLen exceeded at index 2.
    await tmp.write('int.key', pki.intermediateKey.privateKeyPem);
    await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'sub.key', '-out', 'sub.csr', '-subj', '/CN=Too Deep CA'], tmp.dir);
    await openssl(['x509', '-req', '-in', 'sub.csr', '-CA', 'int.pem', '-CAkey', 'int.key', '-set_serial', '8', '-days', '30', '-extfile', 'ext.cnf', '-extensions', 'sub_ca', '-out', 'sub.pem'], tmp.dir);
    const sub = await tmp.readText('sub.pem');
    const key = await generateKeyPair();
    const deep = issueCertificate({
      subject: { commonName: 'deep.example.com' },
      issuer: { cert: sub, key: await tmp.readText('sub.key') },
      publicKey: key.publicKey,
      ...defaultProfile('server', { now: NOW }),
      validity: { notBefore: NOW, notAfter: new Date(NOW.getTime() + 86_400_000) },
    });
    // Both CAs above are exceeded: the issuing CA (pathLen 0) and the root (pathLen 1, with two CAs below).
    expect(codes(verifyChain({ leaf: deep.pem, intermediates: [sub, pki.intermediate.pem], roots: [pki.root.pem], at: AT, purpose: 'server' }))).toEqual([
      'path_length@2',
      'path_length@3',
    ]);
    expect(await opensslAccepts(deep.pem, [sub, pki.intermediate.pem])).toBe(false);

    // Name constraints are not processed here: a critical one is reported, not silently passed.
    await openssl(['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'nc.key', '-out', 'nc.csr', '-subj', '/CN=Constrained CA'], tmp.dir);
    await openssl(['x509', '-req', '-in', 'nc.csr', '-CA', 'root.pem', '-CAkey', 'root.key', '-set_serial', '9', '-days', '30', '-extfile', 'ext.cnf', '-extensions', 'constrained_ca', '-out', 'nc.pem'], tmp.dir);
    const nc = await tmp.readText('nc.pem');
    expect(codes(verifyChain({ leaf: nc, roots: [pki.root.pem], at: AT, purpose: 'ca' }))).toEqual(['unsupported_critical_extension@0']);
  });

  it('throws DomainError for input that is not a certificate', () => {
    try {
      verifyChain({ leaf: 'garbage', roots: [pki.root.pem], at: AT, purpose: 'server' });
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(isDomainError(e)).toBe(true);
    }
  });
});

describe('orderChain', () => {
  it('puts a shuffled bundle leaf first and drops duplicates', () => {
    expect(orderChain([pki.root.pem, pki.leaf.pem, pki.intermediate.pem, pki.root.pem])).toEqual([pki.leaf.pem, pki.intermediate.pem, pki.root.pem]);
    expect(orderChain(pki.intermediate.pem + pki.leaf.pem)).toEqual([pki.leaf.pem, pki.intermediate.pem]);
  });

  it('refuses a bundle with two leaves', () => {
    try {
      orderChain([pki.leaf.pem, pki.intermediate.pem, other.leaf.pem]);
      throw new Error('expected a DomainError');
    } catch (e) {
      expect(isDomainError(e)).toBe(true);
      expect((e as Error).message).toMatch(/2 separate leaves/);
    }
  });
});
