import Link from 'next/link';

/** The audit page filtered to one object: `/audit?kind=Gateway&namespace=httpbin&name=gw`. */
export function historyHref(ref: { kind: string; namespace?: string | undefined; name: string }): string {
  const q = new URLSearchParams({ kind: ref.kind });
  if (ref.namespace) q.set('namespace', ref.namespace);
  q.set('name', ref.name);
  return `/audit?${q.toString()}`;
}

/**
 * "History": every audited change of one object, newest first. For lists and detail pages; the accessible name
 * says whose history, since a table has one such link per row.
 */
export function HistoryLink({ kind, namespace, name, label = 'History' }: { kind: string; namespace?: string | undefined; name: string; label?: string }) {
  return (
    <Link href={historyHref({ kind, namespace, name })} aria-label={`${label} of ${kind} ${namespace ? `${namespace}/` : ''}${name}`} className="history-link">
      {label}
    </Link>
  );
}
