import { DomainError } from '@gatehouse/domain/errors/domain-error';

/**
 * Largest input any parser accepts. Real certificate bundles and PKCS#12 files are a few KiB; 1 MiB leaves room
 * for long chains and CA bundles while bounding the work a hostile upload can cause.
 */
export const MAX_INPUT_BYTES = 1024 * 1024;

/** PEM text, or raw bytes that may hold DER or PEM. */
export type BinaryOrText = string | Uint8Array;

/** The one error shape for bad input: DomainError('invalid') with the offending path. */
export function invalid(message: string, path = 'input'): DomainError {
  return new DomainError('invalid', message, [{ path, message }]);
}

/** Refuses empty input and input above MAX_INPUT_BYTES before any parsing work is done. */
export function assertInputSize(input: BinaryOrText, path = 'input'): void {
  const size = typeof input === 'string' ? Buffer.byteLength(input, 'utf8') : input.byteLength;
  if (size > MAX_INPUT_BYTES) {
    const message = `${path} is ${size} bytes; the limit is ${MAX_INPUT_BYTES} bytes (1 MiB)`;
    throw new DomainError('payload_too_large', message, [{ path, message }]);
  }
  if (size === 0) throw invalid(`${path} is empty`, path);
}

/** Bytes of the input; strings are taken as UTF-8 text (PEM). */
export function toBytes(input: BinaryOrText): Buffer {
  return typeof input === 'string' ? Buffer.from(input, 'utf8') : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
}

/** Message of an unknown thrown value, for wrapping library errors into DomainError details. */
export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
