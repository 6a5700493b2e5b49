import Link from 'next/link';
import type { ObjectLink as Ref } from '../../server/services/relationships/relationship-types';
import { hrefOf } from './resource-href';

/** `Kind name` linking to the object's page; a referenced object that does not exist is said so, not linked. */
export function ObjectLink({ link, ownNamespace }: { link: Ref; ownNamespace?: string | undefined }) {
  const name = link.namespace && link.namespace !== ownNamespace ? `${link.namespace}/${link.name}` : link.name;
  const href = link.exists ? hrefOf(link) : undefined;
  return (
    <span className="object-link">
      <span className="kind-tag">{link.kind}</span>{' '}
      {href ? <Link href={href}>{name}</Link> : <span>{name}{link.exists ? '' : <span className="muted"> (does not exist)</span>}</span>}
    </span>
  );
}
