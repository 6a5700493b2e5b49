import { REDACTED_DATA_ANNOTATION } from '@gatehouse/domain/config/secret.schema';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import type { MasterKey } from '../secrets/master-key';
import { decryptValue, encryptValue, redactValue } from '../secrets/secret-cipher';
import { stableStringify } from './stable-json';

/**
 * Set on Secrets whose values were left out (API reads, exports without values). When such a Secret is
 * applied or PUT back, the stored values are kept, so a read-modify-write or an export→apply round trip never
 * wipes a Secret. The annotation itself is never stored.
 */
export const REDACTED_ANNOTATION = REDACTED_DATA_ANNOTATION;

export interface ResourceRow {
  uid: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  apiVersion: string;
  body: string;
  secretData: string | null;
  resourceVersion: number;
  generation: number;
  createdAt: Date;
  updatedAt: Date;
}

/** How Secret values leave the store. */
export type SecretValues = 'include' | 'redact' | 'audit-hash';

const SERVER_META = ['uid', 'resourceVersion', 'generation', 'creationTimestamp'] as const;

export function isSecret(kind: string, group: string): boolean {
  return kind === 'Secret' && group === '';
}

/** The client-owned part of an object: what is compared to decide "unchanged" and stored in `body`. */
export function desiredBody(obj: KubeObject): Record<string, unknown> {
  const { status: _status, ...rest } = obj as KubeObject & { status?: unknown };
  const metadata: Record<string, unknown> = { ...obj.metadata };
  for (const f of SERVER_META) delete metadata[f];
  const annotations = { ...(obj.metadata.annotations ?? {}) };
  delete annotations[REDACTED_ANNOTATION];
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  if (metadata.labels && Object.keys(metadata.labels).length === 0) delete metadata.labels;
  const body: Record<string, unknown> = { ...rest, metadata };
  delete body.dataInfo;
  if (obj.kind === 'Secret') delete body.data;
  return body;
}

export function secretDataOf(obj: KubeObject): Record<string, string> {
  return { ...((obj as { data?: Record<string, string> }).data ?? {}) };
}

export function isRedacted(obj: KubeObject): boolean {
  return obj.metadata.annotations?.[REDACTED_ANNOTATION] === 'true';
}

function aad(row: Pick<ResourceRow, 'kind' | 'namespace' | 'name'>): string {
  return `${row.kind}/${row.namespace}/${row.name}`;
}

export function encryptSecretData(key: MasterKey, ref: Pick<ResourceRow, 'kind' | 'namespace' | 'name'>, data: Record<string, string>): string {
  return encryptValue(key, stableStringify(data), aad(ref));
}

export function decryptSecretData(key: MasterKey, row: Pick<ResourceRow, 'kind' | 'namespace' | 'name' | 'secretData'>): Record<string, string> {
  if (!row.secretData) return {};
  return JSON.parse(decryptValue(key, row.secretData, aad(row))) as Record<string, string>;
}

/** A stored row as the API serves it (storage version, server metadata filled in). */
export function rowToObject(row: ResourceRow, key: MasterKey, secretValues: SecretValues): KubeObject {
  const body = JSON.parse(row.body) as KubeObject;
  const obj: KubeObject = {
    ...body,
    metadata: {
      ...body.metadata,
      uid: row.uid,
      resourceVersion: String(row.resourceVersion),
      generation: row.generation,
      creationTimestamp: row.createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    },
  };
  if (isSecret(row.kind, row.group)) {
    const data = decryptSecretData(key, row);
    if (secretValues === 'include') {
      obj.data = data;
    } else if (secretValues === 'audit-hash') {
      obj.data = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, redactValue(key, v)]));
    } else {
      obj.metadata = { ...obj.metadata, annotations: { ...(obj.metadata.annotations ?? {}), [REDACTED_ANNOTATION]: 'true' } };
      // Keys and sizes, never values: enough to see that ca.crt is there and not empty.
      obj.dataInfo = Object.fromEntries(Object.entries(data).map(([k, v]) => [k, { bytes: Buffer.from(v, 'base64').length }]));
    }
  }
  return obj;
}

/** Secret values as the audit log records them: a keyed hash per data key. */
export function redactForAudit(obj: KubeObject, key: MasterKey): KubeObject {
  if (obj.kind !== 'Secret' || !obj.data) return obj;
  const data = obj.data as Record<string, string>;
  return { ...obj, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, redactValue(key, v)])) };
}
