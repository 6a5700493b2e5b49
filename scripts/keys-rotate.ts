/**
 * `npm run keys:rotate`: re-encrypts every Secret value and certificate private key under a new master key.
 * Stop the console first (a running console keeps the old key in memory and can no longer read what it wrote).
 *
 * - Key in the data directory (`<GATEHOUSE_DATA_DIR>/master.key`, the default): a new random key is made (or
 *   taken from GATEHOUSE_NEW_MASTER_KEY) and replaces the file once the data is re-encrypted.
 * - Key in GATEHOUSE_MASTER_KEY: give the new one in GATEHOUSE_NEW_MASTER_KEY, then start the console with
 *   GATEHOUSE_MASTER_KEY set to it.
 * Uses DATABASE_URL / GATEHOUSE_DATA_DIR like the console. One transaction: all values move, or none.
 */
import { openDatabase } from '@gatehouse/db/open-database';
import { migrate } from '@gatehouse/db/migrate';
import { isDomainError } from '@gatehouse/domain/errors/domain-error';
import { readConsoleEnv } from '../apps/console/src/server/env';
import { decodeKeyMaterial, deriveMasterKey } from '../apps/console/src/server/secrets/master-key';
import { nextMasterKeyMaterial, readCurrentMasterKey, stageKeyFile } from '../apps/console/src/server/secrets/master-key-file';
import { rotateMasterKey } from '../apps/console/src/server/secrets/master-key-rotation';

async function main(): Promise<void> {
  const env = readConsoleEnv();
  const current = readCurrentMasterKey(env.GATEHOUSE_MASTER_KEY, env.dataDir);
  const material = nextMasterKeyMaterial(process.env.GATEHOUSE_NEW_MASTER_KEY, current.source);
  const next = deriveMasterKey(decodeKeyMaterial(material));
  if (next.id === current.key.id) throw new Error('the new master key is the current one');
  const db = await openDatabase({ url: env.DATABASE_URL, dataDir: env.dataDir });
  const staged = current.source === 'file' ? stageKeyFile(env.dataDir, material) : undefined;
  try {
    await migrate(db);
    const result = await rotateMasterKey(db, current.key, next, new Date());
    staged?.commit();
    console.log(`master key rotated ${result.from} → ${result.to}: ${result.secrets} Secret(s), ${result.privateKeys} private key(s), ${result.kubeconfigs} kubeconfig(s), ${result.channelSecrets} notification channel credential(s), ${result.totpSeeds} TOTP seed(s) re-encrypted`);
    console.log(current.source === 'file' ? `${env.dataDir}/master.key now holds the new key` : 'start the console with GATEHOUSE_MASTER_KEY set to the value of GATEHOUSE_NEW_MASTER_KEY');
  } catch (e) {
    staged?.abort();
    throw e;
  } finally {
    await db.close();
  }
}

main().catch((e: unknown) => {
  if (isDomainError(e)) {
    console.error(`keys:rotate: ${e.message}`);
  } else {
    console.error(`keys:rotate failed, nothing was changed: ${e instanceof Error ? e.message : String(e)}`);
  }
  process.exitCode = 1;
});
