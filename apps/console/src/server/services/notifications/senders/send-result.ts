/** The outcome of one attempt, as the dispatcher records it. */
export interface SendResult {
  ok: boolean;
  /** HTTP status, or the SMTP reply code. */
  statusCode?: number;
  error?: string;
  /** Retrying cannot help (HTTP 4xx but 408/429, SMTP 5xx, a redirect): the delivery fails now. */
  permanent?: boolean;
  /** The receiver asked to wait (Retry-After). */
  retryAfterMs?: number;
}

export const SEND_TIMEOUT_MS = 10_000;

/** Error text never quotes a credential (the Slack URL is one): every secret given is cut out of it. */
export function scrub(message: string, secrets: readonly (string | undefined)[]): string {
  let out = message;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('***');
  return out.length > 500 ? `${out.slice(0, 499)}…` : out;
}

export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  // fetch says "fetch failed"; the reason (ECONNREFUSED, a TLS error, the timeout) is its cause.
  if (cause instanceof Error && cause.message && !e.message.includes(cause.message)) return `${e.message}: ${cause.message}`;
  if (e.name === 'TimeoutError') return `no answer within ${SEND_TIMEOUT_MS / 1000} s`;
  return e.message;
}
