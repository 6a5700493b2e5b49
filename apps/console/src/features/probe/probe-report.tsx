'use client';

import Link from 'next/link';
import { StatusBadge } from '../../components/status-badge';
import type { UpstreamProbeReport } from '../../server/services/probe.service';
import type { ChainCertificate, ProbeEndpointView, Said } from '../../server/services/probe/describe-probe';
import { hrefOf } from '../resource-detail/resource-href';

const ROLE_WORDS: Record<ChainCertificate['role'], string> = { leaf: 'Server certificate', intermediate: 'Intermediate CA', root: 'Root CA' };

function Line({ label, said }: { label: string; said: Said | null }) {
  if (said === null) return null;
  return (
    <div className={`probe-line ${said.tone}`}>
      <dt>{label}</dt>
      <dd>{said.text}</dd>
    </div>
  );
}

function Chain({ chain }: { chain: ChainCertificate[] }) {
  if (chain.length === 0) return <p className="muted">No certificate was presented.</p>;
  return (
    <ol className="probe-chain" aria-label="Certificate chain, server certificate first">
      {chain.map((c) => {
        const tone = c.state === 'valid' ? 'ok' : c.state === 'expiring30' ? 'pending' : 'bad';
        return (
          <li key={c.sha256}>
            <div className="probe-chain-head">
              <span><span className="probe-tag">{ROLE_WORDS[c.role]}</span> <strong>{c.commonName ?? c.subject}</strong></span>
              <span className="row">
                {c.fromTrustedCa ? <StatusBadge tone="neutral">from the trusted CA</StatusBadge> : null}
                <StatusBadge tone={tone}>{c.daysLeft >= 0 ? `valid until ${c.notAfter.slice(0, 10)} · ${c.daysLeft} days left` : `expired ${c.notAfter.slice(0, 10)}`}</StatusBadge>
              </span>
            </div>
            <dl className="probe-cert">
              <div><dt>Subject</dt><dd>{c.subject}</dd></div>
              <div><dt>Issuer</dt><dd>{c.issuer}{c.isSelfSigned ? ' (self-signed)' : ''}</dd></div>
              <div><dt>Names (SAN)</dt><dd>{c.sans.length > 0 ? c.sans.join(', ') : 'none: only the subject common name'}</dd></div>
              <div><dt>Key · signature</dt><dd>{c.key} · {c.signatureAlgorithm}</dd></div>
              <div className="wide"><dt>SHA-256 fingerprint</dt><dd className="mono">{c.sha256}</dd></div>
            </dl>
          </li>
        );
      })}
    </ol>
  );
}

function Endpoint({ ep }: { ep: ProbeEndpointView }) {
  return (
    <section className="probe-endpoint" aria-label={`Endpoint ${ep.endpoint}`}>
      <h3>Endpoint {ep.endpoint}</h3>
      <div className={`callout ${ep.verdict.tone === 'ok' ? 'ok' : ep.verdict.tone === 'bad' ? 'bad' : 'warn'}`} role="status">
        <strong>{ep.verdict.title}.</strong> {ep.verdict.text}
      </div>
      <dl className="probe-lines">
        <Line label="Connection" said={ep.connect} />
        <Line label="TLS handshake" said={ep.handshake} />
        <Line label="Trust" said={ep.trust} />
        <Line label="Name check" said={ep.name} />
        <Line label="Expiry" said={ep.expiry} />
        <Line label="Today without TLS" said={ep.plainHttp} />
      </dl>
      <h4>Certificate chain presented</h4>
      <Chain chain={ep.chain} />
    </section>
  );
}

/** One probe's answer: what the gateway does today, what was tested, and per endpoint the chain and the checks. */
export function ProbeReportView({ report }: { report: UpstreamProbeReport }) {
  const r = report;
  const policyHref = r.configured.policy ? hrefOf({ group: r.configured.policy.kind === 'UpstreamTLSPolicy' ? 'gateway.flomesh.io' : 'gateway.networking.k8s.io', ...r.configured.policy }) : undefined;
  return (
    <div className="probe-report">
      <dl className="probe-summary">
        <div><dt>Gateway today</dt><dd>{r.configured.text}{policyHref ? <> <Link href={policyHref}>Open the policy</Link></> : null}</dd></div>
        <div><dt>Verified with</dt><dd>{r.tested.label}{r.tested.ca[0] ? ` — ${r.tested.ca.map((c) => c.commonName ?? c.subject).join(', ')}` : ''}</dd></div>
        <div><dt>Probed from</dt><dd>worker {r.worker.name || r.worker.id} · {new Date(r.checkedAt).toLocaleTimeString()}</dd></div>
      </dl>
      {r.endpoints.map((ep) => <Endpoint key={ep.endpoint} ep={ep} />)}
      {r.skippedEndpoints > 0 ? <p className="muted">{r.skippedEndpoints} more endpoint(s) were not probed.</p> : null}
    </div>
  );
}
