import { SecretSchema } from '@gatehouse/domain/config/secret.schema';
import { cleanObject, joinPath, type FormCodec, type PathSegment } from '../form-codec';

/**
 * Secrets are write-only in the console: the API serves each key's size (`dataInfo`), never its value. A stored
 * key is kept as it is unless the person replaces its value; the object then carries the annotation
 * `gatehouse.dev/data-redacted: "true"`, which tells the API to keep the stored values of keys it does not send
 * (ARCHITECTURE.md, "Redacted Secrets round-trip").
 */
export const REDACTED_ANNOTATION = 'gatehouse.dev/data-redacted';

export interface SecretEntry {
  key: string;
  /** keep: the stored value stays; set: `value` replaces it (or adds the key). */
  mode: 'keep' | 'set';
  value: string;
  /** text goes to stringData; base64 (a binary file) to data. */
  encoding: 'text' | 'base64';
  /** Size of the stored value, for kept keys. */
  bytes?: number;
}

export interface SecretForm {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; resourceVersion?: string };
  type: string;
  immutable?: boolean;
  entries: SecretEntry[];
}

/** UTF-8 text of a base64 value, or undefined when the bytes are not text. */
export function base64ToText(b64: string): string | undefined {
  try {
    const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    // eslint-disable-next-line no-control-regex -- control characters other than whitespace mean binary data
    return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? undefined : text;
  } catch {
    return undefined;
  }
}

function entryIndex(values: SecretForm, key: PathSegment | undefined): number {
  return values.entries.findIndex((e) => e.key === String(key));
}

export const secretCodec: FormCodec<SecretForm> = {
  kind: 'Secret', plural: 'secrets', namespaced: true, schema: SecretSchema,
  blank: (ns) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: '', namespace: ns ?? 'default' }, type: 'Opaque', stringData: { 'ca.crt': '' } }),
  toForm: (obj) => {
    const metadata = { ...((obj.metadata as SecretForm['metadata'] | undefined) ?? { name: '' }) };
    const annotations = { ...(metadata.annotations ?? {}) };
    delete annotations[REDACTED_ANNOTATION];
    if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
    else delete metadata.annotations;
    const entries = new Map<string, SecretEntry>();
    for (const [key, info] of Object.entries((obj.dataInfo as Record<string, { bytes?: number }> | undefined) ?? {})) {
      entries.set(key, { key, mode: 'keep', value: '', encoding: 'text', bytes: info?.bytes ?? 0 });
    }
    for (const [key, b64] of Object.entries((obj.data as Record<string, string> | undefined) ?? {})) {
      const text = base64ToText(String(b64));
      entries.set(key, text === undefined ? { key, mode: 'set', value: String(b64), encoding: 'base64' } : { key, mode: 'set', value: text, encoding: 'text' });
    }
    for (const [key, value] of Object.entries((obj.stringData as Record<string, string> | undefined) ?? {})) entries.set(key, { key, mode: 'set', value: String(value), encoding: 'text' });
    return {
      apiVersion: String(obj.apiVersion ?? 'v1'), kind: 'Secret', metadata, type: typeof obj.type === 'string' ? obj.type : 'Opaque',
      ...(typeof obj.immutable === 'boolean' ? { immutable: obj.immutable } : {}),
      entries: [...entries.values()],
    };
  },
  toObject: (values) => {
    const rows = values.entries.filter((e) => e.key !== '');
    const kept = rows.filter((e) => e.mode === 'keep');
    const text = rows.filter((e) => e.mode === 'set' && e.encoding === 'text');
    const binary = rows.filter((e) => e.mode === 'set' && e.encoding === 'base64');
    const annotations = { ...(values.metadata.annotations ?? {}), ...(kept.length > 0 ? { [REDACTED_ANNOTATION]: 'true' } : {}) };
    return cleanObject({
      apiVersion: values.apiVersion, kind: 'Secret',
      metadata: { ...values.metadata, annotations: Object.keys(annotations).length > 0 ? annotations : undefined },
      type: values.type, immutable: values.immutable,
      data: binary.length > 0 ? Object.fromEntries(binary.map((e) => [e.key, e.value])) : undefined,
      stringData: text.length > 0 ? Object.fromEntries(text.map((e) => [e.key, e.value])) : undefined,
      // Sizes of the kept keys: informative in the YAML tab, ignored by the API, and what brings them back when
      // the YAML is edited.
      dataInfo: kept.length > 0 ? Object.fromEntries(kept.map((e) => [e.key, { bytes: e.bytes ?? 0 }])) : undefined,
    });
  },
  formPath: (path, values) => {
    if ((path[0] === 'data' || path[0] === 'stringData') && path.length > 1) {
      const i = entryIndex(values, path[1]);
      return i < 0 ? undefined : `entries.${i}.${values.entries[i]?.mode === 'keep' ? 'key' : 'value'}`;
    }
    return path.length === 0 ? undefined : joinPath(path);
  },
};
