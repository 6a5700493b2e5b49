'use client';

import type { KubeObject } from '@gatehouse/domain/object/meta';
import { LineDiff } from '../../components/line-diff';
import { comparable, toYaml } from './yaml-text';

/**
 * Optimistic concurrency lost: someone saved the object after this edit began (the PUT carried an older
 * metadata.resourceVersion and the API answered 409). Shows what differs between the stored object and this
 * edit, and lets the person take the stored one (Reload) or save theirs over it (Overwrite).
 * @see https://kubernetes.io/docs/reference/using-api/api-concepts/#resource-versions
 */
export function ConflictPanel({ mine, theirs, busy, onReload, onOverwrite, onDismiss }: {
  mine: Record<string, unknown>;
  theirs: KubeObject;
  busy: boolean;
  onReload: () => void;
  onOverwrite: () => void;
  onDismiss: () => void;
}) {
  const who = theirs.metadata.name;
  return (
    <section className="callout warn conflict-panel" aria-labelledby="conflict-title" role="alert">
      <h2 id="conflict-title">{theirs.kind} {who} was changed by someone else</h2>
      <p>
        It was saved again (now version {theirs.metadata.resourceVersion}) after you started editing, so your save was not applied.
        Below, lines marked − are in the stored object and + in your edit.
      </p>
      <LineDiff before={toYaml(comparable(theirs))} after={toYaml(comparable(mine))} beforeLabel="stored now" afterLabel="your edit" />
      <div className="form-actions">
        <button type="button" className="button" onClick={onReload} disabled={busy}>Reload</button>
        <button type="button" className="button danger" onClick={onOverwrite} disabled={busy}>Overwrite</button>
        <button type="button" className="button" onClick={onDismiss} disabled={busy}>Keep editing</button>
        <span className="muted">Reload discards your edit; Overwrite saves your edit over theirs.</span>
      </div>
    </section>
  );
}
