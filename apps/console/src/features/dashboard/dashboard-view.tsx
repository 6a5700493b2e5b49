'use client';

import { describeWorkerConnection, describeWorkerSync, describeWorkerTraffic, type WorkerTraffic } from './describe-worker';
import { useOrigin } from '../../components/use-origin';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { describeAuditAction, describeAuditObject } from '../audit/describe-audit';
import { describeConditions, isConditionTrue } from '../resources/describe-status';
import { asArr, asNum, asObj, asStr, at } from '../resources/read-object';
import { useNamespace } from '../shell/use-namespace';

const COUNT_LIMIT = 1000;

function useKind(plural: string, namespace: string | undefined) {
  const trpc = useTRPC();
  return useQuery(trpc.resources.list.queryOptions({ plural, limit: COUNT_LIMIT, ...(namespace ? { namespace } : {}) }));
}

/** A route is healthy when every parent accepted it and resolved its backends. */
function routeHealthy(route: KubeObject): boolean {
  const parents = asArr(at(route, 'status', 'parents'));
  return parents.length > 0 && parents.every((p) => describeConditions(asObj(p)?.conditions).every((c) => c.tone === 'ok'));
}

function backendPolicyAccepted(p: KubeObject): boolean {
  const ancestors = asArr(at(p, 'status', 'ancestors'));
  return ancestors.length > 0 && ancestors.every((a) => describeConditions(asObj(a)?.conditions).some((c) => c.type === 'Accepted' && c.status === 'True'));
}

function Stat({ label, href, items, more, healthy, healthyWord }: {
  label: string; href: string; items: KubeObject[] | undefined; more: boolean; healthy: (o: KubeObject) => boolean; healthyWord: string;
}) {
  const total = items?.length;
  const good = items?.filter(healthy).length ?? 0;
  return (
    <div className="card stat">
      <span className="stat-label"><Link href={href}>{label}</Link></span>
      <span className="stat-value">{total === undefined ? '…' : `${total}${more ? '+' : ''}`}</span>
      {total !== undefined && total > 0 && (
        <span className="stat-detail">
          <StatusBadge tone={good === total ? 'ok' : 'bad'}>{`${good} of ${total} ${healthyWord}`}</StatusBadge>
        </span>
      )}
      {total === 0 && <span className="stat-detail">none yet</span>}
    </div>
  );
}

interface WorkerListener { gateway: string; listener: string; port: number; state: string; error?: string }

function workerListeners(w: object): WorkerListener[] {
  return asArr((w as { listeners?: unknown }).listeners).flatMap((l) => {
    const o = asObj(l);
    const port = asNum(o?.port);
    if (!o || port === undefined) return [];
    return [{ gateway: asStr(o.gateway) ?? '', listener: asStr(o.listener) ?? '', port, state: asStr(o.state) ?? 'unknown', ...(asStr(o.error) ? { error: asStr(o.error)! } : {}) }];
  });
}

/** The traffic figures of a worker's last status report; null when it sent none. */
function workerTraffic(w: object): WorkerTraffic | null {
  const t = asObj((w as { traffic?: unknown }).traffic);
  const windowSeconds = asNum(t?.windowSeconds);
  const requests = asNum(t?.requests);
  const requestsPerSecond = asNum(t?.requestsPerSecond);
  if (!t || windowSeconds === undefined || requests === undefined || requestsPerSecond === undefined) return null;
  return { windowSeconds, requests, requestsPerSecond, errorRate: asNum(t.errorRate) ?? null, p50Ms: asNum(t.p50Ms) ?? null, p99Ms: asNum(t.p99Ms) ?? null };
}

