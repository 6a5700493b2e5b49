'use client';

import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { findKindByPlural } from '@gatehouse/domain/registry/kinds';
import Link from 'next/link';
import { EmptyState } from '../../components/empty-state';
import { HistoryLink } from '../../components/history-link';
import { QueryError } from '../../components/query-error';
import { useTRPC } from '../../trpc/react';
import { createHref, objectHref } from '../resource-detail/resource-href';
import { useCan } from '../shell/session-context';
import { useNamespace } from '../shell/use-namespace';
import { Pager } from './pager';
import { ListToolbar } from './list-toolbar';
import { useCursorPaging } from './use-cursor-paging';
import { listInputOf, useListFilter } from './use-list-filter';

export interface Column {
  header: string;
  cell: (obj: KubeObject) => ReactNode;
}

export const PAGE_SIZE = 25;

/**
 * A list of one kind, paged by the server (resources.list, cursor in the URL), in the namespace chosen in the
 * picker. The rows carry the status the server computed (status.conditions, listeners, parents, ancestors).
 */
export function ResourceTable({ plural, noun, caption, columns, empty, create }: {
  plural: string;
  /** Plural noun for people: "gateways". */
  noun: string;
  caption: string;
  columns: Column[];
  empty: ReactNode;
  /** The form an empty list offers first ("New gateway"); the API comes second. */
  create?: { label: string };
}) {
  const can = useCan();
  const trpc = useTRPC();
  const [picked] = useNamespace();
  // Cluster-scoped kinds (GatewayClass) ignore the picker; saying "in namespace x" about them would mislead.
  const namespace = findKindByPlural(plural)?.namespaced === false ? undefined : picked;
  const paging = useCursorPaging();
  const [filter, setFilter] = useListFilter();
  const query = useQuery(trpc.resources.list.queryOptions({
    plural, limit: PAGE_SIZE, ...(namespace ? { namespace } : {}), ...(paging.cursor ? { continue: paging.cursor } : {}), ...listInputOf(filter),
  }));
  const toolbar = <ListToolbar noun={noun} value={filter} onChange={setFilter} />;
  if (query.isPending) return <>{toolbar}<p className="muted" role="status">Loading {noun}…</p></>;
  if (query.isError) return <>{toolbar}<QueryError error={query.error} what={noun} /></>;
  const { items, continue: nextCursor } = query.data;
  const filtered = filter.q.trim() !== '' || filter.labels.trim() !== '';
  if (items.length === 0 && paging.pageNumber === 1) {
    return (
      <>
        {toolbar}
        <div className="table-wrap">
          {filtered
            ? <EmptyState title={`No ${noun} match these filters${namespace ? ` in namespace ${namespace}` : ''}`}><p>Change the name or label filter, or press Clear to see every one.</p></EmptyState>
            : (
              <EmptyState title={`No ${noun}${namespace ? ` in namespace ${namespace}` : ''}`}>
                {empty}
                {create && can.write ? <p><Link className="button primary" href={createHref(plural, namespace)}>{create.label}</Link></p> : null}
                <p className="muted">{create && can.write ? 'Or apply' : 'Apply'} manifests with <code>POST /api/v1/apply</code> (or <code>kubectl</code> against a cluster Gatehouse imports from).</p>
              </EmptyState>
            )}
        </div>
      </>
    );
  }
  return (
    <>
      {toolbar}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{caption}{namespace ? ` in namespace ${namespace}` : ', all namespaces'}</caption>
          <thead>
            <tr>{columns.map((c) => <th key={c.header} scope="col">{c.header}</th>)}<th scope="col"><span className="visually-hidden">History</span></th></tr>
          </thead>
          <tbody>
            {items.map((obj) => (
              <tr key={`${obj.metadata.namespace ?? ''}/${obj.metadata.name}`}>
                {columns.map((c) => <td key={c.header}>{c.cell(obj)}</td>)}
                <td><HistoryLink kind={obj.kind} namespace={obj.metadata.namespace} name={obj.metadata.name} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager
        noun={noun} pageNumber={paging.pageNumber} shown={items.length} hasNext={nextCursor !== undefined}
        onNext={() => nextCursor && paging.next(nextCursor)} onPrevious={paging.previous} onFirst={paging.first}
      />
    </>
  );
}

/** The name cell every list starts with: name, and the namespace under it. */
export function NameCell({ obj, extra }: { obj: KubeObject; extra?: ReactNode }) {
  // The name opens the object's page (features/resource-detail).
  const href = objectHref(obj);
  return (
    <>
      {href ? <Link href={href}><strong>{obj.metadata.name}</strong></Link> : <strong>{obj.metadata.name}</strong>}
      <span className="sub">{obj.metadata.namespace ? `namespace ${obj.metadata.namespace}` : 'cluster-wide'}{extra ? <> · {extra}</> : null}</span>
    </>
  );
}
