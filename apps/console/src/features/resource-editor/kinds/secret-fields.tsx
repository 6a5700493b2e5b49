'use client';

import { useId } from 'react';
import { useFieldArray, useFormContext } from 'react-hook-form';
import { formatBytes } from '../../resource-detail/describe/spec-words';
import { FieldMessage, TextAreaField, TextField, useFieldValue } from '../fields';
import type { FieldsProps } from '../resource-editor';
import type { SecretEntry } from './secret.codec';
import { MetadataFields } from './metadata-fields';
import { readFileValue } from './file-value';

const TYPES = ['Opaque', 'kubernetes.io/tls', 'kubernetes.io/basic-auth', 'kubernetes.io/ssh-auth', 'kubernetes.io/dockerconfigjson'];

function FileLoader({ path, label }: { path: string; label: string }) {
  const { setValue } = useFormContext();
  const id = useId();
  return (
    <span className="file-loader">
      <label htmlFor={id} className="button small">Load from a file</label>
      <input
        id={id} type="file" className="visually-hidden" aria-label={label}
        onChange={async (e) => {
          const file = e.target.files?.[0];
          if (!file) return;
          const { value, encoding } = await readFileValue(file);
          setValue(`${path}.value`, value, { shouldDirty: true, shouldValidate: true });
          setValue(`${path}.encoding`, encoding, { shouldDirty: true });
          e.target.value = '';
        }}
      />
    </span>
  );
}

/** One key: a stored one (its size; "Replace value" to type a new one) or a new one (key, value, file). */
function EntryFields({ index, onRemove }: { index: number; onRemove: () => void }) {
  const { setValue } = useFormContext();
  const path = `entries.${index}`;
  const entry = useFieldValue<SecretEntry>(path);
  if (!entry) return null;
  if (entry.mode === 'keep') {
    return (
      <div className="array-item" role="group" aria-label={`key ${entry.key}`}>
        <div className="array-item-head">
          <span><strong className="mono">{entry.key}</strong> <span className="muted">stored value kept ({formatBytes(entry.bytes ?? 0)}, never shown)</span></span>
          <button type="button" className="button small" onClick={() => setValue(path, { ...entry, mode: 'set', value: '', encoding: 'text' }, { shouldDirty: true })} aria-label={`Replace the value of ${entry.key}`}>Replace value</button>
        </div>
        <FieldMessage name={`${path}.key`} />
      </div>
    );
  }
  const label = entry.key ? `key ${entry.key}` : `new key ${index + 1}`;
  return (
    <div className="array-item" role="group" aria-label={label}>
      <div className="array-item-head">
        <strong>{entry.key || 'New key'}</strong>
        <span className="row">
          <FileLoader path={path} label={`Load the value of ${entry.key || 'the new key'} from a file`} />
          {entry.bytes === undefined ? <button type="button" className="button small" onClick={onRemove} aria-label={`Remove ${label}`}>Remove</button> : null}
        </span>
      </div>
      <div className="form-grid">
        <TextField name={`${path}.key`} label="Key" disabled={entry.bytes !== undefined} placeholder="ca.crt" />
      </div>
      {entry.encoding === 'base64'
        ? <TextAreaField name={`${path}.value`} label={`Value of ${entry.key || 'the key'} (binary, base64)`} rows={3} />
        : <TextAreaField name={`${path}.value`} label={`Value of ${entry.key || 'the key'}`} rows={5} placeholder="-----BEGIN CERTIFICATE-----" hint="Write-only: after saving, the console shows its size, never the value." />}
    </div>
  );
}

export function SecretFields({ mode }: FieldsProps) {
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name: 'entries' });
  return (
    <>
      <MetadataFields mode={mode} />
      <div className="form-grid">
        <TextField name="type" label="Type" options={TYPES} hint="Opaque for a CA (ca.crt); kubernetes.io/tls for a certificate and key" />
      </div>
      <fieldset className="array-field">
        <legend>Data</legend>
        <p className="hint">Values are write-only: stored values are kept unless you replace them. To delete a stored key, delete and recreate the Secret.</p>
        {fields.map((f, i) => <EntryFields key={f.id} index={i} onRemove={() => remove(i)} />)}
        <button type="button" className="button small" onClick={() => append({ key: '', mode: 'set', value: '', encoding: 'text' })}>Add key</button>
      </fieldset>
    </>
  );
}
