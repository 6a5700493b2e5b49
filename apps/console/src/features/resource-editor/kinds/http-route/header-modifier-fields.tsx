'use client';

import { ArrayField, StringListField, TextField } from '../../fields';

/** RequestHeaderModifier / ResponseHeaderModifier: headers to set (replace), to add (append) and to remove. */
export function HeaderModifierFields({ path, direction }: { path: string; direction: 'request' | 'response' }) {
  const list = (key: 'set' | 'add', legend: string, noun: string) => (
    <ArrayField name={`${path}.${key}`} legend={legend} itemNoun={noun} newItem={() => ({ name: '', value: '' })}>
      {(_i, p) => (
        <div className="form-grid">
          <TextField name={`${p}.name`} label="Header name" />
          <TextField name={`${p}.value`} label="Header value" />
        </div>
      )}
    </ArrayField>
  );
  return (
    <>
      {list('set', `Set on the ${direction} (replaces any value)`, 'header to set')}
      {list('add', `Add to the ${direction} (keeps existing values)`, 'header to add')}
      <div className="form-grid">
        <StringListField name={`${path}.remove`} label="Headers to remove" placeholder="X-Debug, X-Internal" hint="Optional; separate with commas." />
      </div>
    </>
  );
}
