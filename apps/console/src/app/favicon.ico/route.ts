/** Browsers ask for /favicon.ico on their own (before or without reading the page's icon link): send them the icon. */
export function GET(request: Request): Response {
  return Response.redirect(new URL('/icon.svg', request.url), 308);
}
