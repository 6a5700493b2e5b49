'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import type { CertificateUsage } from '@gatehouse/domain/certificate/certificate.schema';
import { errorMessageOf } from '../../../components/mutation-error';
import { StatusBadge } from '../../../components/status-badge';
import { toast } from '../../../components/toast';
import { useTRPC } from '../../../trpc/react';

type Ref = { kind: string; namespace: string; name: string };

const PLURALS: Record<string, string> = { Secret: 'secrets', ConfigMap: 'secrets', Gateway: 'gateways', UpstreamTLSPolicy: 'tls-policies', BackendTLSPolicy: 'tls-policies' };

/** A link to the list page where the object is shown, in its namespace. */
function RefLink({ r }: { r: Ref }) {
  const page = PLURALS[r.kind] ?? 'secrets';
  const kindQuery = r.kind === 'BackendTLSPolicy' ? '&kind=backend' : '';
  return <Link href={`/${page}?namespace=${encodeURIComponent(r.namespace)}${kindQuery}`}>{r.kind} {r.namespace}/{r.name}</Link>;
}

const SHAPE_WORDS: Record<string, string> = { tls: 'kubernetes.io/tls', 'ca-bundle': 'CA bundle', custom: 'custom names' };

/** "Bound Secrets" and "What uses this certificate": the objects made from it, and the gateways and policies that reference them. */
export function UsagePanel({ certificateId, usage, canChange }: { certificateId: string; usage: CertificateUsage; canChange: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState<string | null>(null);
  const unbind = useMutation(trpc.certificates.unbind.mutationOptions({ onSettled: () => { setConfirming(null); return queryClient.invalidateQueries(trpc.certificates.pathFilter()); } }));
  const users = [
    ...usage.listeners.map((l) => ({ key: `l:${l.gateway.namespace}/${l.gateway.name}/${l.listener}`, what: <>Listener <strong>{l.listener}</strong> of <RefLink r={l.gateway} /></>, via: l.via, accepted: null as string | null })),
    ...usage.gatewayClientCertificates.map((g) => ({ key: `g:${g.gateway.namespace}/${g.gateway.name}`, what: <>Client certificate of <RefLink r={g.gateway} /> towards backends</>, via: g.via, accepted: null as string | null })),
    ...usage.upstreamTlsPolicies.map((p) => ({ key: `u:${p.policy.namespace}/${p.policy.name}/${p.via.name}`, what: <><RefLink r={p.policy} /> verifies upstreams with it</>, via: p.via, accepted: p.accepted })),
    ...usage.backendTlsPolicies.map((p) => ({ key: `b:${p.policy.namespace}/${p.policy.name}/${p.via.name}`, what: <><RefLink r={p.policy} /> verifies backends with it</>, via: p.via, accepted: p.accepted })),
  ];
  return (
    <>
      <section className="card" aria-labelledby="bound-heading">
        <h2 id="bound-heading">Secrets made from it</h2>
        {usage.bindings.length === 0 ? (
          <p className="muted">None yet. {canChange ? 'Create one below: it will follow this certificate through renewals.' : ''}</p>
        ) : (
          <ul className="plain-list bound-list">
            {usage.bindings.map((b) => (
              <li key={b.id}>
                <RefLink r={b} /> <span className="pill">{SHAPE_WORDS[b.shape] ?? b.shape}</span> <span className="muted mono">{Object.values(b.keys).join(', ')}</span>
                {!b.exists ? <> <StatusBadge tone="bad">deleted since</StatusBadge></> : null}
                {canChange ? (confirming === b.id ? (
                  <span className="row inline-confirm">
                    <button type="button" className="button small danger" disabled={unbind.isPending} onClick={() => unbind.mutate({ id: certificateId, bindingId: b.id }, { onSuccess: () => toast.success(`${b.kind} ${b.namespace}/${b.name} no longer follows this certificate (its values are kept)`), onError: (e) => toast.error(errorMessageOf(e)) })}>Confirm: stop updating {b.name}</button>
                    <button type="button" className="button small" onClick={() => setConfirming(null)}>Keep</button>
                  </span>
                ) : (
                  <> <button type="button" className="button small" onClick={() => setConfirming(b.id)}>Unbind {b.name}</button></>
                )) : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="card" aria-labelledby="usage-heading">
        <h2 id="usage-heading">What uses this certificate</h2>
        {users.length === 0 ? (
          <p className="muted">Nothing references {usage.bindings.length > 0 ? 'the Secrets made from it' : 'it'} yet{usage.bindings.length > 0 ? ': no Gateway listener, UpstreamTLSPolicy or BackendTLSPolicy names them' : ''}.</p>
        ) : (
          <ul className="plain-list">
            {users.map((u) => (
              <li key={u.key}>
                {u.what} <span className="muted">through {u.via.kind} {u.via.namespace}/{u.via.name}</span>
                {u.accepted !== null ? <> <StatusBadge tone={u.accepted.startsWith('True') ? 'ok' : 'bad'}>{u.accepted.startsWith('True') ? 'Accepted' : `Not accepted: ${u.accepted}`}</StatusBadge></> : null}
              </li>
            ))}
          </ul>
        )}
        {usage.issued > 0 ? <p><Link href={`/certificates?issuerId=${encodeURIComponent(certificateId)}`}>{usage.issued} certificate{usage.issued === 1 ? '' : 's'} issued by it</Link></p> : null}
      </section>
    </>
  );
}
