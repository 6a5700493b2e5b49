import { z } from 'zod';
import { base64ByteLength, canonicalBase64, isBase64 } from '../object/base64';
import { ObjectMetaSchema } from '../object/meta';
import { DataKeySchema, MAX_DATA_BYTES } from './data-key.schema';

/**
 * ConfigMap (core v1): `data` (UTF-8 strings) and `binaryData` (base64, served back canonical); a key may appear
 * in only one of them; at most 1 MiB in total (ValidateConfigMap). BackendTLSPolicy's core CA reference is a
 * ConfigMap with key `ca.crt`.
 * @see https://kubernetes.io/docs/concepts/configuration/configmap/
 */
export const ConfigMapSchema = z
  .object({
    apiVersion: z.literal('v1'),
    kind: z.literal('ConfigMap'),
    metadata: ObjectMetaSchema,
    data: z.record(DataKeySchema, z.string()).optional(),
    binaryData: z.record(DataKeySchema, z.string().refine(isBase64, 'must be base64 (standard alphabet with padding)')).optional(),
    immutable: z.boolean().optional(),
  })
  .superRefine((c, ctx) => {
    for (const k of Object.keys(c.binaryData ?? {})) {
      if (c.data?.[k] !== undefined)
        ctx.addIssue({ code: 'custom', message: `Invalid value: duplicate of key "${k}" in data`, path: ['binaryData', k] });
    }
    const bytes =
      Object.values(c.data ?? {}).reduce((n, v) => n + new TextEncoder().encode(v).length, 0) +
      Object.values(c.binaryData ?? {}).reduce((n, v) => n + (isBase64(v) ? base64ByteLength(v) : 0), 0);
    if (bytes > MAX_DATA_BYTES) ctx.addIssue({ code: 'custom', message: `Too long: data must have at most ${MAX_DATA_BYTES} bytes` });
  })
  .transform(({ binaryData, ...rest }): typeof rest & { binaryData?: Record<string, string> } =>
    binaryData === undefined ? rest : { ...rest, binaryData: Object.fromEntries(Object.entries(binaryData).map(([k, v]) => [k, canonicalBase64(v)])) },
  );
export type ConfigMap = z.output<typeof ConfigMapSchema>;
