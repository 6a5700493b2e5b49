import { z } from 'zod';

/**
 * The shared string and number types of Gateway API v1.6.1 (apis/v1/shared_types.go, object_reference_types.go),
 * with the exact lengths and patterns of the CRDs in config/crd/standard. The patterns are copied verbatim:
 * OpenAPI `pattern` is unanchored unless the pattern anchors itself, and RegExp.test searches the same way.
 * @see https://gateway-api.sigs.k8s.io/reference/spec/
 */

const GROUP = /^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const KIND = /^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$/;
const NAMESPACE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SECTION_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HOSTNAME = /^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const HEADER_NAME = /^[A-Za-z0-9!#$%&'*+\-.^_`|~]+$/;
const DURATION = /^([0-9]{1,5}(h|m|s|ms)){1,4}$/;

/** Group: '' is the core API group. */
export const GroupSchema = z.string().max(253).regex(GROUP, 'must be empty or a lower-case DNS subdomain (an API group)');
/** Kind: CamelCase kind name. */
export const KindSchema = z
  .string()
  .min(1)
  .max(63)
  .regex(KIND, 'must start with a letter and contain only letters, digits and "-"');
/** ObjectName: any 1–253 characters (the referent decides its own name rules). */
export const ObjectNameSchema = z.string().min(1).max(253);
/** Namespace name in a reference: an RFC 1123 label. */
export const NamespaceNameSchema = z.string().min(1).max(63).regex(NAMESPACE, 'must be a lower-case RFC 1123 label');
/** SectionName (listener names, rule names, Service port names in targetRefs): an RFC 1123 subdomain. */
export const SectionNameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(SECTION_NAME, 'must be a lower-case RFC 1123 subdomain (a-z, 0-9, "-", ".")');
/** PortNumber: 1–65535. */
export const PortNumberSchema = z.number().int().min(1).max(65535);
/** Hostname: a lower-case DNS name, optionally with one leading wildcard label `*.`; no IP addresses by intent. */
export const HostnameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(HOSTNAME, 'must be a lower-case DNS name, optionally starting with "*." (no port, no trailing dot)');
/** PreciseHostname: a Hostname without the wildcard. */
export const PreciseHostnameSchema = z
  .string()
  .min(1)
  .max(253)
  .regex(SECTION_NAME, 'must be a lower-case DNS name without wildcard (no port, no trailing dot)');
/** HTTPHeaderName (RFC 7230 token); header names compare case-insensitively at run time. */
export const HeaderNameSchema = z.string().min(1).max(256).regex(HEADER_NAME, 'must be an HTTP header name (RFC 7230 token)');
/** Duration (GEP-2257): 1–4 groups of up to 5 digits and a unit h, m, s or ms, e.g. `1h30m`, `500ms`. */
export const DurationSchema = z.string().regex(DURATION, 'must be a Gateway API duration such as "10s", "1h30m" or "500ms" (GEP-2257)');

/** Milliseconds of a GEP-2257 duration (valid input only). */
export function durationToMs(value: string): number {
  const unitMs: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
  let total = 0;
  for (const m of value.matchAll(/([0-9]{1,5})(ms|h|m|s)/g)) total += Number(m[1]) * (unitMs[m[2] ?? ''] ?? 0);
  return total;
}

/** Map of implementation-specific options (≤16 entries, values ≤4096 characters). */
export const OptionsMapSchema = z
  .record(z.string(), z.string().max(4096))
  .refine((m) => Object.keys(m).length <= 16, 'must have at most 16 entries');
