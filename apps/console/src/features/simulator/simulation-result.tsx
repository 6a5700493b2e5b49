'use client';

import Link from 'next/link';
import { StatusBadge } from '../../components/status-badge';
import type { CertificateBrief } from '../../server/services/probe/certificate-brief';
import type { BackendView, SimulationResult } from '../../server/services/simulator/describe-simulation';
import { hrefOf } from '../resource-detail/resource-href';

const GATEWAY_GROUP = 'gateway.networking.k8s.io';
const POLICY_GROUPS: Record<string, string> = { UpstreamTLSPolicy: 'gateway.flomesh.io', BackendTLSPolicy: GATEWAY_GROUP };

function Ref({ group, kind, namespace, name }: { group: string; kind: string; namespace: string; name: string }) {
  const href = hrefOf({ group, kind, namespace, name });
  const text = `${namespace}/${name}`;
  return href ? <Link href={href}>{text}</Link> : <span>{text}</span>;
}

function CaLine({ ca }: { ca: CertificateBrief }) {
  const tone = ca.state === 'valid' ? 'ok' : ca.state === 'expiring30' ? 'pending' : 'bad';
  return (
    <span>
      {ca.commonName ?? ca.subject}{ca.isCA ? ' (CA)' : ''} · valid until {ca.notAfter.slice(0, 10)}{' '}
      <StatusBadge tone={tone}>{ca.daysLeft >= 0 ? `${ca.daysLeft} days left` : 'expired'}</StatusBadge>
    </span>
  );
}

/** A draft policy for a backend that gets plain HTTP but probably wants TLS (the seed's next step). */
export function policyDraftFor(b: BackendView): string {
  const ns = b.service?.namespace ?? 'default';
  return `apiVersion: gateway.flomesh.io/v1alpha1
kind: UpstreamTLSPolicy
metadata:
  name: ${b.service?.name ?? 'upstream'}-upstream-tls
  namespace: ${ns}
spec:
  targetRef:
    group: ""
    kind: Service
    name: ${b.service?.name ?? ''}
    namespace: ${ns}
  ports:
  - port: ${b.port ?? 443}
    config:
      certificateRef:
        namespace: ${ns}
        name: https-cert   # the Secret whose ca.crt signed the upstream's certificate
      mTLS: false
`;
}

function Backend({ b, onTryPolicy }: { b: BackendView; onTryPolicy: ((draft: string) => void) | undefined }) {
  return (
    <li className={`sim-backend ${b.problem !== null ? 'bad' : b.plainHttpWarning ? '' : 'ok'}`}>
      <div className="sim-backend-head">
        <span>
          {b.service ? <>Service <Ref group="" kind="Service" namespace={b.service.namespace} name={b.service.name} /> port {b.port}</> : <>Backend {b.ref}</>}
          {' '}· weight {b.weight} ({b.share}% of requests)
        </span>
        {b.service && b.port !== null ? (
          <Link className="button small" href={`/probe?namespace=${encodeURIComponent(b.service.namespace)}&service=${encodeURIComponent(b.service.name)}&port=${b.port}`}>Probe upstream TLS</Link>
        ) : null}
      </div>
      <span className="sim-backend-how">{b.problem ?? (b.endpoints.length > 0 ? `Endpoints: ${b.endpoints.join(', ')}` : '')}</span>
      {b.tls ? (
        <dl className="sim-tls">
          <div><dt>Upstream TLS</dt><dd>HTTPS via {b.tls.policy.kind} <Ref group={POLICY_GROUPS[b.tls.policy.kind] ?? ''} kind={b.tls.policy.kind} namespace={b.tls.policy.namespace} name={b.tls.policy.name} /></dd></div>
          <div><dt>Trusted CA</dt><dd>{b.tls.caSource === 'System' ? 'the system trust store' : `from ${b.tls.caSource}`}{b.tls.ca.map((c) => <span key={c.sha256} className="sub"><CaLine ca={c} /></span>)}</dd></div>
          <div><dt>Checks</dt><dd>{b.tls.verify}; {b.tls.sni === null ? 'no SNI' : `SNI ${b.tls.sni}`}{b.tls.mutualTls ? '; presents a client certificate (mTLS)' : ''}</dd></div>
        </dl>
      ) : b.kind === 'service' ? (
        <p className="sim-plain">Plain HTTP to the upstream: no TLS policy covers this port.</p>
      ) : null}
      {b.plainHttpWarning ? (
        <div className="callout warn sim-warning">
          <p>{b.plainHttpWarning}</p>
          {onTryPolicy ? <button type="button" className="button small" onClick={() => onTryPolicy(policyDraftFor(b))}>Try it with an UpstreamTLSPolicy draft</button> : null}
        </div>
      ) : null}
    </li>
  );
}

