'use client';

import { useQueries, useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useId } from 'react';
import { CERTIFICATE_STATES, type CertificateState } from '@gatehouse/domain/certificate/certificate-state';
import { EmptyState } from '../../components/empty-state';
import { QueryError } from '../../components/query-error';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { Pager } from '../resources/pager';
import { useCursorPaging } from '../resources/use-cursor-paging';
import { useCan } from '../shell/session-context';
import { readFilters, writeFilters, type InventoryFilters } from './certificate-filters';
import { describeDaysLeft, describeKeyOf, formatDate, sanEntries } from './certificate-words';
import { CERTIFICATE_STATE_WORDS, PURPOSE_WORDS } from './describe-certificate-state';

const PAGE_SIZE = 25;
const ATTENTION: CertificateState[] = ['expiring7', 'expiring30', 'expired'];

/** "3 expire within 7 days" — one count per state that needs attention, each a link to the filtered list. */
function AttentionSummary({ onPick }: { onPick: (s: CertificateState) => void }) {
  const trpc = useTRPC();
  const results = useQueries({ queries: ATTENTION.map((state) => trpc.certificates.list.queryOptions({ state, limit: 1 })) });
  const shown = ATTENTION.map((state, i) => ({ state, q: results[i] })).filter((c) => (c.q?.data?.total ?? 0) > 0);
  if (shown.length === 0) return null;
  return (
    // A named group (a label on a plain <p> is ignored by screen readers: axe's aria-prohibited-attr).
    <div className="attention" role="group" aria-label="Certificates that need attention">
      {shown.map(({ state, q }) => (
        <button key={state} type="button" className={`attention-item ${state}`} onClick={() => onPick(state)}>
          <StatusBadge tone={CERTIFICATE_STATE_WORDS[state].tone}>{`${q?.data?.total ?? 0} · ${CERTIFICATE_STATE_WORDS[state].label}`}</StatusBadge>
        </button>
      ))}
    </div>
  );
}

