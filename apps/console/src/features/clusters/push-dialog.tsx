'use client';

import { useId, useState } from 'react';
import type { PlanItem } from '@gatehouse/domain/cluster/cluster.schema';
import { Dialog } from '../../components/dialog';
import { ProgressNote } from '../../components/progress-note';
import { previewPush } from './describe-plan';

/**
 * The last look before a push: what will be written, every object prune would delete (by name), and the objects
 * that will fail; prune and force are chosen here, off by default.
 */
export function PushDialog({ open, onClose, cluster, namespaces, items, pending, onPush }: {
  open: boolean;
  onClose: () => void;
  cluster: string;
  namespaces: string[];
  items: PlanItem[];
  pending: boolean;
  onPush: (opts: { prune: boolean; force: boolean }) => void;
}) {
  const id = useId();
  const [prune, setPrune] = useState(false);
  const [force, setForce] = useState(false);
  const preview = previewPush(items, { prune, force });
  return (
    <Dialog open={open} onClose={onClose} title={`Push to ${cluster}`}>
      <form onSubmit={(e) => { e.preventDefault(); onPush({ prune, force }); }}>
        <p>Namespaces {namespaces.join(', ')} as Gatehouse holds them now. <strong>{preview.summary}</strong></p>
        <label className="check" htmlFor={`${id}-prune`}>
          <input id={`${id}-prune`} type="checkbox" checked={prune} onChange={(e) => setPrune(e.target.checked)} />
          <span><strong>Prune</strong><span className="sub">Delete objects Gatehouse pushed before and no longer has. Objects it did not push are never deleted.</span></span>
        </label>
        {prune && preview.deletes.length > 0 ? (
          <div className="callout bad">
            <strong>These objects will be deleted from {cluster}:</strong>
            <ul className="dialog-list" aria-label="Objects that will be deleted">{preview.deletes.map((d) => <li key={d}>{d}</li>)}</ul>
          </div>
        ) : null}
        {prune && preview.deletes.length === 0 ? <p className="muted">Nothing to prune: every object Gatehouse pushed here is still in Gatehouse.</p> : null}
        <label className="check" htmlFor={`${id}-force`}>
          <input id={`${id}-force`} type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
          <span><strong>Force</strong><span className="sub">Take over fields another field manager owns (server-side apply with force). Without it those objects fail and keep the other manager’s values.</span></span>
        </label>
        {preview.conflicts.length > 0 && !force ? (
          <p className="callout warn">{preview.conflicts.length} object{preview.conflicts.length === 1 ? ' conflicts' : 's conflict'} with another field manager and will fail unless Force is on: {preview.conflicts.join(', ')}.</p>
        ) : null}
        {preview.failing.length > 0 ? (
          <div className="callout warn">
            <strong>These objects will fail as they are:</strong>
            <ul className="dialog-list">{preview.failing.map((f) => <li key={f}>{f}</li>)}</ul>
          </div>
        ) : null}
        {pending ? <ProgressNote label={`Pushing to ${cluster}…`} /> : null}
        <div className="form-actions">
          <button type="button" className="button" onClick={onClose}>Cancel</button>
          <button type="submit" className={`button ${prune && preview.deletes.length > 0 ? 'danger' : 'primary'}`} disabled={pending}>
            {pending ? 'Pushing…' : prune && preview.deletes.length > 0 ? `Push and delete ${preview.deletes.length}` : 'Push'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
