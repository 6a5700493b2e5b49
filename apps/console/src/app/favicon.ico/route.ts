/**
 * Browsers still ask for /favicon.ico now and then (Chromium does on some navigations even when the page links
 * icon.svg); without this the 404 shows up as an error in the browser console. Sends the app's SVG icon.
 */
export const dynamic = 'force-static';

const ICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#0a5cc2"/><g fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"><path d="M7 25V13l9-6 9 6v12"/><path d="M12 25v-7h8v7"/></g></svg>';

export function GET(): Response {
  return new Response(ICON, { headers: { 'content-type': 'image/svg+xml', 'cache-control': 'public, max-age=86400' } });
}
