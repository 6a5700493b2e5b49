'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { PageHeader } from '../../../components/page-header';
import { QueryError } from '../../../components/query-error';
import { StatusBadge } from '../../../components/status-badge';
import { useTRPC } from '../../../trpc/react';
import { useCan } from '../../shell/session-context';
import { CertificateFacts, DecodedText } from '../certificate-facts';
import { describeDaysLeft, formatDateTime, REVOCATION_REASON_WORDS } from '../certificate-words';
import { CERTIFICATE_STATE_WORDS, PURPOSE_WORDS } from '../describe-certificate-state';
import { CreateSecretForm } from '../use/create-secret-form';
import { DownloadsPanel } from '../use/downloads-panel';
import { AutoRenewSwitch } from './auto-renew-switch';
import { RenewDialog } from './renew-dialog';
import { RevokeDialog } from './revoke-dialog';
import { UsagePanel } from './usage-panel';

const ORIGIN_WORDS = { generated: 'made by Gatehouse', imported: 'imported', csr: 'signed from a request (CSR)' } as const;

/** The certificate page: what it is, until when, where it is used, and what can be done with it. */
export function CertificateDetailView({ id }: { id: string }) {
  const trpc = useTRPC();
  const { write } = useCan();
  const cert = useQuery(trpc.certificates.get.queryOptions({ id }));
  const usage = useQuery(trpc.certificates.usage.queryOptions({ id }));
  const [dialog, setDialog] = useState<'renew' | 'revoke' | null>(null);
  if (cert.isPending) return <><PageHeader title="Certificate" /><p className="muted" role="status">Loading the certificate…</p></>;
  if (cert.isError) return <><PageHeader title="Certificate" /><QueryError error={cert.error} what="the certificate" /><p><Link href="/certificates">Back to the certificates</Link></p></>;
  const c = cert.data;
  const words = CERTIFICATE_STATE_WORDS[c.state];
  const open = c.revokedAt === null && c.supersededById === null;
  const bound = usage.data?.bindings.length ?? 0;
  const actions = write && open ? (
    <div className="row">
      {c.isCA && c.hasPrivateKey && c.state !== 'expired' ? <Link className="button" href={`/certificates/new?intent=server&issuerId=${encodeURIComponent(c.id)}`}>Issue a certificate from it</Link> : null}
      <button type="button" className="button" onClick={() => setDialog('renew')}>Renew</button>
      <button type="button" className="button danger" onClick={() => setDialog('revoke')}>Revoke</button>
    </div>
  ) : undefined;
  return (
    <>
      <p className="breadcrumb"><Link href="/certificates">Certificates</Link> /</p>
      <PageHeader title={c.name} description={<>{PURPOSE_WORDS[c.purpose] ?? c.purpose} · {ORIGIN_WORDS[c.origin]} · <StatusBadge tone={words.tone}>{words.label}</StatusBadge></>} actions={actions} />
      {c.supersededById !== null ? (
        <div className="callout" role="status">Replaced by a renewal. <Link href={`/certificates/${c.supersededById}`}>Open the newer certificate</Link>; Secrets made from this one now hold that one.</div>
      ) : null}
      {c.revokedAt !== null ? (
        <div className="callout bad" role="status">Revoked {formatDateTime(c.revokedAt)} — {REVOCATION_REASON_WORDS[c.revocationReason as keyof typeof REVOCATION_REASON_WORDS]?.label ?? c.revocationReason ?? 'no reason given'}. It is listed in its issuer’s CRL.</div>
      ) : null}
      <div className="grid-2">
        <section className="card" aria-labelledby="about-heading">
          <h2 id="about-heading">Certificate</h2>
          <CertificateFacts c={c}>
            <div><dt>Serial number</dt><dd className="mono">{c.serialHex.toLowerCase()}</dd></div>
            <div><dt>SHA-256 fingerprint</dt><dd className="mono">{c.fingerprints.sha256}</dd></div>
          </CertificateFacts>
        </section>
        <section className="card" aria-labelledby="life-heading">
          <h2 id="life-heading">Lifetime and renewal</h2>
          <dl className="facts one-column">
            <div><dt>Valid until</dt><dd><strong>{formatDateTime(c.notAfter)}</strong> <StatusBadge tone={words.tone}>{c.state === 'valid' || c.state.startsWith('expiring') || c.state === 'expired' ? describeDaysLeft(c.notAfter, Date.now()) : words.label}</StatusBadge></dd></div>
            <div><dt>Issued by</dt><dd>{c.isSelfSigned ? 'itself (self-signed root)' : c.issuerId ? <Link href={`/certificates/${c.issuerId}`}>{c.issuer}</Link> : <>{c.issuer} <span className="muted">(not in the inventory)</span></>}</dd></div>
            <div><dt>Renew automatically</dt><dd><AutoRenewSwitch certificate={c} canChange={write} /></dd></div>
            <div><dt>Private key</dt><dd>{c.hasPrivateKey ? 'held by Gatehouse, encrypted' : 'not held by Gatehouse'}</dd></div>
            {c.renewedFromId ? <div><dt>Renewal of</dt><dd><Link href={`/certificates/${c.renewedFromId}`}>the previous certificate</Link></dd></div> : null}
            {c.chain.length > 0 ? <div><dt>Chain</dt><dd>{c.chain.length} issuer certificate{c.chain.length === 1 ? '' : 's'} above it</dd></div> : null}
            <div><dt>History</dt><dd><Link href={`/audit?kind=Certificate&name=${encodeURIComponent(c.id)}`}>Changes and exports in the audit log</Link></dd></div>
          </dl>
        </section>
      </div>
      {usage.isPending ? <p className="muted" role="status">Loading where it is used…</p> : usage.isError ? <QueryError error={usage.error} what="where it is used" /> : <UsagePanel certificateId={c.id} usage={usage.data} canChange={write} />}
      <section className="card" aria-labelledby="use-heading">
        <h2 id="use-heading">Use it</h2>
        <DownloadsPanel certificate={c} />
        {write && open ? <div className="secret-form"><CreateSecretForm certificate={c} /></div> : null}
      </section>
      <section className="card">
        <DecodedText text={c.text} />
      </section>
      {write ? (
        <>
          <RenewDialog open={dialog === 'renew'} onClose={() => setDialog(null)} certificate={c} boundCount={bound} />
          <RevokeDialog open={dialog === 'revoke'} onClose={() => setDialog(null)} certificate={c} boundCount={bound} />
        </>
      ) : null}
    </>
  );
}