function Workers() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.workers.list.queryOptions(), refetchInterval: 15_000 });
  if (q.isPending) return <p className="muted" role="status">Loading workers…</p>;
  if (q.isError) return <QueryError error={q.error} what="workers" />;
  const { items, revision } = q.data;
  if (items.length === 0) return <p>No worker has connected yet. The bundled worker starts with <code>npm start</code>.</p>;
  return (
    // Focusable: with the Traffic column the table may scroll sideways, and keyboard users must be able to scroll it.
    <div className="table-wrap" tabIndex={0} role="region" aria-label="Connected workers">
      <table>
        <caption className="visually-hidden">Connected workers</caption>
        <thead><tr><th scope="col">Worker</th><th scope="col">Configuration</th><th scope="col">Listeners</th><th scope="col">Traffic</th><th scope="col">Connection</th></tr></thead>
        <tbody>
          {items.map((w) => {
            const sync = describeWorkerSync(w.revision, revision);
            const connection = describeWorkerConnection(w.lastSeenAt, Date.now());
            const listeners = workerListeners(w);
            const error = asStr((w as { error?: unknown }).error);
            const traffic = describeWorkerTraffic(workerTraffic(w));
            return (
              <tr key={w.id}>
                <td><strong>{w.name || w.id}</strong><span className="sub">{w.address || 'no admin address'}</span></td>
                <td>
                  <StatusBadge tone={sync.tone}>{sync.words}</StatusBadge>
                  {error ? <span className="condition-note">Last error: {error}</span> : null}
                </td>
                <td>
                  {listeners.length === 0 ? <span className="muted">none</span> : (
                    <div className="stack">
                      {listeners.map((l) => (
                        <span key={`${l.gateway}/${l.listener}`}>
                          {l.gateway} · {l.listener} · port {l.port}{' '}
                          <StatusBadge tone={l.state === 'serving' ? 'ok' : l.state === 'error' ? 'bad' : 'neutral'} {...(l.error ? { title: l.error } : {})}>{l.state}</StatusBadge>
                        </span>
                      ))}
                    </div>
                  )}
                </td>
                <td>
                  {traffic.figures.length > 1 ? (
                    <StatusBadge tone={traffic.tone} title="since the worker's previous report (every 15 s): requests per second, share of 5xx answers, p50/p99 request duration">{traffic.words}</StatusBadge>
                  ) : <span className="muted">{traffic.words}</span>}
                </td>
                <td><StatusBadge tone={connection.tone}>{connection.words}</StatusBadge><span className="sub">last contact <RelativeTime iso={w.lastSeenAt} /></span></td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

// Sign-ins are in the audit log; here they would push the changes people look for off the card.
const SESSION_ACTIONS = new Set(['login', 'logout', 'login.failed']);

function RecentEvents({ namespace }: { namespace: string | undefined }) {
  const trpc = useTRPC();
  const q = useQuery(trpc.audit.list.queryOptions({ limit: 50, ...(namespace ? { namespace } : {}) }));
  if (q.isPending) return <p className="muted" role="status">Loading events…</p>;
  if (q.isError) return <QueryError error={q.error} what="audit events" />;
  const changes = q.data.items.filter((e) => !SESSION_ACTIONS.has(e.action)).slice(0, 8);
  if (changes.length === 0) return <p className="muted">Nothing has changed yet.</p>;
  return (
    <ul className="stack" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {changes.map((e) => (
        <li key={e.id}>
          <strong>{e.actor.name}</strong> {describeAuditAction(e.action)} {describeAuditObject(e)}
          <span className="sub"><RelativeTime iso={e.time} />{e.message && e.message !== e.action ? ` · ${e.message}` : ''}</span>
        </li>
      ))}
    </ul>
  );
}

/** How many certificates need attention soon (expiry colours as on the Certificates page). */
function CertificatesStat() {
  const trpc = useTRPC();
  const all = useQuery(trpc.certificates.list.queryOptions({ limit: 1 }));
  const soon = useQuery(trpc.certificates.list.queryOptions({ limit: 1, state: 'expiring30' }));
  const verySoon = useQuery(trpc.certificates.list.queryOptions({ limit: 1, state: 'expiring7' }));
  const expired = useQuery(trpc.certificates.list.queryOptions({ limit: 1, state: 'expired' }));
  const urgent = (verySoon.data?.total ?? 0) + (expired.data?.total ?? 0);
  const attention = urgent + (soon.data?.total ?? 0);
  return (
    <div className="card stat">
      <span className="stat-label"><Link href="/certificates">Certificates</Link></span>
      <span className="stat-value">{all.data ? all.data.total : '…'}</span>
      {all.data && all.data.total > 0 && soon.data && verySoon.data && expired.data && (
        <span className="stat-detail">
          <StatusBadge tone={urgent > 0 ? 'bad' : attention > 0 ? 'pending' : 'ok'}>
            {attention === 0 ? 'none expire within 30 days' : `${attention} expired or expiring soon`}
          </StatusBadge>
        </span>
      )}
      {all.data?.total === 0 && <span className="stat-detail">none yet</span>}
    </div>
  );
}

/** What runs and whether it is healthy: counts, workers and their revisions, recent changes, where the API is. */
export function DashboardView() {
  const [namespace] = useNamespace();
  const gateways = useKind('gateways', namespace);
  const routes = useKind('httproutes', namespace);
  const upstream = useKind('upstreamtlspolicies', namespace);
  const backend = useKind('backendtlspolicies', namespace);
  const trpc = useTRPC();
  const system = useQuery(trpc.workers.list.queryOptions());
  const origin = useOrigin();
  const ns = namespace ? `?namespace=${encodeURIComponent(namespace)}` : '';
  const policies = upstream.data && backend.data ? [...upstream.data.items, ...backend.data.items] : undefined;
  const failed = [gateways, routes, upstream, backend].find((q) => q.isError);
  return (
    <>
      {failed?.error ? <QueryError error={failed.error} what="resources" /> : null}
      <div className="cards">
        <Stat label="Gateways" href={`/gateways${ns}`} items={gateways.data?.items} more={gateways.data?.continue !== undefined} healthy={(g) => isConditionTrue(g.status, 'Programmed')} healthyWord="programmed" />
        <Stat label="Routes" href={`/routes${ns}`} items={routes.data?.items} more={routes.data?.continue !== undefined} healthy={routeHealthy} healthyWord="accepted" />
        <Stat
          label="TLS policies" href={`/tls-policies${ns}`} items={policies} more={upstream.data?.continue !== undefined || backend.data?.continue !== undefined}
          healthy={(p) => (p.kind === 'BackendTLSPolicy' ? backendPolicyAccepted(p) : isConditionTrue(p.status, 'Accepted'))} healthyWord="accepted"
        />
        <CertificatesStat />
        <div className="card stat">
          <span className="stat-label">Workers</span>
          <span className="stat-value">{system.data ? system.data.items.length : '…'}</span>
          <span className="stat-detail">{system.data ? `configuration revision ${system.data.revision}` : ''}</span>
        </div>
      </div>
      <section className="card" aria-labelledby="workers-heading">
        <h2 id="workers-heading">Workers</h2>
        <Workers />
      </section>
      <div className="grid-2" style={{ marginTop: 20 }}>
        <section className="card" aria-labelledby="recent-heading">
          <h2 id="recent-heading">Recent changes</h2>
          <RecentEvents namespace={namespace} />
          <p style={{ marginTop: 12, marginBottom: 0 }}><Link href={`/audit${ns}`}>Open the audit log</Link></p>
        </section>
        <section className="card" aria-labelledby="system-heading">
          <h2 id="system-heading">Console</h2>
          <ul className="stack" style={{ margin: '0 0 12px', paddingLeft: 18 }}>
            <li>Database: {system.data?.database ?? '…'}</li>
            <li>Configuration revision: {system.data?.revision ?? '…'}</li>
          </ul>
          <p>
            REST API under <code>/api/v1</code> (API token or this session), described by <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.
          </p>
          <p className="muted" style={{ marginBottom: 0 }}>
            Apply manifests: <code>curl -H &quot;Authorization: Bearer $TOKEN&quot; -H &quot;Content-Type: application/yaml&quot; --data-binary @file.yaml {origin}/api/v1/apply</code>
          </p>
        </section>
      </div>
    </>
  );
}
