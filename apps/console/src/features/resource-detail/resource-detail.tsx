'use client';

import { describeEdits } from './describe/describe-edits';
import { ClientUrlsPanel } from './client-urls-panel';
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import { HistoryLink } from '../../components/history-link';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { httpStatusOf } from '../../trpc/query-client';
import { useTRPC } from '../../trpc/react';
import { ClusterDriftBadges } from '../clusters/drift-badges';
import { useCan } from '../shell/session-context';
import { describeMissingStatus, describeObjectStatus, summarizeObjectStatus } from './describe/describe-object-status';
import { describeSpec } from './describe/describe-spec';
import { routeParentOf, toolLinksOf, type ToolLink } from './describe/tool-links';
import { DeleteButton } from './delete-button';
import { EndpointsPanel } from './endpoints-panel';
import { ProbePanelFor } from '../probe/probe-panel-for';
import { RelationshipsPanel } from './relationships-panel';
import { detailHref, editHref, listHref, sectionOf } from './resource-href';
import { SpecView, StatusView } from './spec-view';
import './resource-detail.css';

/** Where am I: section › namespace › name, each a link back. */
export function Breadcrumbs({ plural, namespace, name, tail }: { plural: string; namespace: string | undefined; name: string; tail?: string }) {
  return (
    <nav aria-label="Breadcrumb" className="breadcrumbs">
      <ol>
        <li><Link href={listHref(plural)}>{sectionOf(plural)}</Link></li>
        {namespace ? <li><Link href={listHref(plural, namespace)}>{namespace}</Link></li> : null}
        <li>{tail ? <Link href={detailHref(plural, namespace, name)}>{name}</Link> : <span aria-current="page">{name}</span>}</li>
        {tail ? <li><span aria-current="page">{tail}</span></li> : null}
      </ol>
    </nav>
  );
}

/** "Simulate a request here" / "Probe this upstream", each with what it fills in (describe/tool-links.ts). */
function ToolLinks({ links }: { links: ToolLink[] }) {
  if (links.length === 0) return null;
  return (
    <nav aria-label="Tools for this object" style={{ margin: '-8px 0 16px' }}>
      <ul className="row" style={{ listStyle: 'none', margin: 0, padding: 0, gap: '8px 20px' }}>
        {links.map((l, i) => (
          <li key={`${i}:${l.href}`} className="row" style={{ gap: 8 }}>
            <Link className="button small" href={l.href}>{l.label}</Link>
            <span className="muted" style={{ fontSize: '0.875rem' }}>{l.fills}</span>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/**
 * The page of one object: its spec and status in words, its relationships, and (for Services) its endpoints;
 * Edit, Delete (naming dependents) and History; links that open the simulator or the probe on it.
 */
export function ResourceDetail({ plural, kind, namespace, name }: { plural: string; kind: string; namespace: string | undefined; name: string }) {
  const trpc = useTRPC();
  const can = useCan();
  const loc = { plural, name, ...(namespace ? { namespace } : {}) };
  const obj = useQuery(trpc.resources.get.queryOptions(loc));
  const rel = useQuery(trpc.relationships.of.queryOptions(loc));
  // A route's simulator link needs its Gateway's listener when the parentRef gives no port (or the route no hostname).
  const parent = obj.data?.kind === 'HTTPRoute' ? routeParentOf(obj.data) : undefined;
  const routeHosts = obj.data?.kind === 'HTTPRoute' ? (obj.data.spec as { hostnames?: unknown[] } | undefined)?.hostnames ?? [] : [];
  const needGateway = parent !== undefined && (parent.port === undefined || routeHosts.length === 0);
  const gateways = useQuery({
    ...trpc.resources.list.queryOptions({ plural: 'gateways', namespace: parent?.namespace ?? '', q: parent?.name ?? '', limit: 50 }),
    enabled: needGateway,
  });
  if (obj.isPending) return <p className="muted" role="status">Loading {kind} {name}…</p>;
  if (obj.isError) {
    return (
      <>
        <Breadcrumbs plural={plural} namespace={namespace} name={name} />
        <PageHeader title={name} description={`${kind}${namespace ? ` in namespace ${namespace}` : ''}`} />
        {httpStatusOf(obj.error) === 404
          ? <div className="callout warn" role="alert">There is no {kind} {name}{namespace ? ` in namespace ${namespace}` : ''}. It may have been deleted. <Link href={listHref(plural, namespace)}>Back to the list</Link></div>
          : <QueryError error={obj.error} what={`${kind} ${name}`} />}
      </>
    );
  }
  const o = obj.data;
  if (!o) return null;
  const summary = summarizeObjectStatus(o);
  return (
    <>
      <Breadcrumbs plural={plural} namespace={namespace} name={name} />
      <PageHeader
        title={name}
        description={
          <>
            {kind}{namespace ? <> in namespace {namespace}</> : ' (cluster-wide)'} · created <RelativeTime iso={o.metadata.creationTimestamp} />, {describeEdits(o.metadata.generation)}
          </>
        }
        actions={
          <div className="row">
            <HistoryLink kind={kind} namespace={namespace} name={name} />
            {can.write ? <Link className="button primary" href={editHref(plural, namespace, name)}>Edit</Link> : null}
            {can.write ? <DeleteButton plural={plural} kind={kind} namespace={namespace} name={name} afterHref={listHref(plural, namespace)} /> : null}
          </div>
        }
      />
      <ToolLinks links={toolLinksOf(o, { gateways: gateways.data?.items ?? [] })} />
      {summary ? <p className="status-summary">Status: <StatusBadge tone={summary.tone}>{summary.text}</StatusBadge></p> : null}
      <ClusterDriftBadges kind={kind} namespace={namespace} name={name} />
      <div className="detail-grid">
        <div className="stack-lg">
          <SpecView sections={describeSpec(o)} />
          {o.kind === 'Gateway' ? <ClientUrlsPanel gateway={o} /> : null}
          {o.kind === 'Service' ? <EndpointsPanel service={o} /> : null}
        </div>
        <div className="stack-lg">
          {summary ? <StatusView sections={describeObjectStatus(o)} missing={describeMissingStatus(o)} /> : null}
          {rel.isError ? <QueryError error={rel.error} what="relationships" /> : rel.data ? <RelationshipsPanel rel={rel.data} ownNamespace={namespace} /> : <p className="muted" role="status">Loading relationships…</p>}
        </div>
      </div>
      <div style={{ marginTop: 20 }}><ProbePanelFor object={o} /></div>
    </>
  );
}
