'use client';

import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { describedBy, TextField, useFieldError, useFieldValue } from '../../fields';

type Modifier = { type?: string; replaceFullPath?: string; replacePrefixMatch?: string };

const FIELD = { ReplaceFullPath: 'replaceFullPath', ReplacePrefixMatch: 'replacePrefixMatch' } as const;

/**
 * HTTPPathModifier of a redirect or a rewrite: unchanged (no `path`), the whole path replaced, or the matched
 * prefix replaced. The choice is not a registered input: an unchanged path must leave no `path` object behind, and
 * switching keeps what was typed under the field the new type names (CEL ties type to that field).
 */
export function PathModifierFields({ path, verb }: { path: string; verb: string }) {
  const { setValue } = useFormContext();
  const modifier = useFieldValue<Modifier>(path);
  const type = modifier?.type === 'ReplaceFullPath' || modifier?.type === 'ReplacePrefixMatch' ? modifier.type : '';
  const id = `${useId()}-path-type`;
  const typeError = useFieldError(`${path}.type`);
  const pathError = useFieldError(path);
  const error = typeError ?? pathError;
  const hint = 'ReplacePrefixMatch needs exactly one "Path starts with" match in the rule';
  const onChange = (next: string) => {
    const typed = modifier?.replaceFullPath ?? modifier?.replacePrefixMatch ?? '/';
    if (next === 'ReplaceFullPath' || next === 'ReplacePrefixMatch') setValue(path, { type: next, [FIELD[next]]: typed }, { shouldDirty: true });
    else setValue(path, undefined, { shouldDirty: true });
  };
  return (
    <>
      <div className="field">
        <label htmlFor={id}>{`${verb} path`}</label>
        <select id={id} value={type} onChange={(e) => onChange(e.target.value)} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)}>
          <option value="">Keep the request&apos;s path</option>
          <option value="ReplaceFullPath">Replace the whole path</option>
          <option value="ReplacePrefixMatch">Replace the matched prefix</option>
        </select>
        {error ? <span id={`${id}-error`} className="field-error">{error}</span> : <span id={`${id}-hint`} className="hint">{hint}</span>}
      </div>
      {type === '' ? null : (
        <TextField key={type} name={`${path}.${FIELD[type]}`} label={type === 'ReplaceFullPath' ? 'New path' : 'New prefix'} placeholder="/" />
      )}
    </>
  );
}
