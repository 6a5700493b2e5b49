import { parseRetryAfter } from '@gatehouse/domain/http/retry-after';
import { errorText, scrub, SEND_TIMEOUT_MS, type SendResult } from './send-result';

/**
 * POSTs JSON. 2xx is delivered; 408, 429 and 5xx are worth retrying (Retry-After honoured); any other status is
 * permanent, and so is a redirect (a webhook URL that moved must be changed, not followed with the body and the
 * signature to wherever it points). `secrets` are scrubbed from error text.
 */
export async function postJson(url: string, body: string, headers: Record<string, string>, now: Date, secrets: readonly (string | undefined)[] = []): Promise<SendResult> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'Gatehouse-Notifier/1', ...headers },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(SEND_TIMEOUT_MS),
    });
  } catch (e) {
    return { ok: false, error: scrub(errorText(e), [url, ...secrets]) };
  }
  const text = await res.text().catch(() => '');
  if (res.status >= 200 && res.status < 300) return { ok: true, statusCode: res.status };
  const snippet = text.trim().replace(/\s+/g, ' ').slice(0, 200);
  const said = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}${snippet ? `: ${snippet}` : ''}`;
  if (res.status >= 300 && res.status < 400) {
    return { ok: false, statusCode: res.status, permanent: true, error: scrub(`${said} (redirects are not followed; use the final URL)`, [url, ...secrets]) };
  }
  const retryable = res.status === 408 || res.status === 429 || res.status >= 500;
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), now);
  return { ok: false, statusCode: res.status, error: scrub(said, [url, ...secrets]), ...(retryable ? {} : { permanent: true }), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
}
