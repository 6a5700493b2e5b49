'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { ProgressNote } from '../../components/progress-note';
import { QueryError } from '../../components/query-error';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { useNamespace } from '../shell/use-namespace';
import { describeStatusComparison, orderForReview } from './describe-statuses';

/**
 * The status the cluster's Gatehouse workers wrote into each object beside the status Gatehouse computes for it,
 * per namespace, and in words where they disagree (issue 8 §6).
 */
export function StatusPanel({ cluster }: { cluster: string }) {
  const trpc = useTRPC();
  const [pickerNamespace] = useNamespace();
  const [text, setText] = useState(pickerNamespace ?? 'default');
  const [namespace, setNamespace] = useState(pickerNamespace ?? 'default');
  const q = useQuery({ ...trpc.clusters.statuses.queryOptions({ name: cluster, namespace }), enabled: namespace !== '' });
  return (
    <section aria-labelledby="status-heading" className="cluster-panel">
      <h2 id="status-heading">Status in the cluster</h2>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); setNamespace(text.trim()); }}>
        <div className="field">
          <label htmlFor="status-ns">Namespace</label>
          <input id="status-ns" value={text} onChange={(e) => setText(e.target.value)} autoComplete="off" spellCheck={false} />
        </div>
        <button type="submit" className="button">Compare</button>
      </form>
      {q.isPending ? <ProgressNote label="Reading the statuses the cluster holds" /> : null}
      {q.error ? <QueryError error={q.error} what="the statuses" /> : null}
      {q.data ? (
        <>
          <p>{describeStatusComparison(q.data.items, namespace)}</p>
          <div className="table-wrap">
          <table className="history-table">
            <caption className="visually-hidden">Status in {cluster} beside Gatehouse's, disagreements first</caption>
            <thead><tr><th scope="col">Object</th><th scope="col">Agrees</th><th scope="col">Differences</th></tr></thead>
            <tbody>
              {orderForReview(q.data.items).map((i) => (
                <tr key={`${i.kind}/${i.namespace ?? ''}/${i.name}`}>
                  <td>{i.kind} {i.namespace ? `${i.namespace}/` : ''}{i.name}</td>
                  <td><StatusBadge tone={i.agree ? 'ok' : 'bad'}>{i.agree ? 'Agrees' : i.inCluster ? 'Disagrees' : 'Not in cluster'}</StatusBadge></td>
                  <td>{i.differences.length ? <ul>{i.differences.map((d) => <li key={d}>{d}</li>)}</ul> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
          </div>
        </>
      ) : null}
    </section>
  );
}
