'use client';

import Link from 'next/link';
import { RelativeTime } from '../../components/relative-time';
import { StatusBadge } from '../../components/status-badge';
import type { Relation, Relationships } from '../../server/services/relationships/relationship-types';
import { ObjectLink } from './object-link';

/** The tone in words for screen readers (the colour of the bar says it to the eye). */
const TONE_WORDS = { ok: 'working', bad: 'problem', neutral: 'note' } as const;

function RelationList({ relations, ownNamespace, empty }: { relations: Relation[]; ownNamespace: string | undefined; empty: string }) {
  if (relations.length === 0) return <p className="muted">{empty}</p>;
  return (
    <ul className="relation-list">
      {relations.map((r) => (
        <li key={`${r.link.kind}/${r.link.namespace}/${r.link.name}/${r.how}`} className={`relation ${r.tone}`}>
          <span className="visually-hidden">{TONE_WORDS[r.tone]}: </span>
          <ObjectLink link={r.link} ownNamespace={ownNamespace} />{' '}
          <span className="relation-how">{r.how}</span>
        </li>
      ))}
    </ul>
  );
}

/**
 * What the object uses, what depends on it, and per Gateway listener / Service port the routes and TLS policies,
 * as the server computed them (relationships.service.ts). Nothing is decided here.
 */
export function RelationshipsPanel({ rel, ownNamespace }: { rel: Relationships; ownNamespace: string | undefined }) {
  return (
    <section className="card" aria-labelledby="relationships-title">
      <h2 id="relationships-title">Relationships</h2>
      {rel.listeners.length > 0 ? (
        <>
          <h3>Routes per listener</h3>
          {rel.listeners.map((l) => (
            <div key={l.listener} className="relation-group">
              <span className="label">Listener {l.listener}</span>
              <RelationList relations={l.routes} ownNamespace={ownNamespace} empty="No route attached." />
            </div>
          ))}
        </>
      ) : null}
      {rel.ports.length > 0 ? (
        <>
          <h3>Per Service port</h3>
          {rel.ports.map((p) => (
            <div key={p.port} className="relation-group">
              <span className="label">Port {p.port}{p.name ? ` (${p.name})` : ''}</span>
              <RelationList relations={p.tls} ownNamespace={ownNamespace} empty="No TLS policy: the gateway speaks plain HTTP to this port." />
              <RelationList relations={p.routes} ownNamespace={ownNamespace} empty="No route sends traffic to this port." />
            </div>
          ))}
        </>
      ) : null}
      <h3>Uses</h3>
      <RelationList relations={rel.uses} ownNamespace={ownNamespace} empty="It refers to no other object." />
      <h3>Used by</h3>
      <RelationList relations={rel.usedBy} ownNamespace={ownNamespace} empty="Nothing refers to it." />
      {rel.certificates.length > 0 ? (
        <>
          <h3>Certificates</h3>
          <ul className="relation-list">
            {rel.certificates.map((c) => (
              <li key={`${c.id}/${c.via.name}`} className={`relation ${c.revoked ? 'bad' : 'neutral'}`}>
                <span className="kind-tag">Certificate</span> <Link href={`/certificates/${encodeURIComponent(c.id)}`}>{c.name}</Link>{' '}
                <span className="relation-how">
                  in {c.via.kind} {c.via.name} · {c.revoked ? 'revoked' : <>expires <RelativeTime iso={c.notAfter} /></>}
                </span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

/** The dependents a delete would leave dangling, in a sentence for the confirmation. */
export function DependentsNote({ rel }: { rel: Relationships | undefined }) {
  if (!rel) return <p className="muted" role="status">Looking for objects that depend on it…</p>;
  if (rel.usedBy.length === 0) return <p>Nothing refers to it.</p>;
  return (
    <>
      <p><StatusBadge tone="pending">{`${rel.usedBy.length} dependent${rel.usedBy.length === 1 ? '' : 's'}`}</StatusBadge> These refer to it and will stop working or lose their target:</p>
      <RelationList relations={rel.usedBy} ownNamespace={rel.target.namespace || undefined} empty="" />
    </>
  );
}
