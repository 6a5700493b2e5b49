import { isTRPCClientError } from '@trpc/client';

/** A failed query in words: the server's message (it is written for people), never a stack or raw JSON. */
export function QueryError({ error, what }: { error: unknown; what: string }) {
  const message = isTRPCClientError(error) ? error.message : error instanceof Error ? error.message : 'unknown error';
  return (
    <div className="alert" role="alert">
      Could not load {what}: {message}
    </div>
  );
}
