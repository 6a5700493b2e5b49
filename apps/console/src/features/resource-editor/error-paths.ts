import type { FieldErrors, FieldValues } from 'react-hook-form';

export interface FlatError {
  path: string;
  message: string;
}

/** Every message in react-hook-form's nested errors, with its field path. */
export function flattenErrors(errors: FieldErrors<FieldValues>, prefix = ''): FlatError[] {
  const out: FlatError[] = [];
  for (const [k, v] of Object.entries(errors)) {
    if (!v || typeof v !== 'object' || k === 'ref') continue;
    const path = prefix ? `${prefix}.${k}` : k;
    const message = (v as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') out.push({ path, message });
    out.push(...flattenErrors(v as FieldErrors<FieldValues>, path));
  }
  return out;
}

/** `spec.listeners.0.port` → `spec.listeners[0].port` (the API's spelling, which the YAML tab follows). */
export function displayPath(path: string): string {
  if (path.startsWith('root.')) return 'the object';
  return path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
}
