import type { PortState } from '../proxy/listener-manager';

/**
 * The IPC protocol between the primary and the processes that serve (node:cluster's channel, JSON). Every type is
 * prefixed so that other users of the same channel (prom-client's cluster aggregation, node:cluster's own
 * internal messages) are told apart.
 */

/** primary → member: put this snapshot in force. `body` was validated by the primary; `now` makes compiles equal. */
export interface SnapshotMessage {
  t: 'gatehouse:snapshot';
  revision: number;
  body: string;
  now: string;
}

/** primary → member: send your counters (answered by DescribedMessage with the same id). */
export interface DescribeMessage {
  t: 'gatehouse:describe';
  id: number;
  /** Also send the process's metrics (prom-client JSON), for /metrics. */
  metrics?: boolean;
}

/** primary → member: drain and exit. */
export interface StopMessage {
  t: 'gatehouse:stop';
}

/** member → primary: listening for messages (anything sent before this could be lost). */
export interface HelloMessage {
  t: 'gatehouse:hello';
}

/** member → primary: the outcome of a SnapshotMessage. */
export type AppliedMessage =
  | { t: 'gatehouse:applied'; revision: number; ok: true; ports: PortState[] }
  | { t: 'gatehouse:applied'; revision: number; ok: false; error: string };

export interface DescribedMessage {
  t: 'gatehouse:described';
  id: number;
  revision: number | null;
  enforcedAt: string | null;
  counters: { upstream: Record<string, unknown>; proxy: Record<string, unknown> };
  /** prom-client `getMetricsAsJSON()` of the process, when asked for. */
  metrics?: unknown[];
}

export type ToMember = SnapshotMessage | DescribeMessage | StopMessage;
export type ToPrimary = HelloMessage | AppliedMessage | DescribedMessage;

function typed(message: unknown): string | null {
  if (typeof message !== 'object' || message === null) return null;
  const t = (message as { t?: unknown }).t;
  return typeof t === 'string' && t.startsWith('gatehouse:') ? t : null;
}

/** The message if it is one of ours addressed to a member (the channel is shared: others are ignored). */
export function asToMember(message: unknown): ToMember | null {
  const t = typed(message);
  return t === 'gatehouse:snapshot' || t === 'gatehouse:describe' || t === 'gatehouse:stop' ? (message as ToMember) : null;
}

export function asToPrimary(message: unknown): ToPrimary | null {
  const t = typed(message);
  return t === 'gatehouse:hello' || t === 'gatehouse:applied' || t === 'gatehouse:described' ? (message as ToPrimary) : null;
}
