import type { KeyObject } from 'node:crypto';
import { toPrivateKey } from '@gatehouse/certs/keys/key-input';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import type { MasterKey } from '../../secrets/master-key';
import type { Tx } from '../../store/db';
import { chainOf } from './certificate-record';
import type { CertificateRow } from './certificate-row';
import { decryptPrivateKey } from './private-key-store';

/** A managed CA ready to sign: its row, certificate, decrypted key (in memory only) and the chain above it. */
export interface ManagedIssuer {
  row: CertificateRow;
  key: KeyObject;
  /** The issuer's certificate followed by its own issuers: the chain of anything it signs. */
  chainForIssued: string[];
}

function refuse(path: string, message: string): DomainError {
  return new DomainError('invalid', message, [{ path, message }]);
}

/**
 * Loads a CA from the inventory for signing. Refused (400, naming the field): unknown id, not a CA, no key held,
 * revoked, expired. Read inside the write transaction, so a concurrent revocation cannot slip in between.
 */
export async function loadIssuer(tx: Pick<Tx, 'certificate'>, masterKey: MasterKey, issuerId: string, now: Date, path = 'issuerId'): Promise<ManagedIssuer> {
  const row = await tx.certificate.findUnique({ where: { id: issuerId } });
  if (!row) throw refuse(path, `no certificate ${issuerId} in the inventory`);
  const label = `${row.name} (${row.id})`;
  if (!row.isCA) throw refuse(path, `${label} is not a CA certificate`);
  if (row.privateKey === null) throw refuse(path, `Gatehouse does not hold the private key of ${label}, so it cannot sign with it`);
  if (row.revokedAt !== null) throw refuse(path, `${label} is revoked`);
  if (now.getTime() > row.notAfter.getTime()) throw refuse(path, `${label} expired at ${row.notAfter.toISOString()}`);
  const key = toPrivateKey(decryptPrivateKey(masterKey, row.id, row.privateKey), path);
  return { row, key, chainForIssued: [row.certificatePem, ...chainOf(row)] };
}
