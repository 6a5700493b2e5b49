import { createPrivateKey } from 'node:crypto';
import { buildPkcs12 } from '@gatehouse/certs/parse/build-pkcs12';
import { loadCertificate } from '@gatehouse/certs/x509/load-certificate';
import { ExportCertificateSchema, type ExportCertificate } from '@gatehouse/domain/certificate/export-certificate.schema';
import { DomainError } from '@gatehouse/domain/errors/domain-error';
import { parseOrThrow } from '@gatehouse/domain/errors/zod-issues';
import { authorize, type RequestContext } from '../../auth/principal';
import { appendAuditEvent } from '../../audit/audit.repo';
import type { ServiceDeps } from '../deps';
import { runWrite } from '../write-transaction';
import { chainOf } from './certificate-record';
import type { CertificateRow } from './certificate-row';
import { findCertificate } from './certificate-store';
import { CERTIFICATE_AUDIT_REF, toAuditObject } from './certificate-view';
import { decryptPrivateKey } from './private-key-store';

export interface ExportedFile {
  filename: string;
  /** RFC 2585 (pkix-cert), RFC 5958 (pkcs8), RFC 7292 (pkcs12); PEM as application/x-pem-file. */
  contentType: string;
  body: Buffer;
}

const KEY_BEARING = new Set<ExportCertificate['what']>(['privateKey', 'pkcs12', 'combined']);

function fileStem(row: CertificateRow): string {
  return row.name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '') || row.id;
}

function keyPem(deps: ServiceDeps, row: CertificateRow): string {
  if (row.privateKey === null) {
    throw new DomainError('unprocessable', `Gatehouse does not hold the private key of ${row.name} (${row.id})`, [{ path: 'what', message: 'no private key held' }]);
  }
  return decryptPrivateKey(deps.key, row.id, row.privateKey);
}

function render(deps: ServiceDeps, row: CertificateRow, input: ExportCertificate): ExportedFile {
  const stem = fileStem(row);
  const pem = (name: string, text: string): ExportedFile => ({ filename: name, contentType: 'application/x-pem-file', body: Buffer.from(text, 'utf8') });
  const chain = chainOf(row);
  switch (input.what) {
    case 'certificate':
      return input.format === 'der'
        ? { filename: `${stem}.cer`, contentType: 'application/pkix-cert', body: loadCertificate(row.certificatePem).der }
        : pem(`${stem}.crt`, row.certificatePem);
    case 'chain':
      if (input.format === 'der') {
        if (chain.length > 0) {
          throw new DomainError('invalid', 'DER holds one certificate; export the chain as PEM (or as pkcs12)', [{ path: 'format', message: 'DER chain not available' }]);
        }
        return { filename: `${stem}.cer`, contentType: 'application/pkix-cert', body: loadCertificate(row.certificatePem).der };
      }
      return pem(`${stem}-chain.pem`, [row.certificatePem, ...chain].join(''));
    case 'privateKey': {
      const key = createPrivateKey(keyPem(deps, row));
      if (input.password !== undefined) {
        return pem(`${stem}.key`, key.export({ format: 'pem', type: 'pkcs8', cipher: 'aes-256-cbc', passphrase: input.password }).toString());
      }
      return input.format === 'der'
        ? { filename: `${stem}.der`, contentType: 'application/pkcs8', body: key.export({ format: 'der', type: 'pkcs8' }) }
        : pem(`${stem}.key`, key.export({ format: 'pem', type: 'pkcs8' }).toString());
    }
    case 'pkcs12':
      return {
        filename: `${stem}.p12`,
        contentType: 'application/pkcs12',
        body: buildPkcs12({ key: keyPem(deps, row), cert: row.certificatePem, chain, password: input.password ?? '', friendlyName: row.name }),
      };
    case 'combined':
      return pem(`${stem}-combined.pem`, [keyPem(deps, row), row.certificatePem, ...chain].join(''));
  }
}

/**
 * Exports a certificate. The certificate and its chain go to anyone who may read certificates; anything with
 * the private key (the key, PKCS#12, combined PEM) only to admins. Every export is an audit event, written
 * before the file is handed out (no event, no file); the event names what was exported, never a password.
 */
export async function exportCertificate(deps: ServiceDeps, ctx: RequestContext, id: string, body: unknown): Promise<ExportedFile> {
  authorize(ctx, 'certificates.read');
  const input = parseOrThrow(ExportCertificateSchema, body ?? {}, 'export');
  if (KEY_BEARING.has(input.what)) authorize(ctx, 'certificates.exportKey');
  const row = await findCertificate(deps.db.prisma, id);
  const file = render(deps, row, input);
  await runWrite(deps, {}, (tx) =>
    appendAuditEvent(tx, ctx, {
      action: 'certificate.export',
      ref: CERTIFICATE_AUDIT_REF(row.id),
      // The certificate as it is (never its key), so the log names it by its name, not its id.
      before: toAuditObject(row),
      after: toAuditObject(row),
      message: `exported ${input.what} as ${input.what === 'pkcs12' ? 'PKCS#12' : input.format.toUpperCase()}${input.password !== undefined ? ' (password-protected)' : ''}: ${file.filename}`,
    }, deps.now()),
  );
  return file;
}
