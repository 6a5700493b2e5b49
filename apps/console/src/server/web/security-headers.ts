/**
 * Security headers of every console answer (issue 11 §3): pages get them from src/proxy.ts with a fresh nonce,
 * API answers from their handlers (REST router, tRPC route, health check) — one definition for both.
 * @see https://nextjs.org/docs/app/guides/content-security-policy
 * @see https://owasp.org/www-project-secure-headers/
 */

/** A year, and subdomains: the console's own name only ever serves it over HTTPS once it has said so. */
export const HSTS_VALUE = 'max-age=31536000; includeSubDomains';

/**
 * The CSP of a page. Scripts: only those carrying this response's nonce (Next.js puts it on its own inline and
 * bootstrap scripts when it finds it in the request's CSP header; the theme script in the root layout reads it) and
 * what they load ('strict-dynamic'), never inline code an attacker managed to put in the page. Styles keep
 * 'unsafe-inline': React renders `style={{…}}` props as style attributes in the server's HTML, and attributes
 * cannot carry a nonce (style-src-attr); a stylesheet cannot run code, the damage it allows is restyling.
 * `next dev` evaluates modules with eval() (React's dev tools), so 'unsafe-eval' is added there only.
 */
export function pageContentSecurityPolicy(nonce: string, dev = false): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** API answers are data, never documents: nothing in one may load, run or be framed, even if a browser renders it. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

/** The headers for an answer; HSTS only when the browser's connection was TLS (RFC 6797 §7.2: never over plain HTTP). */
export function securityHeaders(opts: { csp: string; https: boolean }): Record<string, string> {
  return {
    'content-security-policy': opts.csp,
    'x-content-type-options': 'nosniff',
    // Links out of the console carry no path (object names, ids); same-origin requests keep theirs.
    'referrer-policy': 'same-origin',
    // For browsers without CSP's frame-ancestors.
    'x-frame-options': 'DENY',
    ...(opts.https ? { 'strict-transport-security': HSTS_VALUE } : {}),
  };
}

/** Sets the API headers on a Response (whose headers may be immutable, as fetch() answers are: then it is copied). */
export function withApiSecurityHeaders(res: Response, https: boolean): Response {
  const headers = securityHeaders({ csp: API_CONTENT_SECURITY_POLICY, https });
  try {
    for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
    return res;
  } catch {
    const copy = new Response(res.body, res);
    for (const [k, v] of Object.entries(headers)) copy.headers.set(k, v);
    return copy;
  }
}
