'use client';

import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { useCan } from '../shell/session-context';
import { describeCheck, describeCrds, describeDriftCount, describeLastPush } from './describe-check';
import { RegisterClusterForm } from './register-cluster-form';
import './clusters.css';

const DESCRIPTION = 'Kubernetes clusters Gatehouse pushes its objects to: checked, planned with a diff, pushed, and watched for drift.';

/** The registered clusters, with their last check, last push and drift; admins register more here. */
export function ClustersView() {
  const trpc = useTRPC();
  const { manage } = useCan();
  const list = useQuery(trpc.clusters.list.queryOptions());
  const [registering, setRegistering] = useState(false);
  const empty = list.data?.items.length === 0;
  // With no cluster yet, the form is what the page offers first.
  const formOpen = manage && (registering || empty);
  return (
    <>
      <PageHeader
        title="Clusters"
        description={DESCRIPTION}
        actions={manage && !formOpen && list.data ? <button type="button" className="button primary" onClick={() => setRegistering(true)}>Register cluster</button> : undefined}
      />
      {formOpen ? (
        <section className="card register-card" aria-labelledby="register-heading">
          <h2 id="register-heading">{empty ? 'Register your first cluster' : 'Register a cluster'}</h2>
          <p className="intro">
            {empty ? 'No cluster is registered yet. ' : ''}
            Give Gatehouse a kubeconfig for the cluster (a service account’s is best): it checks the connection, the Gateway API CRDs and what the identity may do.
          </p>
          <RegisterClusterForm onCancel={empty ? undefined : () => setRegistering(false)} />
        </section>
      ) : null}
      {list.isPending ? <p className="muted" role="status">Loading clusters…</p> : list.isError ? <QueryError error={list.error} what="clusters" /> : empty ? (
        manage ? null : (
          <div className="table-wrap">
            <EmptyState title="No clusters yet">
              <p>An administrator can register a cluster with its kubeconfig; then editors can plan and push to it.</p>
            </EmptyState>
          </div>
        )
      ) : (
        <div className="table-wrap">
          <table className="cluster-table">
            <caption className="visually-hidden">Registered clusters</caption>
            <thead>
              <tr><th scope="col">Cluster</th><th scope="col">Server</th><th scope="col">Check</th><th scope="col">CRDs</th><th scope="col">Last push</th><th scope="col">Drift</th></tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => {
                const check = describeCheck(c.status);
                const crds = describeCrds(c.status);
                const last = describeLastPush(c.lastPush);
                const drift = describeDriftCount(c.drift);
                const href = `/clusters/${encodeURIComponent(c.name)}`;
                return (
                  <tr key={c.name}>
                    <td>
                      <Link href={href} className="strong-link">{c.name}</Link>
                      <span className="sub">{c.source === 'in-cluster' ? 'in-cluster service account' : c.context ? `context ${c.context}` : 'kubeconfig'}</span>
                    </td>
                    <td><span className="mono server">{c.server}</span></td>
                    <td>
                      <StatusBadge tone={check.tone} title={c.status.message}>{check.label}</StatusBadge>
                      <span className="sub">{c.status.checkedAt ? <>checked <RelativeTime iso={c.status.checkedAt} /></> : 'not checked yet'}</span>
                    </td>
                    <td className="crds">
                      <div className="stack">
                        <StatusBadge tone={crds.gatewayApiTone}>{crds.gatewayApi}</StatusBadge>
                        <StatusBadge tone={crds.upstreamTone}>{crds.upstreamTlsPolicy}</StatusBadge>
                      </div>
                    </td>
                    <td>
                      <StatusBadge tone={last.tone}>{last.text}</StatusBadge>
                      {c.lastPush ? <span className="sub"><RelativeTime iso={c.lastPush.time} /></span> : null}
                    </td>
                    <td>{c.drift ? <Link href={`${href}?tab=drift`}><StatusBadge tone={drift.tone}>{drift.text}</StatusBadge></Link> : <StatusBadge tone={drift.tone}>{drift.text}</StatusBadge>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
