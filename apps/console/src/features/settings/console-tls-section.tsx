import Link from 'next/link';
import { RelativeTime } from '../../components/relative-time';
import { getRuntime } from '../../server/runtime';

const DAY_MS = 86_400_000;

/**
 * Settings → "Console HTTPS": which certificate this console serves its pages and API with, and until when
 * (GATEHOUSE_TLS_CERTIFICATE or the file pair, README "Serving the console over HTTPS"). A server component: it reads
 * the runtime's state directly, the page is already behind a session, and nothing here is secret.
 */
export async function ConsoleTlsSection() {
  const tls = (await getRuntime()).consoleTls;
  const status = tls?.status();
  const daysLeft = status ? Math.floor((Date.parse(status.notAfter) - Date.now()) / DAY_MS) : 0;
  return (
    <section className="card" aria-labelledby="console-tls-heading" data-testid="console-tls">
      <h2 id="console-tls-heading">Console HTTPS</h2>
      {!status ? (
        <p className="muted" style={{ marginBottom: 0 }}>
          This console serves plain HTTP (no <code>GATEHOUSE_TLS_CERTIFICATE</code>). Put it behind a TLS proxy, or name a
          server certificate from the inventory to serve HTTPS itself.
        </p>
      ) : (
        <>
          {daysLeft < 0 ? (
            <p className="callout bad">The certificate has expired: browsers refuse it. Renew it; the console takes the renewal without a restart.</p>
          ) : daysLeft < 30 ? (
            <p className="callout warn">The certificate expires in {daysLeft} day{daysLeft === 1 ? '' : 's'}. Renew it (or turn on auto-renew); the console takes the renewal without a restart.</p>
          ) : null}
          {status.lastError ? <p className="callout warn">The last check for a renewed certificate failed, so the current one keeps serving: {status.lastError}</p> : null}
          <dl className="facts">
            <div>
              <dt className="label">Certificate</dt>
              <dd>
                {status.certificateId ? <Link href={`/certificates/${status.certificateId}`}>{status.name}</Link> : <code>{status.configured}</code>}
                <span className="sub">{status.source === 'inventory' ? `GATEHOUSE_TLS_CERTIFICATE=${status.configured}` : 'GATEHOUSE_TLS_CERT_FILE (file pair)'}</span>
              </dd>
            </div>
            <div><dt className="label">Subject</dt><dd>{status.subject}</dd></div>
            <div><dt className="label">Names</dt><dd>{status.sans.length > 0 ? status.sans.join(', ') : '—'}</dd></div>
            <div>
              <dt className="label">Expires</dt>
              <dd data-testid="console-tls-expires"><RelativeTime iso={status.notAfter} /><span className="sub">{status.notAfter}</span></dd>
            </div>
            <div><dt className="label">Serving since</dt><dd><RelativeTime iso={status.servingSince} /></dd></div>
            <div><dt className="label">SHA-256</dt><dd style={{ wordBreak: 'break-all' }}><code>{status.fingerprintSha256}</code></dd></div>
          </dl>
        </>
      )}
    </section>
  );
}
