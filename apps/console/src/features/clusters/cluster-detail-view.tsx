'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useRef, useState, type KeyboardEvent } from 'react';
import { Dialog } from '../../components/dialog';
import { errorMessageOf } from '../../components/mutation-error';
import { PageHeader } from '../../components/page-header';
import { ProgressNote } from '../../components/progress-note';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { toast } from '../../components/toast';
import { httpStatusOf } from '../../trpc/query-client';
import { useTRPC } from '../../trpc/react';
import { useCan } from '../shell/session-context';
import { CheckPanel } from './check-panel';
import { describeCheck } from './describe-check';
import { StatusPanel } from './status-panel';
import { DriftPanel } from './drift-panel';
import { HistoryPanel } from './history-panel';
import { ImportPanel } from './import-panel';
import { PlanPushPanel } from './plan-push-panel';
import './clusters.css';

type TabId = 'check' | 'plan' | 'history' | 'drift' | 'status' | 'import';
const TABS: { id: TabId; label: string; write?: boolean }[] = [
  { id: 'check', label: 'Check' },
  { id: 'plan', label: 'Plan & push', write: true },
  { id: 'history', label: 'History' },
  { id: 'drift', label: 'Drift' },
  { id: 'status', label: 'Status' },
  { id: 'import', label: 'Import', write: true },
];

/** Forgets the cluster (admins); nothing in the cluster is touched, which the dialog says. */
function RemoveClusterDialog({ open, onClose, cluster }: { open: boolean; onClose: () => void; cluster: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const remove = useMutation(trpc.clusters.remove.mutationOptions({ onSuccess: () => queryClient.invalidateQueries(trpc.clusters.pathFilter()) }));
  const submit = async () => {
    try {
      await remove.mutateAsync({ name: cluster });
      toast.success(`Cluster ${cluster} removed from Gatehouse. Nothing in the cluster changed.`);
      onClose();
      router.push('/clusters');
    } catch (e) {
      toast.error(`Not removed: ${errorMessageOf(e)}`);
    }
  };
  return (
    <Dialog open={open} onClose={onClose} title={`Remove cluster ${cluster}`}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <p>Gatehouse forgets {cluster}: its kubeconfig, push history and drift. <strong>Nothing in the cluster changes</strong>: objects pushed there stay, and registering it again later finds them.</p>
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className="button danger" disabled={remove.isPending}>{remove.isPending ? 'Removing…' : 'Remove cluster'}</button>
        </div>
      </form>
    </Dialog>
  );
}

/** The page of one cluster: Check, Plan & push, History, Drift and Import as tabs (the tab is kept in the URL). */
export function ClusterDetailView({ name }: { name: string }) {
  const trpc = useTRPC();
  const can = useCan();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const cluster = useQuery({ ...trpc.clusters.get.queryOptions({ name }), refetchOnWindowFocus: false });
  const driftNow = useQuery({ ...trpc.clusters.drift.queryOptions({ name }), enabled: false });
  const [removing, setRemoving] = useState(false);
  const tabs = TABS.filter((t) => !t.write || can.write);
  const wanted = params.get('tab');
  const active: TabId = tabs.find((t) => t.id === wanted)?.id ?? 'check';
  // Panels stay mounted once opened, so a plan survives a look at the history.
  const [visited, setVisited] = useState<Set<TabId>>(() => new Set([active]));
  const tabRefs = useRef<Partial<Record<TabId, HTMLButtonElement | null>>>({});
  if (!visited.has(active)) setVisited(new Set([...visited, active]));

  const choose = (id: TabId, focus = false) => {
    const next = new URLSearchParams(params.toString());
    if (id === 'check') next.delete('tab');
    else next.set('tab', id);
    const q = next.toString();
    router.replace(q ? `${pathname}?${q}` : pathname, { scroll: false });
    if (focus) tabRefs.current[id]?.focus();
  };
  const onTabKey = (e: KeyboardEvent<HTMLButtonElement>) => {
    const i = tabs.findIndex((t) => t.id === active);
    const to = e.key === 'ArrowRight' ? (i + 1) % tabs.length : e.key === 'ArrowLeft' ? (i - 1 + tabs.length) % tabs.length : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    choose(tabs[to]!.id, true);
  };

  const crumb = <p className="cluster-crumb"><Link href="/clusters">Clusters</Link> /</p>;
  if (cluster.isPending) {
    return <>{crumb}<PageHeader title={name} /><ProgressNote label={`Checking ${name}…`} /></>;
  }
  if (cluster.isError) {
    return (
      <>
        {crumb}
        <PageHeader title={name} />
        {httpStatusOf(cluster.error) === 404
          ? <div className="callout warn" role="alert">There is no cluster {name}. It may have been removed. <Link href="/clusters">Back to the clusters</Link></div>
          : <QueryError error={cluster.error} what={`cluster ${name}`} />}
      </>
    );
  }
  const c = cluster.data;
  const check = describeCheck(c.status);
  // The Drift tab compares now; until it has, the count is the last periodic comparison's.
  const drifted = driftNow.data?.items.length ?? c.drift ?? 0;
  return (
    <>
      {crumb}
      <PageHeader
        title={c.name}
        description={
          <>
            <StatusBadge tone={check.tone}>{check.label}</StatusBadge> · <span className="mono">{c.server}</span>
            {c.context ? <> · context {c.context}</> : null} · registered by {c.createdBy} <RelativeTime iso={c.createdAt} />
          </>
        }
        actions={can.manage ? <button type="button" className="button danger" onClick={() => setRemoving(true)}>Remove cluster</button> : undefined}
      />
      <div role="tablist" aria-label="Cluster sections" className="cluster-tabs">
        {tabs.map((t) => (
          <button
            key={t.id} ref={(el) => { tabRefs.current[t.id] = el; }} type="button" role="tab" id={`tab-${t.id}`} aria-selected={active === t.id}
            aria-controls={`panel-${t.id}`} tabIndex={active === t.id ? 0 : -1} onClick={() => choose(t.id)} onKeyDown={onTabKey}
          >
            {t.label}
            {t.id === 'drift' && drifted ? <span className="tab-count">{drifted}<span className="visually-hidden"> drifted</span></span> : null}
          </button>
        ))}
      </div>
      {tabs.map((t) => (visited.has(t.id) ? (
        <div key={t.id} role="tabpanel" id={`panel-${t.id}`} aria-labelledby={`tab-${t.id}`} hidden={active !== t.id}>
          {t.id === 'check' ? <CheckPanel cluster={c} manage={can.manage} onRecheck={() => void cluster.refetch()} rechecking={cluster.isFetching} /> : null}
          {t.id === 'plan' ? <PlanPushPanel cluster={c.name} /> : null}
          {t.id === 'history' ? <HistoryPanel cluster={c.name} /> : null}
          {t.id === 'drift' ? <DriftPanel cluster={c.name} write={can.write} /> : null}
          {t.id === 'status' ? <StatusPanel cluster={c.name} /> : null}
          {t.id === 'import' ? <ImportPanel cluster={c.name} manage={can.manage} /> : null}
        </div>
      ) : null))}
      {can.manage ? <RemoveClusterDialog open={removing} onClose={() => setRemoving(false)} cluster={c.name} /> : null}
    </>
  );
}
