import { decodeBase64Utf8, encodeUtf8Base64 } from '@gatehouse/domain/object/base64';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { type MetaView, readMeta } from './object-meta';
import { asDict, asDictArray, asString, asStringMap } from './read-field';

/** A Secret with its `data` still base64-encoded, as Kubernetes serves it. */
export interface SecretView {
  meta: MetaView;
  data: Readonly<Record<string, string>>;
}

export interface ConfigMapView {
  meta: MetaView;
  data: Readonly<Record<string, string>>;
}

export interface ReferenceGrantView {
  meta: MetaView;
  from: Array<{ group: string; kind: string; namespace: string }>;
  to: Array<{ group: string; kind: string; name: string | undefined }>;
}

export function readSecret(obj: KubeObject): SecretView {
  const data = asStringMap(obj.data);
  // stringData is write-only in Kubernetes; accept it in case a snapshot carries it un-merged.
  const stringData = asStringMap(obj.stringData);
  for (const [k, v] of Object.entries(stringData)) data[k] = encodeUtf8Base64(v);
  return { meta: readMeta(obj), data };
}

export function readConfigMap(obj: KubeObject): ConfigMapView {
  return { meta: readMeta(obj), data: asStringMap(obj.data) };
}

export function readReferenceGrant(obj: KubeObject): ReferenceGrantView {
  const spec = asDict(obj.spec);
  return {
    meta: readMeta(obj),
    from: asDictArray(spec?.from).map((f) => ({
      group: asString(f.group) ?? '',
      kind: asString(f.kind) ?? '',
      namespace: asString(f.namespace) ?? '',
    })),
    to: asDictArray(spec?.to).map((t) => ({ group: asString(t.group) ?? '', kind: asString(t.kind) ?? '', name: asString(t.name) })),
  };
}

/**
 * Decodes one base64 Secret value; undefined when absent, empty or not base64. Uses the domain's
 * Buffer-free decoder so the compiler also runs in the browser (the console's request simulator).
 */
export function decodeSecretValue(secret: SecretView, key: string): string | undefined {
  const raw = secret.data[key];
  if (raw === undefined || raw === '') return undefined;
  try {
    const text = decodeBase64Utf8(raw);
    return text === '' ? undefined : text;
  } catch {
    return undefined;
  }
}
