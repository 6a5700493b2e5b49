import { z } from 'zod';
import { base64ByteLength, canonicalBase64, encodeUtf8Base64, isBase64 } from '../object/base64';
import { ObjectMetaSchema } from '../object/meta';
import { DataKeySchema, MAX_DATA_BYTES } from './data-key.schema';

/**
 * Secret (core v1) as the API server treats it (pkg/apis/core/validation ValidateSecret,
 * pkg/registry/core/secret/strategy.go):
 * - `type` defaults to Opaque and may be any string, but the built-in types require their keys
 *   (`kubernetes.io/tls` needs tls.crt and tls.key, …);
 * - `data` values are base64 and come back canonical; `stringData` is written into `data` (base64 of its UTF-8,
 *   stringData wins on the same key) and is never stored or served;
 * - keys match `[-._a-zA-Z0-9]+`; at most 1 MiB of data in total.
 * Whether a referenced Secret holds a usable `ca.crt` is a status matter for the policies, not validation here.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#secret-types
 */

export const SECRET_TYPE_TLS = 'kubernetes.io/tls';

/** Keys each built-in type requires: every listed group needs at least one of its keys. */
const REQUIRED_KEYS: Record<string, readonly (readonly string[])[]> = {
  [SECRET_TYPE_TLS]: [['tls.crt'], ['tls.key']],
  'kubernetes.io/ssh-auth': [['ssh-privatekey']],
  'kubernetes.io/basic-auth': [['username', 'password']],
  'kubernetes.io/dockercfg': [['.dockercfg']],
  'kubernetes.io/dockerconfigjson': [['.dockerconfigjson']],
};

/**
 * Set by Gatehouse on Secrets served without their values (API reads, exports). Such a Secret written back keeps
 * its stored values, so the keys its type requires are checked after the stored values are merged (by the writer,
 * with missingSecretKeys), not here.
 */
export const REDACTED_DATA_ANNOTATION = 'gatehouse.dev/data-redacted';

/** The key groups a Secret type requires that `keys` does not satisfy (each group needs one of its keys). */
export function missingSecretKeys(type: string, keys: Iterable<string>): (readonly string[])[] {
  const have = new Set(keys);
  return (REQUIRED_KEYS[type] ?? []).filter((group) => !group.some((k) => have.has(k)));
}

const Base64ValueSchema = z.string().refine(isBase64, 'must be base64 (standard alphabet with padding)');

export const SecretSchema = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('Secret'),
    metadata: ObjectMetaSchema,
    type: z.string().max(253).default('Opaque'),
    data: z.record(DataKeySchema, Base64ValueSchema).optional(),
    stringData: z.record(DataKeySchema, z.string()).optional(),
    immutable: z.boolean().optional(),
  })
  .superRefine((s, ctx) => {
    if (s.metadata.annotations?.[REDACTED_DATA_ANNOTATION] !== 'true') {
      for (const group of missingSecretKeys(s.type, [...Object.keys(s.data ?? {}), ...Object.keys(s.stringData ?? {})]))
        ctx.addIssue({ code: 'custom', message: `Required value: type ${s.type} needs data key ${group.join(' or ')}`, path: ['data', group[0] ?? ''] });
    }
    if (s.type === 'kubernetes.io/service-account-token' && !s.metadata.annotations?.['kubernetes.io/service-account.name'])
      ctx.addIssue({
        code: 'custom',
        message: 'Required value: a service-account-token Secret needs the annotation kubernetes.io/service-account.name',
        path: ['metadata', 'annotations'],
      });
    const bytes =
      Object.entries(s.data ?? {}).reduce((n, [k, v]) => n + (s.stringData?.[k] === undefined && isBase64(v) ? base64ByteLength(v) : 0), 0) +
      Object.values(s.stringData ?? {}).reduce((n, v) => n + new TextEncoder().encode(v).length, 0);
    if (bytes > MAX_DATA_BYTES) ctx.addIssue({ code: 'custom', message: `Too long: data must have at most ${MAX_DATA_BYTES} bytes`, path: ['data'] });
  })
  .transform(({ stringData, data, type, ...rest }): typeof rest & { type: string; data?: Record<string, string> } => {
    // An empty type is Opaque, as the API server defaults it.
    const out = { ...rest, type: type === '' ? 'Opaque' : type };
    const merged: Record<string, string> = {};
    for (const [k, v] of Object.entries(data ?? {})) merged[k] = canonicalBase64(v);
    for (const [k, v] of Object.entries(stringData ?? {})) merged[k] = encodeUtf8Base64(v);
    return data === undefined && stringData === undefined ? out : { ...out, data: merged };
  });
export type Secret = z.output<typeof SecretSchema>;
