import type { z } from 'zod';

/**
 * What the API server needs to know about one kind: where it lives in the URL space and how it is validated.
 * Every kind Gatehouse stores has exactly one entry in KINDS (registry/kinds.ts).
 */
export interface KindInfo {
  /** API group; '' for the core group (Service, Secret, ConfigMap, Namespace). */
  group: string;
  kind: string;
  /** Lower-case plural as Kubernetes spells it in URLs (`httproutes`). */
  plural: string;
  namespaced: boolean;
  /** Every version accepted on input, e.g. ['v1', 'v1beta1'] for HTTPRoute. */
  servedVersions: readonly string[];
  /** The version objects are stored and served in. */
  storageVersion: string;
  /**
   * Validates a whole object of this kind (apiVersion, kind, metadata, spec/data). The output is the
   * normalised object (defaults applied, apiVersion converted to storageVersion). The same schema is
   * the REST body parser, the tRPC input and the form resolver.
   */
  schema: z.ZodType<{ apiVersion: string; kind: string; metadata: { name: string } }>;
}

export function apiVersionOf(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}
