import { z } from 'zod';

/**
 * Keys of Secret.data / ConfigMap.data (IsConfigMapKey): `[-._a-zA-Z0-9]+`, ≤ 253 characters, not "." or "..",
 * not starting with ".." (they become file names when mounted).
 */
export const DataKeySchema = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[-._a-zA-Z0-9]+$/, 'must consist of alphanumeric characters, "-", "_" or "."')
  .refine((k) => k !== '.' && k !== '..' && !k.startsWith('..'), 'must not be "." or ".." and must not start with ".."');

/** Total size limit of a Secret's or ConfigMap's data (MaxSecretSize, 1 MiB). */
export const MAX_DATA_BYTES = 1024 * 1024;
