import { z } from 'zod';

/**
 * apiVersion of a kind served in several versions with identical shapes (Gateway API v1 and v1beta1):
 * accepts every served apiVersion and outputs the storage one, which is the conversion the API server does
 * ("None" conversion strategy: only apiVersion changes).
 * @see https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definition-versioning/
 */
export function servedApiVersionSchema<const Storage extends string>(
  kind: string,
  served: readonly [string, ...string[]],
  storage: Storage,
) {
  return z
    .enum(served, { error: () => `apiVersion must be one of ${served.join(', ')} for kind ${kind}` })
    .transform((): Storage => storage);
}
