/**
 * A `Retry-After` header (RFC 9110 §10.2.3) as milliseconds from `now`: delay-seconds or an HTTP-date (a date in
 * the past is 0); undefined when absent or unreadable. Shared by the console's notification senders and the
 * worker's snapshot feed.
 */
export function parseRetryAfter(value: string | readonly string[] | null | undefined, now: Date): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (typeof v !== 'string' || v.trim() === '') return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return Number(s) * 1000;
  // An HTTP-date always names its day and month (RFC 9110 §5.6.7); Date.parse would also take "-3" as a year.
  if (!/[A-Za-z]{3}/.test(s)) return undefined;
  const at = Date.parse(s);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
