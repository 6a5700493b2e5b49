import { lockForWrite, withTransaction } from '@gatehouse/db/transaction';
import { systemContext } from '../auth/principal';
import { appendAuditEvent } from '../audit/audit.repo';
import { decryptPrivateKey, encryptPrivateKey } from '../services/certificates/private-key-store';
import type { Db } from '../store/db';
import { decryptSecretData, encryptSecretData } from '../store/resource-codec';
import type { MasterKey } from './master-key';
import { decryptKubeconfig, encryptKubeconfig } from './kubeconfig-cipher';
import { decryptChannelSecrets, encryptChannelSecrets } from '../services/notifications/channel-codec';
import { decryptTotpSeed, encryptTotpSeed } from '../auth/totp.service';

export interface RotationResult {
  from: string;
  to: string;
  /** Secret rows re-encrypted. */
  secrets: number;
  /** Certificate private keys re-encrypted. */
  privateKeys: number;
  /** Cluster kubeconfigs re-encrypted. */
  kubeconfigs: number;
  /** Notification channel credentials re-encrypted. */
  channelSecrets: number;
  /** TOTP seeds (confirmed or pending) re-encrypted. */
  totpSeeds: number;
}

/** The key id in a `gh1.<keyId>.<iv>.<ct>` envelope. */
function keyIdOf(envelope: string): string | undefined {
  return envelope.split('.')[1];
}

/**
 * Re-encrypts every Secret value and every certificate private key from `oldKey` to `newKey`, in one transaction
 * under the store's write lock: either everything is under the new key or nothing changed. Values already under
 * the new key are left (a second run is harmless). Values are never written in clear, logged or audited; the
 * audit event says how many were re-encrypted and the two key ids.
 *
 * After rotation, audit hashes of Secret values (HMAC under a key derived from the master key) differ from the
 * hashes written before for equal values: the log still shows a change as a change from then on.
 */
export async function rotateMasterKey(db: Db, oldKey: MasterKey, newKey: MasterKey, now: Date): Promise<RotationResult> {
  return withTransaction(
    db,
    async (tx) => {
      await lockForWrite(tx, db.provider);
      let secrets = 0;
      let privateKeys = 0;
      const rows = await tx.resource.findMany({ where: { secretData: { not: null } } });
      for (const row of rows) {
        if (row.secretData === null || keyIdOf(row.secretData) === newKey.id) continue;
        const secretData = encryptSecretData(newKey, row, decryptSecretData(oldKey, row));
        await tx.resource.update({ where: { uid: row.uid }, data: { secretData } });
        secrets++;
      }
      const certs = await tx.certificate.findMany({ where: { privateKey: { not: null } }, select: { id: true, privateKey: true } });
      for (const c of certs) {
        if (c.privateKey === null || keyIdOf(c.privateKey) === newKey.id) continue;
        const privateKey = encryptPrivateKey(newKey, c.id, decryptPrivateKey(oldKey, c.id, c.privateKey));
        await tx.certificate.update({ where: { id: c.id }, data: { privateKey } });
        privateKeys++;
      }
      let kubeconfigs = 0;
      const clusters = await tx.cluster.findMany({ where: { kubeconfig: { not: null } }, select: { id: true, kubeconfig: true } });
      for (const c of clusters) {
        if (c.kubeconfig === null || keyIdOf(c.kubeconfig) === newKey.id) continue;
        const kubeconfig = encryptKubeconfig(newKey, c.id, decryptKubeconfig(oldKey, c.id, c.kubeconfig));
        await tx.cluster.update({ where: { id: c.id }, data: { kubeconfig } });
        kubeconfigs++;
      }
      let channelSecrets = 0;
      const channels = await tx.notificationChannel.findMany({ where: { secret: { not: null } }, select: { id: true, secret: true } });
      for (const c of channels) {
        if (c.secret === null || keyIdOf(c.secret) === newKey.id) continue;
        const secret = encryptChannelSecrets(newKey, c.id, decryptChannelSecrets(oldKey, c.id, c.secret));
        await tx.notificationChannel.update({ where: { id: c.id }, data: { secret } });
        channelSecrets++;
      }
      let totpSeeds = 0;
      const users = await tx.user.findMany({ where: { OR: [{ totpSecret: { not: null } }, { totpPendingSecret: { not: null } }] }, select: { id: true, totpSecret: true, totpPendingSecret: true } });
      for (const u of users) {
        const again = (v: string | null) => (v === null || keyIdOf(v) === newKey.id ? v : encryptTotpSeed(newKey, u.id, decryptTotpSeed(oldKey, u.id, v)));
        const totpSecret = again(u.totpSecret);
        const totpPendingSecret = again(u.totpPendingSecret);
        if (totpSecret === u.totpSecret && totpPendingSecret === u.totpPendingSecret) continue;
        await tx.user.update({ where: { id: u.id }, data: { totpSecret, totpPendingSecret } });
        totpSeeds++;
      }
      await appendAuditEvent(tx, systemContext('keys:rotate'), {
        action: 'masterkey.rotate',
        ref: { group: '', kind: 'MasterKey', namespace: '', name: newKey.id },
        message: `master key rotated from ${oldKey.id} to ${newKey.id}: ${secrets} Secret(s), ${privateKeys} private key(s), ${kubeconfigs} kubeconfig(s), ${channelSecrets} notification channel credential(s) and ${totpSeeds} TOTP seed(s) re-encrypted`,
      }, now);
      return { from: oldKey.id, to: newKey.id, secrets, privateKeys, kubeconfigs, channelSecrets, totpSeeds };
    },
    // Thousands of rows re-encrypt in well under a second each; leave room for big stores.
    { timeoutMs: 300_000 },
  );
}
