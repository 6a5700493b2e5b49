/** A Gateway's spec.tls as the form holds it (members the form does not edit included). */
export type GatewayTls = {
  frontend?: { default?: Record<string, unknown>; perPort?: unknown[]; [k: string]: unknown };
  [k: string]: unknown;
};

/**
 * spec.tls without the default client validation, keeping everything else (backend, per-port settings); a
 * frontend left with nothing goes away (its `default` is required once it exists), and so does an empty spec.tls.
 */
export function withoutDefaultValidation(tls: GatewayTls | undefined): GatewayTls | undefined {
  if (!tls) return undefined;
  const { frontend, ...rest } = tls;
  if (frontend) {
    const { validation: _dropped, ...defaults } = frontend.default ?? {};
    const next = { ...frontend, default: defaults };
    const othersThanDefault = Object.entries(next).some(([k, v]) => k !== 'default' && v !== undefined);
    if (Object.keys(defaults).length > 0 || othersThanDefault) rest.frontend = next;
  }
  return Object.keys(rest).length > 0 ? rest : undefined;
}
