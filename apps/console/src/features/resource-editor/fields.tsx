'use client';

import { useId, type ReactNode } from 'react';
import { get, useController, useFieldArray, useFormContext, useWatch, type FieldValues } from 'react-hook-form';

/**
 * Form controls bound to react-hook-form by field path, each with a visible label, its inline error (from the
 * zod schema or from the server, by JSON path) tied to the input with aria-describedby, and an optional hint.
 */

export function useFieldError(name: string): string | undefined {
  const { formState } = useFormContext();
  const e = get(formState.errors, name) as { message?: unknown } | undefined;
  return typeof e?.message === 'string' ? e.message : undefined;
}

/** Every message at or below a path (list fields, whose items have their own paths). */
function useNestedErrors(name: string): string[] {
  const { formState } = useFormContext();
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (!v || typeof v !== 'object') return;
    const m = (v as { message?: unknown }).message;
    if (typeof m === 'string') out.push(m);
    for (const [k, child] of Object.entries(v)) if (k !== 'ref' && k !== 'message' && k !== 'type') walk(child);
  };
  walk(get(formState.errors, name));
  return [...new Set(out)];
}

function Shell({ id, label, hint, error, children, className }: { id: string; label: ReactNode; hint?: ReactNode; error?: string; children: ReactNode; className?: string }) {
  return (
    <div className={`field${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {error ? <span id={`${id}-error`} className="field-error">{error}</span> : hint ? <span id={`${id}-hint`} className="hint">{hint}</span> : null}
    </div>
  );
}

export function describedBy(id: string, error: string | undefined, hint: ReactNode | undefined): string | undefined {
  return error ? `${id}-error` : hint ? `${id}-hint` : undefined;
}

/** Optional text: an emptied input means "not set" (undefined), never "". */
const optionalText = (v: unknown) => (v === '' || v === null ? undefined : v);

export function TextField({ name, label, hint, placeholder, optional = false, disabled = false, options, className, autoFocus }: {
  name: string; label: ReactNode; hint?: ReactNode; placeholder?: string; optional?: boolean; disabled?: boolean;
  /** Suggestions (a datalist): existing object names, for example. */
  options?: readonly string[]; className?: string; autoFocus?: boolean;
}) {
  const { register } = useFormContext();
  const id = `${useId()}-${name.replace(/\W/g, '-')}`;
  const error = useFieldError(name);
  return (
    <Shell id={id} label={label} hint={hint} {...(error ? { error } : {})} {...(className ? { className } : {})}>
      <input
        id={id} placeholder={placeholder} disabled={disabled} autoComplete="off" spellCheck={false} autoFocus={autoFocus}
        list={options && options.length > 0 ? `${id}-list` : undefined}
        aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)}
        {...register(name, optional ? { setValueAs: optionalText } : {})}
      />
      {options && options.length > 0 ? <datalist id={`${id}-list`}>{options.map((o) => <option key={o} value={o} />)}</datalist> : null}
    </Shell>
  );
}

export function NumberField({ name, label, hint, min, max, placeholder, className }: { name: string; label: ReactNode; hint?: ReactNode; min?: number; max?: number; placeholder?: string; className?: string }) {
  const { register } = useFormContext();
  const id = `${useId()}-${name.replace(/\W/g, '-')}`;
  const error = useFieldError(name);
  return (
    <Shell id={id} label={label} hint={hint} {...(error ? { error } : {})} {...(className ? { className } : {})}>
      <input
        id={id} type="number" inputMode="numeric" min={min} max={max} placeholder={placeholder}
        aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)}
        {...register(name, { setValueAs: (v: unknown) => (v === '' || v === null || v === undefined ? undefined : Number(v)) })}
      />
    </Shell>
  );
}

/** A port number or a name (IntOrString targetPort): digits become a number. */
export function PortOrNameField({ name, label, hint }: { name: string; label: ReactNode; hint?: ReactNode }) {
  const { register } = useFormContext();
  const id = `${useId()}-${name.replace(/\W/g, '-')}`;
  const error = useFieldError(name);
  return (
    <Shell id={id} label={label} hint={hint} {...(error ? { error } : {})}>
      <input
        id={id} autoComplete="off" aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)}
        {...register(name, { setValueAs: (v: unknown) => (v === '' || v === undefined || v === null ? undefined : /^\d+$/.test(String(v)) ? Number(v) : v) })}
      />
    </Shell>
  );
}

export function SelectField({ name, label, hint, options, optional = false, numeric = false, onChange, className }: {
  name: string; label: ReactNode; hint?: ReactNode; options: readonly { value: string; label: string }[]; optional?: boolean;
  /** The options are numbers (a redirect's status code): the value is kept as a number. */
  numeric?: boolean;
  onChange?: (value: string) => void; className?: string;
}) {
  const { register } = useFormContext();
  const id = `${useId()}-${name.replace(/\W/g, '-')}`;
  const error = useFieldError(name);
  const asValue = (v: unknown) => {
    const text = optional ? optionalText(v) : v;
    return numeric && text !== undefined ? Number(text) : text;
  };
  const field = register(name, optional || numeric ? { setValueAs: asValue } : {});
  return (
    <Shell id={id} label={label} hint={hint} {...(error ? { error } : {})} {...(className ? { className } : {})}>
      <select
        id={id} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)} {...field}
        onChange={(e) => {
          void field.onChange(e);
          onChange?.(e.target.value);
        }}
      >
        {optional ? <option value="">(not set)</option> : null}
        {options.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
      </select>
    </Shell>
  );
}

export function CheckboxField({ name, label, hint }: { name: string; label: ReactNode; hint?: ReactNode }) {
  const { register } = useFormContext();
  const id = `${useId()}-${name.replace(/\W/g, '-')}`;
  const error = useFieldError(name);
  return (
    <div className="field check-field">
      <span className="check-row">
        <input id={id} type="checkbox" aria-describedby={describedBy(id, error, hint)} {...register(name)} />
        <label htmlFor={id}>{label}</label>
      </span>
      {error ? <span id={`${id}-error`} className="field-error">{error}</span> : hint ? <span id={`${id}-hint`} className="hint">{hint}</span> : null}
    </div>
  );
}

export function TextAreaField({ name, label, hint, rows = 6, placeholder, optional = false }: { name: string; label: ReactNode; hint?: ReactNode; rows?: number; placeholder?: string; optional?: boolean }) {
  const { register } = useFormContext();
  const id = `${useId()}-${name.replace(/\W/g, '-')}`;
  const error = useFieldError(name);
  return (
    <Shell id={id} label={label} hint={hint} {...(error ? { error } : {})} className="wide">
      <textarea
        id={id} rows={rows} placeholder={placeholder} spellCheck={false} className="mono"
        aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)}
        {...register(name, optional ? { setValueAs: optionalText } : {})}
      />
    </Shell>
  );
}

/** A list of strings (hostnames) typed as one line, separated by commas or spaces. */
export function StringListField({ name, label, hint, placeholder }: { name: string; label: ReactNode; hint?: ReactNode; placeholder?: string }) {
  const { control } = useFormContext();
  const { field } = useController({ name, control });
  const id = `${useId()}-${name.replace(/\W/g, '-')}`;
  const errors = useNestedErrors(name);
  const value = Array.isArray(field.value) ? (field.value as unknown[]).map(String).join(', ') : '';
  const error = errors.length > 0 ? errors.join('; ') : undefined;
  return (
    <Shell id={id} label={label} hint={hint} {...(error ? { error } : {})} className="wide">
      <input
        id={id} ref={field.ref} name={field.name} defaultValue={value} key={value} placeholder={placeholder} autoComplete="off" spellCheck={false}
        aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, error, hint)}
        onBlur={(e) => {
          const items = e.target.value.split(/[\s,]+/).filter(Boolean);
          field.onChange(items.length > 0 ? items : undefined);
          field.onBlur();
        }}
      />
    </Shell>
  );
}

/**
 * A repeated group (listeners, rules, ports): a fieldset per item with its own remove button, and an add button.
 * `describeItem` names an item for people ("listener http") in its legend and its remove button.
 */
export function ArrayField<T extends FieldValues>({ name, legend, itemNoun, newItem, describeItem, children, min = 0, hint }: {
  name: string; legend: string; itemNoun: string; newItem: () => T; describeItem?: (index: number) => string;
  children: (index: number, path: string) => ReactNode; min?: number; hint?: ReactNode;
}) {
  const { control } = useFormContext();
  const { fields, append, remove } = useFieldArray({ control, name });
  const errors = useFieldError(name);
  const rootError = useFieldError(`${name}.root`);
  return (
    <fieldset className="array-field">
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {errors || rootError ? <p className="field-error" role="note">{errors ?? rootError}</p> : null}
      {fields.length === 0 ? <p className="muted">None yet.</p> : null}
      {fields.map((f, index) => {
        const label = describeItem?.(index) ?? `${itemNoun} ${index + 1}`;
        return (
          <div key={f.id} className="array-item" role="group" aria-label={label}>
            <div className="array-item-head">
              <strong>{label}</strong>
              <button type="button" className="button small" disabled={fields.length <= min} onClick={() => remove(index)} aria-label={`Remove ${label}`}>Remove</button>
            </div>
            {children(index, `${name}.${index}`)}
          </div>
        );
      })}
      <button type="button" className="button small" onClick={() => append(newItem())}>Add {itemNoun}</button>
    </fieldset>
  );
}

/** Map rows ({key, value}) for labels and selectors. */
export function KeyValueField({ name, legend, keyLabel = 'Key', valueLabel = 'Value', hint }: { name: string; legend: string; keyLabel?: string; valueLabel?: string; hint?: ReactNode }) {
  return (
    <ArrayField name={name} legend={legend} itemNoun="entry" newItem={() => ({ key: '', value: '' })} {...(hint ? { hint } : {})}>
      {(_i, path) => (
        <div className="form-grid">
          <TextField name={`${path}.key`} label={keyLabel} />
          <TextField name={`${path}.value`} label={valueLabel} />
        </div>
      )}
    </ArrayField>
  );
}

/** The value of a field, for fields that show or hide others (protocol → TLS settings). */
export function useFieldValue<T>(name: string): T | undefined {
  const { control } = useFormContext<FieldValues>();
  return useWatch({ control, name }) as T | undefined;
}

/** The error of a field that has no input of its own (a kept Secret key), shown where the person looks. */
export function FieldMessage({ name }: { name: string }) {
  const error = useFieldError(name);
  return error ? <span className="field-error" role="note">{error}</span> : null;
}
