'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { DriftItem } from '@gatehouse/domain/cluster/cluster.schema';
import { Dialog } from '../../components/dialog';
import { EmptyState } from '../../components/empty-state';
import { errorMessageOf } from '../../components/mutation-error';
import { ProgressNote } from '../../components/progress-note';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';
import { describeDriftAction, DRIFT_STATE_WORDS, importRequest, repushRequest } from './describe-drift';
import { describePushResult, newestFirst, objectKeyOf, objectLabel } from './describe-plan';
import { useClusterPushInvalidation } from './plan-push-panel';
import { UnifiedDiff } from './unified-diff';

type Pending = { action: 'repush' | 'import'; item: DriftItem } | null;

/**
 * Objects Gatehouse pushed that were changed or deleted in the cluster since (compared now), each with its diff
 * and two ways back in step: push Gatehouse's version again, or take the cluster's version into Gatehouse.
 */
export function DriftPanel({ cluster, write }: { cluster: string; write: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const drift = useQuery(trpc.clusters.drift.queryOptions({ name: cluster }));
  const pushes = useQuery({ ...trpc.clusters.pushes.queryOptions({ name: cluster }), enabled: write });
  const [pending, setPending] = useState<Pending>(null);
  const invalidate = useClusterPushInvalidation();
  const push = useMutation(trpc.clusters.push.mutationOptions({ onSuccess: () => invalidate() }));
  const importOne = useMutation(trpc.clusters.import.mutationOptions({
    onSuccess: () => Promise.all([invalidate(), queryClient.invalidateQueries(trpc.resources.pathFilter())]),
  }));
  const lastNamespaces = newestFirst(pushes.data?.items ?? [])[0]?.namespaces ?? [];

  const confirm = async () => {
    if (!pending) return;
    const { action, item } = pending;
    try {
      if (action === 'repush') {
        const body = repushRequest(item, lastNamespaces);
        if (!body) return;
        const result = await push.mutateAsync({ name: cluster, body });
        const words = describePushResult(result);
        const failed = result.items.find((i) => i.outcome === 'failed');
        if (failed) toast.error(`${words} ${objectLabel(failed)}: ${failed.message}`);
        else toast.success(`${objectLabel(item)} re-pushed. ${words}`);
      } else {
        const body = importRequest(item);
        if (!body) return;
        const result = await importOne.mutateAsync({ name: cluster, body });
        toast.success(result.results.length > 0 ? `${objectLabel(item)} imported from ${cluster}.` : `Nothing imported: ${result.skipped[0]?.reason ?? `${cluster} no longer has ${objectLabel(item)}`}`);
      }
      setPending(null);
    } catch (e) {
      toast.error(`${action === 'repush' ? 'Not re-pushed' : 'Not imported'}: ${errorMessageOf(e)}`);
    }
  };

  if (drift.isPending) return <ProgressNote label={`Comparing ${cluster} with what Gatehouse pushed…`} />;
  if (drift.isError) return <QueryError error={drift.error} what="the drift" />;
  const words = pending ? describeDriftAction(pending.action, pending.item, cluster) : null;
  const busy = push.isPending || importOne.isPending;
  return (
    <div className="cluster-panel">
      <p className="check-meta">
        <span>Checked against what Gatehouse pushed: <RelativeTime iso={drift.data.checkedAt} />. The console also checks on its own, every few seconds.</span>
        <button type="button" className="button small" onClick={() => void drift.refetch()} disabled={drift.isFetching}>{drift.isFetching ? 'Comparing…' : 'Compare now'}</button>
      </p>
      {drift.data.items.length === 0 ? (
        <div className="table-wrap">
          <EmptyState title="No drift">
            <p>Every object Gatehouse pushed to {cluster} holds what was pushed.</p>
          </EmptyState>
        </div>
      ) : (
        <section className="card" aria-labelledby="drift-heading">
          <h2 id="drift-heading">{drift.data.items.length} object{drift.data.items.length === 1 ? '' : 's'} drifted</h2>
          {drift.data.items.map((item) => {
            const state = DRIFT_STATE_WORDS[item.state];
            const canRepush = repushRequest(item, lastNamespaces) !== undefined;
            const canImport = importRequest(item) !== undefined;
            return (
              <article key={objectKeyOf(item)} className="drift-item" aria-label={`Drift of ${objectLabel(item)}`}>
                <div className="object-head">
                  <h3>{objectLabel(item)} <StatusBadge tone={state.tone}>{state.label}</StatusBadge></h3>
                  {write ? (
                    <div className="row">
                      <button type="button" className="button small primary" disabled={!canRepush || busy} onClick={() => setPending({ action: 'repush', item })}
                        title={canRepush ? undefined : 'Push the namespaces whose Gateways name it'}>Re-push</button>
                      {canImport ? <button type="button" className="button small" disabled={busy} onClick={() => setPending({ action: 'import', item })}>Import the cluster’s version</button> : null}
                    </div>
                  ) : null}
                </div>
                <p className="muted">{state.explain}</p>
                <UnifiedDiff diff={item.diff} missingAfter="gone from the cluster" />
              </article>
            );
          })}
        </section>
      )}
      <Dialog open={pending !== null} onClose={() => setPending(null)} title={words?.title ?? ''}>
        {words ? (
          <form onSubmit={(e) => { e.preventDefault(); void confirm(); }}>
            <p>{words.body}</p>
            {busy ? <ProgressNote label={pending?.action === 'repush' ? `Pushing to ${cluster}…` : `Reading from ${cluster}…`} /> : null}
            <div className="form-actions">
              <button type="button" className="button" onClick={() => setPending(null)}>Cancel</button>
              <button type="submit" className="button primary" disabled={busy}>{busy ? 'Working…' : words.confirm}</button>
            </div>
          </form>
        ) : null}
      </Dialog>
    </div>
  );
}
