'use client';

import { useQuery } from '@tanstack/react-query';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId } from 'react';
import { CERTIFICATE_STATES, type CertificateState } from '@gatehouse/domain/certificate/certificate-state';
import { EmptyState } from '../../components/empty-state';
import { QueryError } from '../../components/query-error';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { Pager } from '../resources/pager';
import { useCursorPaging } from '../resources/use-cursor-paging';
import { CERTIFICATE_STATE_WORDS, PURPOSE_WORDS } from './describe-certificate-state';

const PAGE_SIZE = 25;

function isState(v: string | null): v is CertificateState {
  return v !== null && (CERTIFICATE_STATES as readonly string[]).includes(v);
}

/** The certificate inventory: what each certificate is for, who issued it, until when, and its key. */
export function CertificatesView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const paging = useCursorPaging();
  const stateParam = params.get('state');
  const state = isState(stateParam) ? stateParam : undefined;
  const q = useQuery(trpc.certificates.list.queryOptions({ limit: PAGE_SIZE, ...(state ? { state } : {}), ...(paging.cursor ? { continue: paging.cursor } : {}) }));
  const setState = (s: string) => {
    const next = new URLSearchParams();
    if (s) next.set('state', s);
    const str = next.toString();
    router.push(str ? `${pathname}?${str}` : pathname);
  };
  return (
    <>
      <div className="row filters">
        <div className="inline-field">
          <label htmlFor={id}>Show</label>
          <select id={id} value={state ?? ''} onChange={(e) => setState(e.target.value)}>
            <option value="">All certificates</option>
            {CERTIFICATE_STATES.map((s) => <option key={s} value={s}>{CERTIFICATE_STATE_WORDS[s].label}</option>)}
          </select>
        </div>
        {q.data ? <span className="muted">{q.data.total} certificate{q.data.total === 1 ? '' : 's'}</span> : null}
      </div>
      {q.isPending ? <p className="muted" role="status">Loading certificates…</p> : q.isError ? <QueryError error={q.error} what="certificates" /> : q.data.items.length === 0 ? (
        <div className="table-wrap">
          <EmptyState title={state ? `No certificates are ${CERTIFICATE_STATE_WORDS[state].label.toLowerCase()}` : 'No certificates yet'}>
            <p>Create a CA and server certificates, or import existing ones, through <code>/api/v1/certificates</code>.</p>
          </EmptyState>
        </div>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Certificates</caption>
              <thead><tr><th scope="col">Certificate</th><th scope="col">Names</th><th scope="col">Issued by</th><th scope="col">Valid until</th><th scope="col">Key</th></tr></thead>
              <tbody>
                {q.data.items.map((c) => {
                  const words = CERTIFICATE_STATE_WORDS[c.state];
                  const names = [...c.sans.dns, ...c.sans.ip, ...c.sans.uri, ...c.sans.email];
                  return (
                    <tr key={c.id}>
                      <td><strong>{c.name}</strong><span className="sub">{PURPOSE_WORDS[c.purpose] ?? c.purpose} · {c.origin}{c.autoRenew ? ' · renews automatically' : ''}</span></td>
                      <td>{c.commonName ? <>CN {c.commonName}</> : <span className="muted">no common name</span>}<span className="sub">{names.length > 0 ? names.join(', ') : 'no subject alternative names'}</span></td>
                      <td>{c.isSelfSigned ? 'itself (self-signed)' : c.issuer}</td>
                      <td>
                        <time dateTime={c.notAfter}>{new Date(c.notAfter).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' })}</time>
                        <span className="sub"><StatusBadge tone={words.tone}>{words.label}</StatusBadge></span>
                      </td>
                      <td>{c.keyAlgorithm.toUpperCase()} {c.curve ?? c.keySize}<span className="sub">{c.hasPrivateKey ? 'private key held (encrypted)' : 'no private key held'}</span></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <Pager noun="certificates" pageNumber={paging.pageNumber} shown={q.data.items.length} hasNext={q.data.continue !== undefined}
            onNext={() => q.data.continue && paging.next(q.data.continue)} onPrevious={paging.previous} onFirst={paging.first} />
        </>
      )}
    </>
  );
}
