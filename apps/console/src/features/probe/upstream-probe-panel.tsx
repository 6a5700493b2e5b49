'use client';

import { useMutation, useQuery } from '@tanstack/react-query';
import { isTRPCClientError } from '@trpc/client';
import { useId, useState, type FormEvent } from 'react';
import { UpstreamProbeRequestSchema } from '@gatehouse/domain/probe/upstream-probe.schema';
import { errorMessageOf } from '../../components/mutation-error';
import { ProgressNote } from '../../components/progress-note';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';
import { detailPathErrors, zodPathErrors } from '../examples/zod-paths';
import { ProbeReportView } from './probe-report';
import './probe.css';

type CaChoice = 'policy' | 'secret' | 'certificate';

/**
 * The live upstream TLS probe of one Service (issue 4 §9), for the probe page and for resource pages to include:
 * a worker connects to the Service port's endpoints and reports the chain, whether the chosen CA verifies it, the
 * name check and expiry. "Verify with" tries a CA before the policy exists (the seed's https-cert), or uses the
 * policy in force.
 */
export function UpstreamProbePanel({ namespace, service, ports, defaultPort, defaultHostname }: { namespace: string; service: string; ports: number[]; defaultPort?: number | undefined; defaultHostname?: string | undefined }) {
  const trpc = useTRPC();
  const id = useId();
  const [port, setPort] = useState(String(defaultPort ?? ports[0] ?? ''));
  const [choice, setChoice] = useState<CaChoice>('policy');
  const [secret, setSecret] = useState('');
  const [certificateId, setCertificateId] = useState('');
  const [hostname, setHostname] = useState(defaultHostname ?? '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const secrets = useQuery({ ...trpc.resources.list.queryOptions({ plural: 'secrets', namespace, limit: 500 }), enabled: choice === 'secret' });
  const cas = useQuery({ ...trpc.certificates.list.queryOptions({ ca: 'true', limit: 200 }), enabled: choice === 'certificate' });
  const probe = useMutation(trpc.probe.upstreamTls.mutationOptions({
    onSuccess: (r) => {
      const first = r.endpoints[0]?.verdict;
      toast[first?.tone === 'bad' ? 'error' : 'success'](`Probe of ${r.service.namespace}/${r.service.name}:${r.service.port}: ${first?.title ?? 'done'}`);
    },
    onError: (e) => {
      setErrors(isTRPCClientError(e) ? detailPathErrors((e.data as { details?: unknown } | undefined)?.details) : {});
      toast.error(`The probe did not run: ${errorMessageOf(e)}`);
    },
  }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const ca = choice === 'policy' ? { source: 'policy' } : choice === 'secret' ? { source: 'secret', name: secret } : { source: 'certificate', certificateId };
    const parsed = UpstreamProbeRequestSchema.safeParse({
      namespace, service, port: port === '' ? undefined : Number(port), ca, ...(hostname.trim() !== '' ? { hostname: hostname.trim() } : {}),
    });
    if (!parsed.success) {
      setErrors(zodPathErrors(parsed.error));
      return;
    }
    setErrors({});
    probe.mutate(parsed.data);
  };
  const err = (k: string) => errors[k];
  // Reads leave values out but list the keys (dataInfo): offer the Secrets that hold a ca.crt.
  const caSecrets = (secrets.data?.items ?? []).filter((s) => Object.keys((s as { dataInfo?: Record<string, unknown> }).dataInfo ?? {}).includes('ca.crt'));
  return (
    <section className="card probe-panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Upstream TLS probe</h2>
      <p className="muted">A worker connects to the endpoints of Service {namespace}/{service} as its proxy would, and reports the certificate chain, whether the CA verifies it, the name check and expiry.</p>
      <form onSubmit={submit} noValidate aria-label="Probe the upstream">
        <div className="form-grid">
          <div className="field">
            <label htmlFor={`${id}-port`}>Service port</label>
            <select id={`${id}-port`} value={port} onChange={(e) => setPort(e.target.value)} aria-invalid={err('port') ? true : undefined} aria-describedby={`${id}-port-note`}>
              {ports.length === 0 ? <option value="">No ports</option> : null}
              {ports.map((p) => <option key={p} value={String(p)}>{p}</option>)}
            </select>
            {err('port') ? <span id={`${id}-port-note`} className="field-error">{err('port')}</span> : <span id={`${id}-port-note`} className="hint">the port routes send to</span>}
          </div>
          <div className="field">
            <label htmlFor={`${id}-ca`}>Verify with</label>
            <select id={`${id}-ca`} value={choice} onChange={(e) => setChoice(e.target.value as CaChoice)}>
              <option value="policy">The policy in force</option>
              <option value="secret">A Secret&apos;s ca.crt (try before the policy)</option>
              <option value="certificate">A CA from the inventory</option>
            </select>
            <span className="hint">{choice === 'policy' ? 'what the gateway does today' : 'a what-if: nothing changes'}</span>
          </div>
          {choice === 'secret' ? (
            <div className="field">
              <label htmlFor={`${id}-secret`}>Secret</label>
              <select id={`${id}-secret`} value={secret} onChange={(e) => setSecret(e.target.value)} aria-invalid={err('ca.name') ? true : undefined} aria-describedby={`${id}-secret-note`}>
                <option value="">{secrets.isPending ? 'Loading…' : 'Choose a Secret'}</option>
                {caSecrets.map((s) => <option key={s.metadata.name} value={s.metadata.name}>{s.metadata.name}</option>)}
              </select>
              {err('ca.name') ? <span id={`${id}-secret-note`} className="field-error">{err('ca.name')}</span> : <span id={`${id}-secret-note`} className="hint">in namespace {namespace}; its ca.crt is used</span>}
            </div>
          ) : null}
          {choice === 'certificate' ? (
            <div className="field">
              <label htmlFor={`${id}-cert`}>CA certificate</label>
              <select id={`${id}-cert`} value={certificateId} onChange={(e) => setCertificateId(e.target.value)} aria-invalid={err('ca.certificateId') ? true : undefined} aria-describedby={`${id}-cert-note`}>
                <option value="">{cas.isPending ? 'Loading…' : 'Choose a CA'}</option>
                {(cas.data?.items ?? []).map((c) => <option key={c.id} value={c.id}>{c.name}</option>)}
              </select>
              {err('ca.certificateId') ? <span id={`${id}-cert-note`} className="field-error">{err('ca.certificateId')}</span> : <span id={`${id}-cert-note`} className="hint">CAs Gatehouse manages or imported</span>}
            </div>
          ) : null}
          <div className="field">
            <label htmlFor={`${id}-hostname`}>Check the name (optional)</label>
            <input id={`${id}-hostname`} value={hostname} onChange={(e) => setHostname(e.target.value)} placeholder="foo.example.com" autoComplete="off"
              aria-invalid={err('hostname') ? true : undefined} aria-describedby={`${id}-hostname-note`} />
            {err('hostname') ? <span id={`${id}-hostname-note`} className="field-error">{err('hostname')}</span> : <span id={`${id}-hostname-note`} className="hint">does the certificate name this host?</span>}
          </div>
        </div>
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={probe.isPending || ports.length === 0}>{probe.isPending ? 'Probing…' : 'Probe now'}</button>
        </div>
      </form>
      {probe.isPending ? <ProgressNote label={`A worker is connecting to ${service}:${port}…`} /> : null}
      {probe.isError && Object.keys(errors).length === 0 ? <div className="alert" role="alert">{errorMessageOf(probe.error)}</div> : null}
      {probe.data && !probe.isPending ? <ProbeReportView report={probe.data} /> : null}
    </section>
  );
}
