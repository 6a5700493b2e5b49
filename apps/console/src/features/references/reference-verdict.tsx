'use client';

import type { ReferenceCheck, ReferenceStatus } from '@gatehouse/domain/references/reference-check.schema';
import { useState } from 'react';
import { CreateCaDialog } from './create-ca-dialog';
import { useReferenceCheck } from './reference-checks';

/** The lead word of a warning: what kind of trouble it is. */
export const STATUS_WORDS: Readonly<Record<ReferenceStatus, string>> = {
  ok: 'Found',
  missing: 'Not found',
  unusable: 'Cannot be used',
  refused: 'Not allowed',
};

/**
 * One reference's verdict, beside its field: a quiet line when the object is there and usable, a warning
 * otherwise (saving stays possible: Kubernetes allows references to objects made later). A missing CA Secret or
 * ConfigMap can be created on the spot from a certificate of the inventory.
 */
export function ReferenceVerdict({ check, id, pending = false }: { check: ReferenceCheck; id?: string; pending?: boolean }) {
  const [creating, setCreating] = useState(false);
  const ok = check.status === 'ok';
  return (
    <span id={id} className={`reference-verdict ${ok ? 'ok' : 'warn'}${pending ? ' pending' : ''}`} data-status={check.status}>
      <span className="reference-verdict-mark" aria-hidden="true">{ok ? '✓' : '!'}</span>
      <span className="reference-verdict-text">
        {ok ? null : <strong>{STATUS_WORDS[check.status]}: </strong>}
        {check.message}
        {check.fix ? (
          <>
            {' '}
            <button type="button" className="link-button reference-fix" onClick={() => setCreating(true)}>Create it from a certificate</button>
            {creating ? <CreateCaDialog fix={check.fix} open={creating} onClose={() => setCreating(false)} /> : null}
          </>
        ) : null}
      </span>
    </span>
  );
}

/** The verdict about a field that has no picker of its own (a kind chosen in a select, say). */
export function FieldVerdict({ field }: { field: string }) {
  const { check, pending } = useReferenceCheck(field);
  if (!check) return null;
  return <div className="field-verdict" aria-live="polite"><ReferenceVerdict check={check} pending={pending} /></div>;
}
