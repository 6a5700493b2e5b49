'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { Plan, PushResult } from '@gatehouse/domain/cluster/cluster.schema';
import { errorMessageOf } from '../../components/mutation-error';
import { ProgressNote } from '../../components/progress-note';
import { StatusBadge } from '../../components/status-badge';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';
import { useNamespace } from '../shell/use-namespace';
import { describePushResult, parseNamespaces, PUSH_RECORD_TONE, summarizePlan } from './describe-plan';
import { NamespacesField } from './namespaces-field';
import { PlanGroups, PushOutcomeList } from './object-rows';
import { PushDialog } from './push-dialog';
import { namespacesErrorOf } from './server-details';

/** After a push: what changed in the cluster, which clusters queries are stale. */
export function useClusterPushInvalidation() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => Promise.all([
    queryClient.invalidateQueries(trpc.clusters.pushes.pathFilter()),
    queryClient.invalidateQueries(trpc.clusters.drift.pathFilter()),
    queryClient.invalidateQueries(trpc.clusters.objectDrift.pathFilter()),
    queryClient.invalidateQueries(trpc.clusters.list.pathFilter()),
  ]);
}

/**
 * Plan, then push: choose namespaces (the picker's by default), see every object grouped by what a push would do
 * with its diff, confirm (prune and force chosen in the dialog), and read the outcome of every object.
 */
export function PlanPushPanel({ cluster }: { cluster: string }) {
  const id = useId();
  const trpc = useTRPC();
  const [pickerNamespace] = useNamespace();
  const [text, setText] = useState(pickerNamespace ?? '');
  const [fieldError, setFieldError] = useState<string | undefined>();
  const [planned, setPlanned] = useState<{ namespaces: string[]; plan: Plan; at: number } | null>(null);
  const [pushed, setPushed] = useState<PushResult | null>(null);
  const [confirming, setConfirming] = useState(false);
  const invalidate = useClusterPushInvalidation();
  const plan = useMutation(trpc.clusters.plan.mutationOptions());
  const push = useMutation(trpc.clusters.push.mutationOptions({ onSuccess: () => invalidate() }));

  const runPlan = async () => {
    const namespaces = parseNamespaces(text);
    setFieldError(undefined);
    if (namespaces.length === 0) {
      setFieldError('Required value: at least one namespace');
      return;
    }
    try {
      const result = await plan.mutateAsync({ name: cluster, body: { namespaces } });
      setPlanned({ namespaces, plan: result, at: Date.now() });
      setPushed(null);
    } catch (e) {
      const nsError = namespacesErrorOf(e, namespaces);
      if (nsError) setFieldError(nsError);
      else toast.error(`No plan: ${errorMessageOf(e)}`);
    }
  };

  const runPush = async (opts: { prune: boolean; force: boolean }) => {
    if (!planned) return;
    try {
      const result = await push.mutateAsync({ name: cluster, body: { namespaces: planned.namespaces, ...opts } });
      setConfirming(false);
      setPushed(result);
      setPlanned(null);
      const words = describePushResult(result);
      if (result.outcome === 'succeeded') toast.success(words);
      else toast.error(words);
    } catch (e) {
      toast.error(`Not pushed: ${errorMessageOf(e)}`);
    }
  };

  const changes = planned ? planned.plan.items.filter((i) => i.action !== 'unchanged').length : 0;
  return (
    <div className="cluster-panel">
      <section className="card" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>Plan</h2>
        <form className="scope-form" onSubmit={(e) => { e.preventDefault(); void runPlan(); }} noValidate>
          <NamespacesField id={`${id}-ns`} value={text} onChange={setText} error={fieldError}
            hint="Gatehouse namespaces to push, separated by commas; the GatewayClasses their Gateways name come along." />
          <div className="form-actions">
            <button type="submit" className="button primary" disabled={plan.isPending}>{plan.isPending ? 'Planning…' : 'Plan'}</button>
          </div>
        </form>
        {plan.isPending ? <ProgressNote label={`Asking ${cluster} what a push would change (server-side dry run)…`} /> : null}
      </section>
      {planned ? (
        <section className="card" aria-labelledby={`${id}-plan-heading`}>
          <h2 id={`${id}-plan-heading`}>Plan for {planned.namespaces.join(', ')}</h2>
          <div className="plan-toolbar">
            <p className="plan-summary" role="status">{summarizePlan(planned.plan.items)}</p>
            {planned.plan.items.length > 0 ? (
              <button type="button" className="button primary" onClick={() => setConfirming(true)}>{changes === 0 ? 'Push…' : `Push ${changes} change${changes === 1 ? '' : 's'}…`}</button>
            ) : null}
          </div>
          <p className="muted">Store revision {planned.plan.storeRevision}. Open an object to see its diff: what the cluster holds now (−) and what it will hold after the push (+).</p>
          <PlanGroups items={planned.plan.items} />
          <PushDialog key={planned.at} open={confirming} onClose={() => setConfirming(false)} cluster={cluster} namespaces={planned.namespaces}
            items={planned.plan.items} pending={push.isPending} onPush={(opts) => void runPush(opts)} />
        </section>
      ) : null}
      {pushed ? (
        <section className="card" aria-labelledby={`${id}-push-heading`}>
          <h2 id={`${id}-push-heading`}>Push #{pushed.push} <StatusBadge tone={PUSH_RECORD_TONE[pushed.outcome as keyof typeof PUSH_RECORD_TONE] ?? 'neutral'}>{pushed.outcome}</StatusBadge></h2>
          <p className="plan-summary" role="status">{describePushResult(pushed)}</p>
          <PushOutcomeList items={pushed.items} label={`Outcomes of push #${pushed.push}`} />
          <div className="form-actions">
            <button type="button" className="button" onClick={() => void runPlan()} disabled={plan.isPending}>Plan again</button>
          </div>
        </section>
      ) : null}
    </div>
  );
}
