/**
 * A file picked in the browser as the API takes certificate material: PEM stays text, anything binary (DER,
 * PKCS#12) becomes base64 — the two forms PemOrBase64Schema accepts.
 */
export async function readMaterialFile(file: File): Promise<{ text: string; binary: boolean }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const head = new TextDecoder('utf-8', { fatal: false }).decode(bytes.subarray(0, 64));
  if (head.includes('-----BEGIN')) return { text: new TextDecoder().decode(bytes), binary: false };
  return { text: toBase64(bytes), binary: true };
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** Hands a file from the API (base64 body) to the browser as a download. */
export function saveBase64File(filename: string, contentType: string, base64: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  const url = URL.createObjectURL(new Blob([bytes], { type: contentType }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
