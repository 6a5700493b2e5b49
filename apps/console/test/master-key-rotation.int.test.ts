import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '@gatehouse/db/open-database';
import { forEachDatabase } from '@gatehouse/db/testing/test-databases';
import { systemContext } from '../src/server/auth/principal';
import { readConsoleEnv } from '../src/server/env';
import { createRuntime } from '../src/server/runtime';
import { decodeKeyMaterial, deriveMasterKey } from '../src/server/secrets/master-key';
import { rotateMasterKey } from '../src/server/secrets/master-key-rotation';
import { decryptKubeconfig } from '../src/server/secrets/kubeconfig-cipher';
import { exportCertificate } from '../src/server/services/certificates/export.service';
import { createRootCa } from '../src/server/services/certificates/issue.service';
import { createHarness } from './support/console-harness';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');
const silent = { info() {}, warn() {}, error() {} };

forEachDatabase((t) => {
  describe('master key rotation', () => {
    it('re-encrypts Secret values and private keys under the new key, in one audited transaction', async () => {
      const h = await createHarness(t.db);
      const ca = await h.call('POST', '/api/v1/certificates/root-ca', { body: { subject: { commonName: 'Rotation CA' } } });
      const leaf = await h.call('POST', '/api/v1/certificates/issue', { body: { issuerId: ca.json.id, sans: ['rotate.example.com'] } });
      await h.call('POST', `/api/v1/certificates/${leaf.json.id}/bindings`, { body: { namespace: 'rot', name: 'rot-tls', shape: 'tls' } });
      await h.call('POST', '/api/v1/namespaces/rot/secrets', { body: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'plain' }, stringData: { password: 'hunter2' } } });
      // A registered cluster's kubeconfig is a secret at rest too (the cluster need not be reachable for this).
      const kubeconfig = 'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: rotate-me-token}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\ncurrent-context: x\n';
      expect((await h.call('POST', '/api/v1/clusters', { body: { name: 'rot', kubeconfig } })).status).toBe(201);
      // So are notification channel credentials (a webhook's signing secret).
      const channel = await h.call('POST', '/api/v1/notification-channels', { body: { name: 'rot-hook', kind: 'webhook', url: 'http://127.0.0.1:1/hook', secret: 'rotate-me-signing-secret' } });
      expect(channel.status, channel.text).toBe(201);
      const keyBefore = (await h.call('GET', `/api/v1/certificates/${leaf.json.id}/export?what=privateKey`)).text;
      const valuesBefore = (await h.call('GET', '/api/v1/export?namespace=rot&includeSecretValues=true')).text;

      const material = randomBytes(32).toString('base64');
      const next = deriveMasterKey(decodeKeyMaterial(material));
      const result = await rotateMasterKey(t.db, h.rt.key, next, new Date());
      expect(result).toMatchObject({ from: h.rt.key.id, to: next.id, privateKeys: 2, kubeconfigs: 1, channelSecrets: 1 });
      const cluster = await t.db.prisma.cluster.findUniqueOrThrow({ where: { name: 'rot' } });
      expect(cluster.kubeconfig!.startsWith(`gh1.${next.id}.`)).toBe(true);
      expect(decryptKubeconfig(next, cluster.id, cluster.kubeconfig!)).toBe(kubeconfig);
      expect(result.secrets).toBeGreaterThanOrEqual(2);
      const rows = await t.db.prisma.certificate.findMany({ where: { privateKey: { not: null } }, select: { privateKey: true } });
      expect(rows.every((r) => r.privateKey!.startsWith(`gh1.${next.id}.`))).toBe(true);
      const secrets = await t.db.prisma.resource.findMany({ where: { secretData: { not: null } }, select: { secretData: true } });
      expect(secrets.every((r) => r.secretData!.startsWith(`gh1.${next.id}.`))).toBe(true);

      // A console with the new key reads everything as before; the old key reads nothing any more.
      const after = await createHarness(t.db, { GATEHOUSE_MASTER_KEY: material });
      expect((await after.call('GET', `/api/v1/certificates/${leaf.json.id}/export?what=privateKey`)).text).toBe(keyBefore);
      expect((await after.call('GET', '/api/v1/export?namespace=rot&includeSecretValues=true')).text).toBe(valuesBefore);
      // A console still on the old key says why instead of failing with a 500.
      const stale = await h.call('GET', `/api/v1/certificates/${leaf.json.id}/export?what=privateKey`);
      expect(stale.status).toBe(503);
      expect(stale.json.message).toMatch(/master key/);
      const events = await after.call('GET', '/api/v1/audit-events?action=masterkey.rotate');
      expect(events.json.items[0].message).toMatch(new RegExp(`from ${h.rt.key.id} to ${next.id}`));
      expect((await after.call('GET', '/api/v1/audit-events/verify')).json.intact).toBe(true);
      // Running it again finds nothing left under the old key.
      expect(await rotateMasterKey(t.db, h.rt.key, next, new Date())).toMatchObject({ secrets: 0, privateKeys: 0, kubeconfigs: 0, channelSecrets: 0 });
    });
  });
});

function runRotate(env: Record<string, string>): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/keys-rotate.ts'], { cwd: ROOT, env: { ...process.env, ...env }, timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, out: stdout + stderr });
    });
  });
}

describe('npm run keys:rotate', () => {
  it('replaces <data>/master.key after re-encrypting, and refuses an env key without a new one', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-rotate-'));
    try {
      const env = readConsoleEnv({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_CERT_RENEW_INTERVAL: '0' });
      const db = await openDatabase({ dataDir });
      const rt = await createRuntime({ env, db, log: silent });
      const ca = await createRootCa(rt, systemContext('test'), { subject: { commonName: 'Script CA' } });
      const keyBefore = (await exportCertificate(rt, systemContext('test'), ca.id, { what: 'privateKey' })).body.toString();
      await db.close();
      const oldFile = readFileSync(join(dataDir, 'master.key'), 'utf8');

      const refused = await runRotate({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_MASTER_KEY: oldFile.trim() });
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/set GATEHOUSE_NEW_MASTER_KEY/);

      const run = await runRotate({ GATEHOUSE_DATA_DIR: dataDir, GATEHOUSE_MASTER_KEY: '' });
      expect(run.code, run.out).toBe(0);
      expect(run.out).toMatch(/1 private key\(s\), 0 kubeconfig\(s\), 0 notification channel credential\(s\), 0 TOTP seed\(s\) re-encrypted/);
      const newFile = readFileSync(join(dataDir, 'master.key'), 'utf8');
      expect(newFile).not.toBe(oldFile);
      expect(statSync(join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
      expect(existsSync(join(dataDir, 'master.key.new'))).toBe(false);

      const db2 = await openDatabase({ dataDir });
      const rt2 = await createRuntime({ env, db: db2, log: silent });
      expect(rt2.key.id).not.toBe(rt.key.id);
      expect((await exportCertificate(rt2, systemContext('test'), ca.id, { what: 'privateKey' })).body.toString()).toBe(keyBefore);
      await db2.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
