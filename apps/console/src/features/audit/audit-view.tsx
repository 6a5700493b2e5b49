'use client';

import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { useTRPC } from '../../trpc/react';
import { Pager } from '../resources/pager';
import { useCursorPaging } from '../resources/use-cursor-paging';
import { AUDIT_FILTERS, AuditFilters } from './audit-filters';
import { AuditEventDrawer } from './audit-event-drawer';
import { ChainStatus } from './chain-status';
import { ExportLinks } from './export-links';
import { describeAuditAction, describeAuditObject, describeUserAgent, summarizeChange, type FieldChange } from './describe-audit';

const PAGE_SIZE = 50;

function Changes({ changes }: { changes: FieldChange[] }) {
  if (changes.length === 0) return null;
  return (
    <ul className="stack" style={{ margin: '4px 0 0', paddingLeft: 18 }}>
      {changes.map((c) => (
        <li key={c.path} className="condition-note">
          <span className="mono">{c.path}</span>{' '}
          {c.kind === 'added' ? (c.to !== undefined ? <>added: {c.to}</> : 'added') : c.kind === 'removed' ? 'removed' : c.from !== undefined ? <>{c.from} → {c.to}</> : 'changed'}
        </li>
      ))}
    </ul>
  );
}

/** The audit log, newest first, filtered by the URL and paged by the server's cursor. */
export function AuditView() {
  const trpc = useTRPC();
  const params = useSearchParams();
  const paging = useCursorPaging();
  const filters = Object.fromEntries(AUDIT_FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : [])));
  const namespace = params.get('namespace');
  const cursor = paging.cursor ? Number(paging.cursor) : undefined;
  const [openId, setOpenId] = useState<number>();
  const q = useQuery(trpc.audit.list.queryOptions({
    ...filters, ...(namespace ? { namespace } : {}), ...(cursor && Number.isInteger(cursor) ? { cursor } : {}), limit: PAGE_SIZE,
  }));
  return (
    <>
      <ChainStatus />
      <AuditFilters />
      <div className="audit-toolbar"><ExportLinks filters={{ ...filters, ...(namespace ? { namespace } : {}) }} /></div>
      {q.isPending ? <p className="muted" role="status">Loading events…</p> : q.isError ? <QueryError error={q.error} what="the audit log" /> : q.data.items.length === 0 ? (
        <div className="table-wrap"><EmptyState title="No events match">Change or clear the filters, or pick another namespace.</EmptyState></div>
      ) : (
        <>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Audit events, newest first</caption>
              <thead>
                <tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">From</th><th scope="col"><span className="visually-hidden">Details</span></th></tr>
              </thead>
              <tbody>
                {q.data.items.map((e) => {
                  const changes = e.before && e.after ? summarizeChange(e.kind, e.before, e.after) : [];
                  return (
                    <tr key={e.id}>
                      <td style={{ whiteSpace: 'nowrap' }}><RelativeTime iso={e.time} /><span className="sub">#{e.id}</span></td>
                      <td><strong>{e.actor.name}</strong><span className="sub">{e.actor.type === 'token' ? 'API token' : e.actor.type} · {e.actor.role}</span></td>
                      <td>
                        {describeAuditAction(e.action)} <strong>{describeAuditObject(e)}</strong>
                        {e.message && e.message !== e.action ? <span className="sub">{e.message}</span> : null}
                        <Changes changes={changes} />
                      </td>
                      <td style={{ whiteSpace: 'nowrap' }}><span className="mono">{e.sourceIp || '—'}</span><span className="sub" title={e.userAgent}>{describeUserAgent(e.userAgent)}</span></td>
                      <td><button type="button" className="button" aria-label={`Details of event #${e.id}`} onClick={() => setOpenId(e.id)}>{e.before || e.after ? 'Diff' : 'Details'}</button></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          <AuditEventDrawer event={q.data.items.find((e) => e.id === openId)} onClose={() => setOpenId(undefined)} />
          <Pager
            noun="events" pageNumber={paging.pageNumber} shown={q.data.items.length} hasNext={q.data.nextCursor !== undefined}
            onNext={() => q.data.nextCursor !== undefined && paging.next(String(q.data.nextCursor))} onPrevious={paging.previous} onFirst={paging.first}
          />
        </>
      )}
    </>
  );
}
