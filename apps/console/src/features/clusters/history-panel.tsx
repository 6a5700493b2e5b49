'use client';

import { useQuery } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { DisclosureMark } from './object-rows';
import { describeCounts, describePushOptions, newestFirst, objectKeyOf, objectLabel, orderOutcomes, outcomeTone, PUSH_RECORD_TONE } from './describe-plan';

/** Every push to the cluster, newest first; a push opens to the outcome of each of its objects. */
export function HistoryPanel({ cluster }: { cluster: string }) {
  const trpc = useTRPC();
  const pushes = useQuery(trpc.clusters.pushes.queryOptions({ name: cluster }));
  const [open, setOpen] = useState<Set<number>>(new Set());
  const toggle = (n: number) => setOpen((prev) => {
    const next = new Set(prev);
    if (next.has(n)) next.delete(n);
    else next.add(n);
    return next;
  });
  if (pushes.isPending) return <p className="muted" role="status">Loading the pushes…</p>;
  if (pushes.isError) return <QueryError error={pushes.error} what="the pushes" />;
  const records = newestFirst(pushes.data.items);
  if (records.length === 0) {
    return <div className="table-wrap"><EmptyState title="Nothing pushed yet"><p>Pushes to {cluster} are listed here with the outcome of every object.</p></EmptyState></div>;
  }
  return (
    <div className="table-wrap">
      <table className="history-table">
        <caption className="visually-hidden">Pushes to {cluster}, newest first</caption>
        <thead>
          <tr><th scope="col">Push</th><th scope="col">When</th><th scope="col">By</th><th scope="col">Namespaces</th><th scope="col">Options</th><th scope="col">Outcome</th><th scope="col">Objects</th></tr>
        </thead>
        <tbody>
          {records.map((r) => {
            const expanded = open.has(r.push);
            const detailsId = `push-${r.push}-outcomes`;
            return (
              <Fragment key={r.push}>
                <tr>
                  <th scope="row">
                    {r.items?.length ? (
                      <button type="button" className="disclosure" aria-expanded={expanded} aria-controls={detailsId} onClick={() => toggle(r.push)}
                        aria-label={`Push #${r.push}: ${expanded ? 'hide' : 'show'} the outcome of each object`}><DisclosureMark /><span className="disclosure-label">#{r.push}</span></button>
                    ) : `#${r.push}`}
                  </th>
                  <td><RelativeTime iso={r.time} /></td>
                  <td>{r.actor}</td>
                  <td>{r.namespaces.join(', ')}</td>
                  <td>{describePushOptions(r)}</td>
                  <td><StatusBadge tone={PUSH_RECORD_TONE[r.outcome]}>{r.outcome}</StatusBadge></td>
                  <td>{describeCounts(r.counts)}<span className="sub">store revision {r.storeRevision}</span></td>
                </tr>
                {expanded && r.items ? (
                  <tr className="details-row" id={detailsId}>
                    <td colSpan={7}>
                      <table className="outcome-table" aria-label={`Outcomes of push #${r.push}`}>
                        <thead><tr><th scope="col">Object</th><th scope="col">Planned</th><th scope="col">Outcome</th><th scope="col">Message</th></tr></thead>
                        <tbody>
                          {orderOutcomes(r.items).map((i) => (
                            <tr key={objectKeyOf(i)}>
                              <td>{objectLabel(i)}</td>
                              <td>{i.action}</td>
                              <td><StatusBadge tone={outcomeTone(i.outcome)}>{i.outcome}</StatusBadge></td>
                              <td className={i.outcome === 'failed' ? 'object-problem' : 'object-message'}>{i.message === i.outcome ? '' : i.message}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </td>
                  </tr>
                ) : null}
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
