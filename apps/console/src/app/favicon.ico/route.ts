/**
 * Browsers ask for /favicon.ico on their own (before or without reading the page's icon link): send them the icon.
 * The Location is relative (RFC 9110 §10.2.2 allows it): an absolute one would be built from the host Next.js
 * believes it serves (`localhost`), which differs from the address the browser used (`127.0.0.1`, a proxy's name),
 * and the page's CSP (`img-src 'self'`) then refuses the icon as another origin.
 */
export function GET(): Response {
  return new Response(null, { status: 308, headers: { Location: '/icon.svg' } });
}
