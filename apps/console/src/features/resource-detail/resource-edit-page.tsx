'use client';

import { useQuery } from '@tanstack/react-query';
import { useRouter, useSearchParams } from 'next/navigation';
import { PageHeader } from '../../components/page-header';
import { QueryError } from '../../components/query-error';
import { useTRPC } from '../../trpc/react';
import { EDITORS } from '../resource-editor/editor-registry';
import { useCan } from '../shell/session-context';
import { Breadcrumbs } from './resource-detail';
import { detailHref, listHref, sectionOf } from './resource-href';
import './resource-detail.css';

function ReadOnlyNote({ kind }: { kind: string }) {
  return <div className="callout" role="note">Your role can read but not change resources, so there is no {kind} form here. An administrator or editor can make the change.</div>;
}

/** Edit one object: the kind's typed form and YAML tab, loaded with the stored object (its resourceVersion included). */
export function ResourceEditPage({ plural, kind, namespace, name }: { plural: string; kind: string; namespace: string | undefined; name: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const can = useCan();
  const loc = { plural, name, ...(namespace ? { namespace } : {}) };
  // The edit starts from what is stored now and is not refreshed under the person's hands.
  const obj = useQuery({ ...trpc.resources.get.queryOptions(loc), staleTime: 0, refetchOnWindowFocus: false, refetchOnReconnect: false });
  const editor = EDITORS[plural];
  const header = (
    <>
      <Breadcrumbs plural={plural} namespace={namespace} name={name} tail="Edit" />
      <PageHeader title={`Edit ${kind} ${name}`} description="Change it in the form or as YAML; the server checks it (dry run) before saving." />
    </>
  );
  if (!can.write) return <>{header}<ReadOnlyNote kind={kind} /></>;
  if (!editor) return <>{header}<p>{kind} objects are edited through the API.</p></>;
  if (obj.isPending) return <>{header}<p className="muted" role="status">Loading {kind} {name}…</p></>;
  if (obj.isError) return <>{header}<QueryError error={obj.error} what={`${kind} ${name}`} /></>;
  if (!obj.data) return null;
  const { Editor } = editor;
  return (
    <>
      {header}
      <Editor mode="edit" initial={obj.data} onSaved={() => router.push(detailHref(plural, namespace, name))} onCancel={() => router.push(detailHref(plural, namespace, name))} />
    </>
  );
}

/** Create one object: the kind's form with sensible defaults, in the namespace chosen in the picker. */
export function ResourceCreatePage({ plural, kind }: { plural: string; kind: string }) {
  const router = useRouter();
  const can = useCan();
  const namespace = useSearchParams().get('namespace') || undefined;
  const editor = EDITORS[plural];
  const header = (
    <>
      <nav aria-label="Breadcrumb" className="breadcrumbs"><ol><li><a href={listHref(plural, namespace)}>{sectionOf(plural)}</a></li><li><span aria-current="page">New {kind}</span></li></ol></nav>
      <PageHeader title={`New ${kind}`} description="Fill in the form (or write YAML); the server checks it (dry run) before creating it." />
    </>
  );
  if (!can.write) return <>{header}<ReadOnlyNote kind={kind} /></>;
  if (!editor) return <>{header}<p>{kind} objects are created through the API.</p></>;
  const { Editor, blank } = editor;
  return (
    <>
      {header}
      <Editor
        mode="create" initial={blank(namespace)}
        onSaved={(saved) => router.push(detailHref(plural, saved.metadata.namespace, saved.metadata.name))}
        onCancel={() => router.push(listHref(plural, namespace))}
      />
    </>
  );
}
