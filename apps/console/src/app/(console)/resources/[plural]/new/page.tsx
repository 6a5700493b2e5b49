import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { findKindByPlural } from '@gatehouse/domain/registry/kinds';
import { isBrowsable } from '../../../../../features/resource-detail/resource-href';
import { ResourceCreatePage } from '../../../../../features/resource-detail/resource-edit-page';

type Params = { plural: string };

export async function generateMetadata({ params }: { params: Promise<Params> }) {
  const kind = findKindByPlural((await params).plural);
  return { title: kind ? `New ${kind.kind}` : 'Not found' };
}

/** /resources/<plural>/new?namespace=…: a typed form for a new object of the kind. */
export default async function NewResourcePage({ params }: { params: Promise<Params> }) {
  const { plural } = await params;
  const kind = findKindByPlural(plural);
  if (!isBrowsable(kind)) notFound();
  return (
    <Suspense fallback={null}>
      <ResourceCreatePage plural={plural} kind={kind.kind} />
    </Suspense>
  );
}
