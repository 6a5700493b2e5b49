'use client';

import { TextField } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { useNames } from './use-names';

/** Name and namespace: both chosen at creation and fixed afterwards (the API identifies objects by them). */
export function MetadataFields({ mode, namespaced = true, nameHint }: FieldsProps & { namespaced?: boolean; nameHint?: string }) {
  const namespaces = useNames('namespaces', 'cluster');
  const fixed = mode === 'edit';
  return (
    <div className="form-grid">
      <TextField name="metadata.name" label="Name" disabled={fixed} autoFocus={!fixed} hint={fixed ? 'The name cannot change; create a copy under a new name instead.' : nameHint ?? 'Lower case letters, digits, "-" and "."'} />
      {namespaced ? (
        <TextField name="metadata.namespace" label="Namespace" disabled={fixed} options={namespaces} hint={fixed ? undefined : 'Created if it does not exist yet'} />
      ) : null}
    </div>
  );
}
