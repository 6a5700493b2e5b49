'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { Dialog } from '../../components/dialog';
import { ProgressNote } from '../../components/progress-note';
import { toast } from '../../components/toast';
import { useTRPC } from '../../trpc/react';
import { DependentsNote } from './relationships-panel';

/**
 * Delete with a confirmation that names what depends on the object (relationships.of → usedBy), so nobody
 * removes the CA Secret of a live policy without being told.
 */
export function DeleteButton({ plural, kind, namespace, name, afterHref }: { plural: string; kind: string; namespace: string | undefined; name: string; afterHref: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const loc = { plural, name, ...(namespace ? { namespace } : {}) };
  const rel = useQuery({ ...trpc.relationships.of.queryOptions(loc), enabled: open });
  const del = useMutation(trpc.resources.delete.mutationOptions({
    onSuccess: async () => {
      setOpen(false);
      toast.success(`${kind} ${name} deleted.`);
      // Leave the page first: refreshing its own (now missing) object would only fetch a 404.
      router.push(afterHref);
      await Promise.all([queryClient.invalidateQueries(trpc.resources.list.pathFilter()), queryClient.invalidateQueries(trpc.relationships.pathFilter())]);
    },
    onError: (e) => toast.error(`${kind} ${name} not deleted: ${e.message}`),
  }));
  const label = `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
  return (
    <>
      <button type="button" className="button danger" onClick={() => setOpen(true)}>Delete</button>
      <Dialog open={open} title={`Delete ${label}?`} onClose={() => setOpen(false)}>
        <div className="stack">
          <DependentsNote rel={rel.data} />
          {rel.isError ? <p className="alert">Could not check what depends on it: {rel.error.message}</p> : null}
          <p>The deletion is recorded in the audit log. It cannot be undone here.</p>
          {del.isPending ? <ProgressNote label={`Deleting ${label}…`} /> : null}
          <div className="form-actions">
            <button type="button" className="button danger" disabled={del.isPending || rel.isPending} onClick={() => del.mutate(loc)}>Delete {kind}</button>
            <button type="button" className="button" onClick={() => setOpen(false)}>Cancel</button>
          </div>
        </div>
      </Dialog>
    </>
  );
}
