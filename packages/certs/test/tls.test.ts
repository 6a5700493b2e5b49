import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openssl, scratch, type Scratch } from './support/openssl';
import { NOW, makePki } from './support/pki';
import { freePort, startSServer, stop } from '../src/testing/openssl-s-server';

const AT = String(Math.floor(NOW.getTime() / 1000) + 3600);
let tmp: Scratch;
beforeAll(async () => {
  tmp = await scratch();
});
afterAll(() => tmp.remove());

describe.each([
  ['ecdsa', { algorithm: 'ecdsa' } as const],
  ['rsa', { algorithm: 'rsa', size: 2048 } as const],
])('a %s server certificate in openssl s_server', (name, spec) => {
  it('passes s_client -verify_return_error against the root, and fails against another root', async () => {
    const pki = await makePki(spec);
    const other = await makePki(spec);
    await tmp.write(`${name}-leaf.pem`, pki.leaf.pem);
    await tmp.write(`${name}-leaf.key`, pki.leafKey.privateKeyPem);
    await tmp.write(`${name}-chain.pem`, pki.intermediate.pem);
    await tmp.write(`${name}-root.pem`, pki.root.pem);
    await tmp.write(`${name}-other-root.pem`, other.root.pem);
    const port = await freePort();
    let server: ChildProcess | undefined;
    try {
      server = await startSServer(['-accept', `127.0.0.1:${port}`, '-cert', `${name}-leaf.pem`, '-key', `${name}-leaf.key`, '-cert_chain', `${name}-chain.pem`, '-naccept', '2'], tmp.dir);
      const client = (root: string) =>
        openssl(['s_client', '-connect', `127.0.0.1:${port}`, '-servername', 'foo.example.com', '-verify_hostname', 'foo.example.com', '-CAfile', root, '-verify_return_error', '-attime', AT, '-brief'], tmp.dir, '');
      const good = await client(`${name}-root.pem`);
      expect(good.stderr).toContain('Verification: OK');
      expect(good.code).toBe(0);
      const bad = await client(`${name}-other-root.pem`);
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toMatch(/unable to get local issuer certificate|certificate verify failed/);
    } finally {
      stop(server);
    }
  });
});