/** The simulator's answer in words: verdict, listener, route and why, filters, backends and upstream TLS. */
export function SimulationResultView({ result, onTryPolicy }: { result: SimulationResult; onTryPolicy?: (draft: string) => void }) {
  const r = result;
  const req = `${r.request.method} http://${r.request.host}${r.request.path}${r.request.query ? `?${r.request.query}` : ''} on port ${r.request.port}`;
  return (
    <section className="card sim-result" aria-labelledby="sim-result-heading">
      <h2 id="sim-result-heading">What the gateway does</h2>
      <p className="muted">{req}{r.request.headers > 0 ? ` with ${r.request.headers} header(s)` : ''} · configuration revision {r.revision}{r.draft ? ' with the draft' : ''}</p>
      <div className={`callout ${r.verdict.tone === 'ok' ? 'ok' : r.verdict.tone === 'bad' ? 'bad' : 'warn'}`} role="status">
        <strong>{r.verdict.title}.</strong> {r.verdict.text}
      </div>
      {r.draft && r.draft.length > 0 ? (
        <p className="sim-draft-note">
          Draft (not saved): {r.draft.map((d) => `${d.change} ${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name}`).join('; ')}.
        </p>
      ) : null}
      <div className="sim-sections">
        <div>
          <h3>Listener</h3>
          {r.listener ? (
            <p>
              Gateway <Ref group={GATEWAY_GROUP} kind="Gateway" namespace={r.listener.gatewayNamespace} name={r.listener.gatewayName} />, listener <strong>{r.listener.listener}</strong>
              {' '}({r.listener.protocol} port {r.listener.port}{r.listener.hostname ? `, hostname ${r.listener.hostname}` : ', any hostname'})
            </p>
          ) : <p className="muted">No listener takes this request.</p>}
          <h3>Winning rule</h3>
          {r.route ? (
            <p>
              HTTPRoute <Ref group={GATEWAY_GROUP} kind="HTTPRoute" namespace={r.route.namespace} name={r.route.name} />, rule {r.route.ruleIndex}
              {r.route.ruleName ? ` (${r.route.ruleName})` : ''}, match {r.route.matchIndex}
              <span className="sub">counted from 0, as in <code>spec.rules[{r.route.ruleIndex}].matches[{r.route.matchIndex}]</code></span>
              <span className="sub">{r.route.match.replace(/^HTTPRoute \S+ rule \d+ match \d+( \[hostname [^\]]+\])?: /, '')}{r.route.hostname ? ` · via route hostname ${r.route.hostname}` : ' · route without hostnames'}</span>
            </p>
          ) : <p className="muted">No rule matches.</p>}
          <h3>Filters</h3>
          {r.filters.length === 0 ? <p className="muted">None.</p> : (
            <ul className="stack sim-list">
              {r.filters.map((f, i) => <li key={i}><span className="sim-tag">{f.type}</span> {f.text}{f.scope !== 'rule' ? <span className="sub">on {f.scope}</span> : null}</li>)}
            </ul>
          )}
          {r.effect.steps.length > 0 ? (
            <>
              <h3>What they do to this request</h3>
              <ol className="sim-steps">
                {r.effect.steps.map((s, i) => <li key={i} className={s.startsWith('→') ? 'to' : ''}>{s}</li>)}
              </ol>
            </>
          ) : null}
        </div>
        <div>
          <h3>Why: the precedence steps</h3>
          <ol className="sim-steps">
            {r.steps.map((s, i) => (
              <li key={i} className={s.startsWith('✓') ? 'ok' : s.startsWith('✗') ? 'no' : s.startsWith('→') ? 'to' : ''}>{s}</li>
            ))}
          </ol>
        </div>
      </div>
      <h3>Backends</h3>
      {r.backends.length === 0 ? <p className="muted">None: the request is not forwarded.</p> : (
        <ul className="sim-backends">
          {r.backends.map((b, i) => <Backend key={i} b={b} onTryPolicy={onTryPolicy} />)}
        </ul>
      )}
    </section>
  );
}