/** The certificate inventory: expiry at a glance (amber within 30 days, red within 7), filters kept in the URL. */
export function CertificatesView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const router = useRouter();
  const pathname = usePathname();
  const id = useId();
  const paging = useCursorPaging();
  const { write } = useCan();
  const filters = readFilters(new URLSearchParams(params.toString()));
  const q = useQuery(trpc.certificates.list.queryOptions({ limit: PAGE_SIZE, ...filters, ...(paging.cursor ? { continue: paging.cursor } : {}) }));
  const cas = useQuery(trpc.certificates.list.queryOptions({ ca: 'true', limit: 500 }));
  const setFilters = (next: InventoryFilters) => {
    const s = writeFilters(next);
    router.push(s ? `${pathname}?${s}` : pathname);
  };
  const set = <K extends keyof InventoryFilters>(key: K, value: InventoryFilters[K] | '') => {
    const next = { ...filters };
    if (value === '' || value === undefined) delete next[key];
    else next[key] = value;
    setFilters(next);
  };
  const filtered = Object.keys(filters).length > 0;
  // The issuing CA by its inventory name where it is in the inventory (its subject DN otherwise).
  const caNames = new Map((cas.data?.items ?? []).map((ca) => [ca.id, ca.name]));
  const now = Date.now();
  return (
    <>
      <AttentionSummary onPick={(s) => setFilters({ state: s })} />
      <form className="row filters" role="search" aria-label="Filter certificates" onSubmit={(e) => e.preventDefault()}>
        <div className="inline-field">
          <label htmlFor={`${id}-state`}>State</label>
          <select id={`${id}-state`} value={filters.state ?? ''} onChange={(e) => set('state', e.target.value as CertificateState | '')}>
            <option value="">Any state</option>
            {CERTIFICATE_STATES.map((s) => <option key={s} value={s}>{CERTIFICATE_STATE_WORDS[s].label}</option>)}
          </select>
        </div>
        <div className="inline-field">
          <label htmlFor={`${id}-ca`}>Kind</label>
          <select id={`${id}-ca`} value={filters.ca ?? ''} onChange={(e) => set('ca', e.target.value as 'true' | 'false' | '')}>
            <option value="">CAs and others</option>
            <option value="true">CAs only</option>
            <option value="false">Not CAs</option>
          </select>
        </div>
        <div className="inline-field">
          <label htmlFor={`${id}-issuer`}>Issued by</label>
          <select id={`${id}-issuer`} value={filters.issuerId ?? ''} onChange={(e) => set('issuerId', e.target.value)}>
            <option value="">Any CA</option>
            {(cas.data?.items ?? []).map((ca) => <option key={ca.id} value={ca.id}>{ca.name}</option>)}
            {filters.issuerId && !cas.data?.items.some((ca) => ca.id === filters.issuerId) ? <option value={filters.issuerId}>another CA</option> : null}
          </select>
        </div>
        <label className="check inline" htmlFor={`${id}-superseded`}>
          <input id={`${id}-superseded`} type="checkbox" checked={filters.includeSuperseded === 'true'} onChange={(e) => set('includeSuperseded', e.target.checked ? 'true' : '')} />
          <span>Show replaced by renewal</span>
        </label>
        {filtered ? <button type="button" className="button small" onClick={() => setFilters({})}>Clear filters</button> : null}
        {q.data ? <span className="muted count">{q.data.total} certificate{q.data.total === 1 ? '' : 's'}</span> : null}
      </form>
      {q.isPending ? <p className="muted" role="status">Loading certificates…</p> : q.isError ? <QueryError error={q.error} what="certificates" /> : q.data.items.length === 0 ? (
        <div className="table-wrap">
          {filtered ? (
            <EmptyState title="No certificate matches these filters">
              <p><button type="button" className="button small" onClick={() => setFilters({})}>Clear filters</button></p>
            </EmptyState>
          ) : (
            <EmptyState title="No certificates yet">
              {write ? (
                <>
                  <p>Start with a root CA — the trust anchor gateways verify upstreams against — then issue server certificates from it. Or bring your own.</p>
                  <p className="row center">
                    <Link className="button primary" href="/certificates/new?intent=root-ca">Make a root CA</Link>
                    <Link className="button" href="/certificates/new?intent=import">Import a certificate</Link>
                  </p>
                </>
              ) : <p>An editor or administrator can make a CA and certificates with the wizard.</p>}
            </EmptyState>
          )}
        </div>
      ) : (
        <>
          <div className="table-wrap">
            <table className="cert-table">
              <caption className="visually-hidden">Certificates</caption>
              <thead><tr><th scope="col">Certificate</th><th scope="col">Names</th><th scope="col">Issued by</th><th scope="col">Valid until</th><th scope="col">Key</th></tr></thead>
              <tbody>
                {q.data.items.map((c) => {
                  const words = CERTIFICATE_STATE_WORDS[c.state];
                  const names = sanEntries(c.sans);
                  const dated = c.state === 'valid' || c.state === 'expiring30' || c.state === 'expiring7' || c.state === 'expired';
                  return (
                    <tr key={c.id} data-state={c.state}>
                      <td>
                        <Link href={`/certificates/${c.id}`} className="strong-link">{c.name}</Link>
                        <span className="sub">{PURPOSE_WORDS[c.purpose] ?? c.purpose} · {c.origin}{c.autoRenew ? ' · renews automatically' : ''}{c.supersededById ? ' · replaced' : ''}</span>
                      </td>
                      <td>{c.commonName ? <>CN {c.commonName}</> : <span className="muted">no common name</span>}<span className="sub">{names.length > 0 ? names.join(', ') : 'no subject alternative names'}</span></td>
                      <td>{c.isSelfSigned ? 'itself (self-signed)' : c.issuerId ? <Link href={`/certificates/${c.issuerId}`}>{caNames.get(c.issuerId) ?? c.issuer}</Link> : c.issuer}</td>
                      <td>
                        <time dateTime={c.notAfter}>{formatDate(c.notAfter)}</time>
                        <span className="sub"><StatusBadge tone={words.tone}>{dated && c.state !== 'valid' ? `${words.label} · ${describeDaysLeft(c.notAfter, now)}` : words.label}</StatusBadge></span>
                      </td>
                      <td>{describeKeyOf(c)}<span className="sub">{c.hasPrivateKey ? 'private key held (encrypted)' : 'no private key held'}</span></td>
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
