'use client';

import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { ArrayField, TextAreaField, TextField } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { readFileValue } from './file-value';
import { MetadataFields } from './metadata-fields';

function LoadText({ path }: { path: string }) {
  const { setValue } = useFormContext();
  const id = useId();
  return (
    <span className="file-loader">
      <label htmlFor={id} className="button small">Load from a file</label>
      <input id={id} type="file" className="visually-hidden" onChange={async (e) => {
        const file = e.target.files?.[0];
        if (!file) return;
        const { value, encoding } = await readFileValue(file);
        if (encoding === 'text') setValue(`${path}.value`, value, { shouldDirty: true, shouldValidate: true });
        e.target.value = '';
      }} />
    </span>
  );
}

/** A ConfigMap's text data as rows (BackendTLSPolicy reads a CA bundle from key ca.crt). Binary data: YAML tab. */
export function ConfigMapFields({ mode }: FieldsProps) {
  return (
    <>
      <MetadataFields mode={mode} />
      <ArrayField name="data" legend="Data" itemNoun="key" newItem={() => ({ key: '', value: '' })}>
        {(_i, path) => (
          <>
            <div className="form-grid">
              <TextField name={`${path}.key`} label="Key" placeholder="ca.crt" />
              <div className="field"><span className="label">File</span><LoadText path={path} /></div>
            </div>
            <TextAreaField name={`${path}.value`} label="Value" rows={5} />
          </>
        )}
      </ArrayField>
    </>
  );
}
