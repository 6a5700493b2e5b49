'use client';

import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTRPC } from '../../trpc/react';
import { useNamespace } from './use-namespace';

/** Chooses the namespace every list shows; the choice lives in the URL so a link shares it. */
export function NamespacePicker() {
  const trpc = useTRPC();
  const id = useId();
  const [namespace, setNamespace] = useNamespace();
  const { data } = useQuery(trpc.resources.list.queryOptions({ plural: 'namespaces', limit: 1000 }));
  const names = (data?.items ?? []).map((n) => n.metadata.name);
  // A namespace from a shared link may not exist (yet): keep it selectable rather than silently dropping it.
  if (namespace && !names.includes(namespace)) names.unshift(namespace);
  return (
    <div className="inline-field">
      <label htmlFor={id}>Namespace</label>
      <select id={id} value={namespace ?? ''} onChange={(e) => setNamespace(e.target.value || undefined)}>
        <option value="">All namespaces</option>
        {names.map((n) => (
          <option key={n} value={n}>{n}</option>
        ))}
      </select>
    </div>
  );
}
