/** A file's content for a Secret or ConfigMap value: UTF-8 text as it is (PEM), anything else as base64. */
export async function readFileValue(file: File): Promise<{ value: string; encoding: 'text' | 'base64' }> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  try {
    return { value: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'text' };
  } catch {
    let binary = '';
    for (const b of bytes) binary += String.fromCharCode(b);
    return { value: btoa(binary), encoding: 'base64' };
  }
}
