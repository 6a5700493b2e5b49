import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { parseObjectRoute } from '../../../../../features/resource-detail/resource-href';
import { ResourceDetail } from '../../../../../features/resource-detail/resource-detail';
import { ResourceEditPage } from '../../../../../features/resource-detail/resource-edit-page';

type Params = { plural: string; ref: string[] };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const { plural, ref } = await params;
  const route = parseObjectRoute(plural, ref);
  return { title: route ? `${route.edit ? 'Edit ' : ''}${route.kind.kind} ${route.name}` : 'Not found' };
}

/** /resources/<plural>/<namespace>/<name>[/edit] (cluster-scoped: /resources/<plural>/<name>[/edit]). */
export default async function ResourcePage({ params }: { params: Promise<Params> }) {
  const { plural, ref } = await params;
  const route = parseObjectRoute(plural, ref);
  if (!route) notFound();
  const props = { plural, kind: route.kind.kind, namespace: route.namespace, name: route.name };
  return <Suspense fallback={null}>{route.edit ? <ResourceEditPage {...props} /> : <ResourceDetail {...props} />}</Suspense>;
}
