'use client';

import { useId, useState, type ReactNode } from 'react';
import type { PlanItem, PushItem } from '@gatehouse/domain/cluster/cluster.schema';
import { StatusBadge } from '../../components/status-badge';
import { groupPlan, objectKeyOf, objectLabel, orderOutcomes, outcomeTone } from './describe-plan';
import { UnifiedDiff } from './unified-diff';

/** The ▸ of a button that opens something below it (turned by CSS when open; not part of the button's name). */
export function DisclosureMark() {
  return <span className="disclosure-mark" aria-hidden="true">▸</span>;
}

/** One object of a plan or push: its name opens its diff; problems (red) and notes (grey) always show. */
export function ObjectRow({ item, extra, children }: { item: PlanItem; extra?: ReactNode; children?: ReactNode }) {
  const id = useId();
  const [open, setOpen] = useState(false);
  const label = objectLabel(item);
  return (
    <li className="object-row">
      <div className="object-head">
        {item.diff ? (
          <button type="button" className="disclosure" aria-expanded={open} aria-controls={`${id}-diff`} onClick={() => setOpen(!open)}><DisclosureMark /><span className="disclosure-label">{label}</span></button>
        ) : <span className="object-name">{label}</span>}
        {extra}
      </div>
      {item.problems.map((p) => <p key={p} className="object-problem">{p}</p>)}
      {item.note ? <p className="object-note">{item.note}</p> : null}
      {children}
      {item.diff ? <div id={`${id}-diff`} hidden={!open}>{open ? <UnifiedDiff diff={item.diff} /> : null}</div> : null}
    </li>
  );
}

/** A plan grouped by action (Create, Update, Delete, Unchanged), with counts. */
export function PlanGroups({ items }: { items: PlanItem[] }) {
  const id = useId();
  return (
    <>
      {groupPlan(items).map((g) => (
        <section key={g.action} className="plan-group" aria-labelledby={`${id}-${g.action}`}>
          <h3 id={`${id}-${g.action}`}>{g.heading} <StatusBadge tone={g.tone}>{String(g.items.length)}</StatusBadge></h3>
          <ul className="object-list">
            {g.items.map((item) => <ObjectRow key={objectKeyOf(item)} item={item} extra={item.problems.length > 0 ? <StatusBadge tone="bad">will fail</StatusBadge> : null} />)}
          </ul>
        </section>
      ))}
    </>
  );
}

/** The outcome of every object of a push, failures first. */
export function PushOutcomeList({ items, label }: { items: PushItem[]; label: string }) {
  return (
    <ul className="object-list" aria-label={label}>
      {orderOutcomes(items).map((item) => (
        <ObjectRow key={objectKeyOf(item)} item={{ ...item, problems: item.outcome === 'failed' ? [] : item.problems }} extra={<StatusBadge tone={outcomeTone(item.outcome)}>{item.outcome}</StatusBadge>}>
          {item.message && item.message !== item.outcome && item.message !== item.note
            ? <p className={item.outcome === 'failed' ? 'object-problem' : 'object-note'}>{item.message}</p>
            : null}
        </ObjectRow>
      ))}
    </ul>
  );
}
