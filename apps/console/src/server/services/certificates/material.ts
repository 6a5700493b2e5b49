import { isBase64 } from '@gatehouse/domain/object/base64';
import { DomainError } from '@gatehouse/domain/errors/domain-error';

/**
 * Certificate material from a JSON body: PEM stays text; anything else must be base64 of binary (DER, PKCS#12).
 * Which of the two it is, is said in the error, so "garbage" gets a message that names the field and the fix.
 */
export function decodeMaterial(value: string, path: string): string | Buffer {
  if (value.includes('-----BEGIN')) return value;
  const compact = value.replace(/\s+/g, '');
  if (compact !== '' && isBase64(compact)) return Buffer.from(compact, 'base64');
  const message = `${path} is neither PEM (-----BEGIN ...-----) nor base64 of DER/PKCS#12 bytes`;
  throw new DomainError('invalid', message, [{ path, message }]);
}

/** Binary-only material (PKCS#12): base64 required. */
export function decodeBinary(value: string, path: string): Buffer {
  const compact = value.replace(/\s+/g, '');
  if (compact !== '' && isBase64(compact)) return Buffer.from(compact, 'base64');
  const message = value.includes('-----BEGIN') ? `${path} must be base64 of the binary .p12/.pfx file, not PEM` : `${path} is not base64`;
  throw new DomainError('invalid', message, [{ path, message }]);
}
