import nodemailer from 'nodemailer';
import { errorText, scrub, SEND_TIMEOUT_MS, type SendResult } from './send-result';

export interface SmtpSettings {
  host: string;
  port: number;
  tls: 'none' | 'starttls' | 'tls';
  username?: string;
  password?: string;
  from: string;
  to: string[];
}

export interface MailContent {
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

/**
 * Sends one message over SMTP with nodemailer: TLS mode `tls` is implicit TLS (port 465), `starttls` requires the
 * upgrade (a server that does not offer it fails the attempt rather than getting the password in clear), `none`
 * never upgrades. SMTP 5xx replies are permanent (RFC 5321 §4.2.1); 4xx and connection problems are retried.
 */
export async function sendMail(s: SmtpSettings, mail: MailContent): Promise<SendResult> {
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.tls === 'tls',
    requireTLS: s.tls === 'starttls',
    ignoreTLS: s.tls === 'none',
    ...(s.username ? { auth: { user: s.username, pass: s.password ?? '' } } : {}),
    connectionTimeout: SEND_TIMEOUT_MS,
    greetingTimeout: SEND_TIMEOUT_MS,
    socketTimeout: 2 * SEND_TIMEOUT_MS,
    name: 'gatehouse',
  });
  try {
    const info = await transport.sendMail({ from: s.from, to: s.to, subject: mail.subject, text: mail.text, html: mail.html, headers: mail.headers });
    const code = /^(\d{3})/.exec(String(info.response ?? ''))?.[1];
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length && rejected.length === s.to.length) return { ok: false, permanent: true, error: `every recipient was refused: ${rejected.join(', ')}`, ...(code ? { statusCode: Number(code) } : {}) };
    return { ok: true, ...(code ? { statusCode: Number(code) } : {}) };
  } catch (e) {
    const responseCode = (e as { responseCode?: unknown }).responseCode;
    const statusCode = typeof responseCode === 'number' ? responseCode : undefined;
    return { ok: false, error: scrub(errorText(e), [s.password]), ...(statusCode !== undefined ? { statusCode, ...(statusCode >= 500 ? { permanent: true } : {}) } : {}) };
  } finally {
    transport.close();
  }
}
