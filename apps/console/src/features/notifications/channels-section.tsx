'use client';

import type { Channel } from '@gatehouse/domain/notification/channel.schema';
import type { ChannelTestResult } from '@gatehouse/domain/notification/delivery.schema';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Fragment, useState } from 'react';
import { EmptyState } from '../../components/empty-state';
import { errorMessageOf } from '../../components/mutation-error';
import { QueryError } from '../../components/query-error';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import { useTRPC } from '../../trpc/react';
import { useCan } from '../shell/session-context';
import { ChannelForm } from './channel-form';
import { DELIVERY_LABEL, DELIVERY_TONE, describeDelivery, describeEvents, describeTarget, KIND_LABEL } from './describe-channel';
import { SEVERITY_LABEL } from './describe-notification';
import './notifications.css';

function Deliveries({ channel }: { channel: Channel }) {
  const trpc = useTRPC();
  const q = useQuery({ ...trpc.notifications.deliveries.queryOptions({ id: channel.id, limit: 20 }), refetchInterval: 10_000 });
  if (q.isPending) return <p className="muted" role="status">Loading deliveries…</p>;
  if (q.isError) return <QueryError error={q.error} what="deliveries" />;
  if (q.data.items.length === 0) return <p className="muted">Nothing sent to {channel.name} yet.</p>;
  return (
    <table aria-label={`Recent deliveries to ${channel.name}`}>
      <thead><tr><th scope="col">Notification</th><th scope="col">Status</th><th scope="col">Attempts</th><th scope="col">Queued</th></tr></thead>
      <tbody>
        {q.data.items.map((d) => (
          <tr key={d.id}>
            <td>{d.notification.title}<span className="sub">{d.notification.type === 'test' ? 'test' : SEVERITY_LABEL[d.notification.severity]} · #{d.notification.id}</span></td>
            <td><StatusBadge tone={DELIVERY_TONE[d.status]}>{DELIVERY_LABEL[d.status]}</StatusBadge><span className="sub">{describeDelivery(d)}</span></td>
            <td>
              {d.attemptCount} of {d.maxAttempts}
              {d.attempts.length ? (
                <ol className="delivery-attempts">
                  {d.attempts.map((a, i) => <li key={i}><RelativeTime iso={a.at} />: {a.ok ? 'ok' : 'failed'}{a.statusCode ? ` (${a.statusCode})` : ''}, {a.durationMs} ms</li>)}
                </ol>
              ) : null}
            </td>
            <td><RelativeTime iso={d.createdAt} /></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function TestOutcome({ channel, result }: { channel: string; result: ChannelTestResult }) {
  return result.ok ? (
    <div className="callout ok" role="status">Test delivered to {channel}.</div>
  ) : (
    <div className="callout bad" role="status">Test to {channel} failed: {result.delivery.lastError ?? 'no answer'}</div>
  );
}

/**
 * Settings → Notification channels (administrators): where notifications go besides the console — signed JSON
 * webhooks, Slack, e-mail over SMTP. Add, edit, test and delete; recent deliveries per channel with every attempt.
 */
export function NotificationChannelsSection() {
  const { manage } = useCan();
  if (!manage) return <p className="callout" style={{ marginTop: 20 }}>Notification channels are managed by administrators.</p>;
  return <ChannelsPanel />;
}

function ChannelsPanel() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const channels = useQuery(trpc.notifications.channels.queryOptions());
  const [form, setForm] = useState<{ editing?: Channel } | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [tested, setTested] = useState<{ name: string; result: ChannelTestResult } | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.notifications.pathKey() });
  const test = useMutation(trpc.notifications.testChannel.mutationOptions({ onSettled: refresh }));
  const remove = useMutation(trpc.notifications.deleteChannel.mutationOptions({ onSettled: () => { setConfirming(null); return refresh(); } }));
  const runTest = (c: Channel) => {
    setTested(null);
    test.mutate({ id: c.id }, { onSuccess: (result) => { setTested({ name: c.name, result }); setOpen(c.id); } });
  };
  const list = channels.data?.items ?? [];
  return (
    <section className="card" aria-labelledby="notification-channels-heading" id="notification-channels">
      <h2 id="notification-channels-heading">Notification channels</h2>
      <p className="muted">
        Where notifications go besides this console: a JSON webhook signed with HMAC-SHA256, a Slack incoming webhook, or e-mail over SMTP.
        Failed deliveries are retried with backoff (10 s, doubling, 8 attempts). Credentials are stored encrypted and never shown again.
      </p>
      {saved ? <div className="callout ok" role="status">Channel {saved} saved.</div> : null}
      {tested ? <TestOutcome channel={tested.name} result={tested.result} /> : null}
      {test.isError ? <div className="alert" role="alert">{errorMessageOf(test.error)}</div> : null}
      {remove.isError ? <div className="alert" role="alert">{errorMessageOf(remove.error)}</div> : null}
      {channels.isPending ? <p className="muted" role="status">Loading channels…</p> : channels.isError ? <QueryError error={channels.error} what="notification channels" /> : list.length === 0 ? (
        <div className="table-wrap" style={{ marginBottom: 16 }}>
          <EmptyState title="No channels yet"><p>Notifications show in the console only. Add a channel to have them sent.</p></EmptyState>
        </div>
      ) : (
        <div className="table-wrap" style={{ marginBottom: 16 }}>
          <table className="channel-table">
            <caption className="visually-hidden">Notification channels</caption>
            <thead><tr><th scope="col">Channel</th><th scope="col">Sends to</th><th scope="col">Events</th><th scope="col">Last delivery</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              {list.map((c) => (
                <Fragment key={c.id}>
                  <tr>
                    <td>
                      <strong>{c.name}</strong>
                      <span className="sub">{KIND_LABEL[c.kind]}</span>
                      {c.enabled ? null : <StatusBadge tone="neutral">Disabled</StatusBadge>}
                    </td>
                    <td><span className="sub">{describeTarget(c)}</span></td>
                    <td>{describeEvents(c.events)}</td>
                    <td>
                      {c.lastDelivery ? (
                        <><StatusBadge tone={DELIVERY_TONE[c.lastDelivery.status]}>{DELIVERY_LABEL[c.lastDelivery.status]}</StatusBadge><span className="sub"><RelativeTime iso={c.lastDelivery.at} /></span></>
                      ) : <span className="muted">never</span>}
                    </td>
                    <td>
                      <div className="row">
                        <button type="button" className="button small" disabled={test.isPending} onClick={() => runTest(c)} aria-label={`Send a test to ${c.name}`}>{test.isPending && test.variables?.id === c.id ? 'Sending…' : 'Send test'}</button>
                        <button type="button" className="button small" aria-expanded={open === c.id} onClick={() => setOpen(open === c.id ? null : c.id)} aria-label={`Deliveries to ${c.name}`}>Deliveries</button>
                        <button type="button" className="button small" onClick={() => { setSaved(null); setForm({ editing: c }); }} aria-label={`Edit ${c.name}`}>Edit</button>
                        {confirming === c.id ? (
                          <>
                            <button type="button" className="button small danger" disabled={remove.isPending} onClick={() => remove.mutate({ id: c.id })}>Confirm deleting {c.name}</button>
                            <button type="button" className="button small" onClick={() => setConfirming(null)}>Keep</button>
                          </>
                        ) : (
                          <button type="button" className="button small danger" onClick={() => setConfirming(c.id)} aria-label={`Delete ${c.name}`}>Delete</button>
                        )}
                      </div>
                    </td>
                  </tr>
                  {open === c.id ? (
                    <tr className="details-row"><td colSpan={5}><Deliveries channel={c} /></td></tr>
                  ) : null}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {form ? (
        <ChannelForm key={form.editing?.id ?? 'new'} {...(form.editing ? { editing: form.editing } : {})} onDone={(c) => { setForm(null); if (c) setSaved(c.name); }} />
      ) : (
        <button type="button" className="button primary" onClick={() => { setSaved(null); setForm({}); }}>Add channel…</button>
      )}
    </section>
  );
}
