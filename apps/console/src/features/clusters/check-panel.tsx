'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { Cluster } from '@gatehouse/domain/cluster/cluster.schema';
import { errorMessageOf } from '../../components/mutation-error';
import { ProgressNote } from '../../components/progress-note';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';
import { describeCheck, describeCrds, permissionMatrix } from './describe-check';

const CALLOUT_CLASS = { ok: 'callout ok', pending: 'callout warn', bad: 'callout bad', neutral: 'callout' } as const;

/** The check in words, the CRDs (with Install for admins when some are missing) and the permissions table. */
export function CheckPanel({ cluster, manage, onRecheck, rechecking }: { cluster: Cluster; manage: boolean; onRecheck: () => void; rechecking: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const s = cluster.status;
  const check = describeCheck(s);
  const crds = describeCrds(s);
  const matrix = permissionMatrix(s.permissions);
  const install = useMutation(trpc.clusters.installCrds.mutationOptions({
    onSuccess: async (updated) => {
      queryClient.setQueryData(trpc.clusters.get.queryKey({ name: cluster.name }), updated);
      await queryClient.invalidateQueries(trpc.clusters.list.pathFilter());
    },
  }));
  const installCrds = async () => {
    try {
      const updated = await install.mutateAsync({ name: cluster.name });
      toast.success(`CRDs installed in ${cluster.name}. ${updated.status.message}`);
    } catch (e) {
      toast.error(`CRDs not installed: ${errorMessageOf(e)}`);
    }
  };
  return (
    <div className="cluster-panel">
      <section className={CALLOUT_CLASS[check.tone]} aria-labelledby="check-heading">
        <h2 id="check-heading" className="visually-hidden">The check in words</h2>
        <ul className="check-sentences">
          {check.sentences.map((sentence) => <li key={sentence}>{sentence}</li>)}
        </ul>
        <p className="check-meta">
          <span>{s.checkedAt ? <>Checked <RelativeTime iso={s.checkedAt} /></> : 'Not checked yet'}</span>
          <button type="button" className="button small" onClick={onRecheck} disabled={rechecking}>{rechecking ? 'Checking…' : 'Check again'}</button>
        </p>
      </section>
      <section className="card" aria-labelledby="crds-heading">
        <h2 id="crds-heading">Server and CRDs</h2>
        <dl className="facts">
          <div><dt>Kubernetes</dt><dd>{s.serverVersion ?? (s.reachable ? 'version hidden' : 'unknown')}</dd></div>
          <div>
            <dt>Gateway API CRDs</dt>
            <dd>
              <StatusBadge tone={crds.gatewayApiTone}>{crds.gatewayApi.replace(/^Gateway API:? /, '')}</StatusBadge>
              {s.gatewayApi.missing?.length ? (
                <ul className="crd-list" aria-label="Missing CRDs">{s.gatewayApi.missing.map((m) => <li key={m} className="mono">{m}</li>)}</ul>
              ) : null}
            </dd>
          </div>
          <div><dt>UpstreamTLSPolicy CRD</dt><dd><StatusBadge tone={crds.upstreamTone}>{crds.upstreamTlsPolicy.replace(/^UpstreamTLSPolicy:? /, '')}</StatusBadge></dd></div>
          <div><dt>Server</dt><dd className="mono">{cluster.server}</dd></div>
        </dl>
        {check.needsCrds ? (
          manage ? (
            <div className="form-actions">
              <button type="button" className="button primary" onClick={() => void installCrds()} disabled={install.isPending}>{install.isPending ? 'Installing…' : 'Install CRDs'}</button>
              <span className="muted">Gateway API v1.6.1 (standard) and Gatehouse’s UpstreamTLSPolicy, by server-side apply.</span>
            </div>
          ) : <p className="muted">An administrator can install the missing CRDs from this page.</p>
        ) : null}
        {install.isPending ? <ProgressNote label="Installing the CRDs and waiting until they are established…" /> : null}
      </section>
      <section className="card" aria-labelledby="perm-heading">
        <h2 id="perm-heading">What this identity may do</h2>
        {matrix.rows.length === 0 ? <p className="muted">Not known: the check could not ask the cluster.</p> : (
          <>
            <p className="muted">One SelfSubjectAccessReview per kind and verb, as <code>kubectl auth can-i</code> asks. A push reads, creates and patches; prune deletes.</p>
            <div className="table-wrap">
              <table className="perm-table">
                <caption className="visually-hidden">Permissions by kind and verb; ✗ marks what is denied</caption>
                <thead><tr><th scope="col">Kind</th>{matrix.verbs.map((v) => <th key={v} scope="col">{v}</th>)}</tr></thead>
                <tbody>
                  {matrix.rows.map((r) => (
                    <tr key={r.kind} className={r.denied > 0 ? 'has-denied' : undefined}>
                      <th scope="row">{r.kind}</th>
                      {r.cells.map((c) => (
                        <td key={c.verb} className={c.allowed === undefined ? 'unknown' : c.allowed ? 'allowed' : 'denied'}>
                          {c.allowed === undefined ? '–' : c.allowed ? '✓' : '✗ denied'}
                          <span className="visually-hidden">{c.allowed === undefined ? ' not asked' : c.allowed ? ' allowed' : ''}</span>
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
