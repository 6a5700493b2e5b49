import { invalid } from './input';

/**
 * Total size (header + content) of the DER element starting at `offset`, checked against the bytes present.
 * Used to tell truncated input from garbage before handing bytes to the schema parser, which only says
 * "end of input". Indefinite lengths (BER, e.g. some PKCS#12 producers) return undefined: not measurable here.
 * @see https://www.itu.int/rec/T-REC-X.690 (X.690 §8.1.3 length octets)
 */
export function measureDer(bytes: Uint8Array, path = 'input', offset = 0): number | undefined {
  if (bytes.length - offset < 2) throw invalid(`${path} is too short to be DER (${bytes.length - offset} bytes)`, path);
  const first = bytes[offset + 1] ?? 0;
  let length: number;
  let header = 2;
  if (first < 0x80) {
    length = first;
  } else if (first === 0x80) {
    return undefined;
  } else {
    const count = first & 0x7f;
    if (count > 4) throw invalid(`${path} declares a DER length of ${count} octets, which is not plausible`, path);
    if (bytes.length - offset < 2 + count) throw invalid(`${path} is truncated inside a DER length field`, path);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[offset + 2 + i] ?? 0);
    header += count;
  }
  const total = header + length;
  if (bytes.length - offset < total) {
    throw invalid(`${path} is truncated: the DER header announces ${total} bytes but only ${bytes.length - offset} are present`, path);
  }
  return total;
}
