'use client';

import { useQuery } from '@tanstack/react-query';
import { useTRPC } from '../../trpc/react';

/**
 * Whether the hash chain is intact (audit.verify recomputes every hash). A broken chain names the first event
 * that does not match and why, since that is where a reviewer starts looking.
 */
export function ChainStatus() {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.audit.verify.queryOptions(), staleTime: 60_000 });
  if (q.isPending) return <div className="callout" role="status">Checking the hash chain of the audit log…</div>;
  if (q.isError) return <div className="callout warn" role="status">The hash chain could not be checked: {q.error.message}</div>;
  const v = q.data;
  if (v.intact) {
    return (
      <div className="callout ok" role="status" data-testid="chain-status">
        <strong>Chain intact.</strong> All {v.checked.toLocaleString('en')} events were recomputed and each one links to the one before it, so none was changed, removed or reordered.
      </div>
    );
  }
  return (
    <div className="callout bad" role="alert" data-testid="chain-status">
      <strong>Chain broken at event #{v.firstBrokenId}.</strong> {v.reason}. The {v.checked.toLocaleString('en')} events before it check out; events from #{v.firstBrokenId} on cannot be trusted.
    </div>
  );
}
