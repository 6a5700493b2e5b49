'use client';

import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useController, useFormContext } from 'react-hook-form';
import { describedBy, useFieldError } from '../resource-editor/fields';
import { filterOptions, type PickerOption } from './describe-candidate';
import { formatPickerValue, parsePickerText, type PickerValue } from './picker-value';
import { useReferenceCheck } from './reference-checks';
import { ReferenceVerdict } from './reference-verdict';
import './references.css';

/**
 * A reference field as a combobox (WAI-ARIA combobox with a listbox popup): it offers the existing objects of the
 * right kind and namespace — typing filters them, ArrowUp/ArrowDown move, Enter picks, Escape closes — and still
 * takes any text, for an object that will be created later. Below it, the server's verdict about the reference
 * (debounced as the person types) or the field's own schema error.
 * @see https://www.w3.org/WAI/ARIA/apg/patterns/combobox/
 */
export function ReferencePicker({ name, label, options, loading = false, valueAs = 'text', placeholder, hint, verdictFor, className, disabled = false, emptyText }: {
  name: string;
  label: ReactNode;
  options: readonly PickerOption[];
  loading?: boolean;
  valueAs?: PickerValue;
  placeholder?: string;
  hint?: ReactNode;
  /** The form field whose verdict shows here (default: this field). */
  verdictFor?: string;
  className?: string;
  disabled?: boolean;
  /** Said in the list when nothing exists to pick. */
  emptyText?: string;
}) {
  const { control } = useFormContext();
  const { field } = useController({ name, control });
  const id = `${useId()}-${name.replace(/\W/g, '-')}`;
  const listId = `${id}-list`;
  const error = useFieldError(name);
  const { check, pending } = useReferenceCheck(verdictFor ?? name);
  const [text, setText] = useState(() => formatPickerValue(field.value));
  const [open, setOpen] = useState(false);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(-1);
  const listRef = useRef<HTMLUListElement>(null);

  // The value can change from elsewhere (the YAML tab, a reset, a pick): show it unless it is what is typed.
  useEffect(() => {
    if (!Object.is(parsePickerText(text, valueAs), field.value)) setText(formatPickerValue(field.value));
    // Only an outside change of the value should rewrite the text (not each keystroke).
  }, [field.value]);

  const shown = filterOptions(options, query);
  // Typed in full: nothing left to choose, so the list gets out of the way.
  const exact = query !== '' && shown.length === 1 && shown[0]?.value === text;
  const expanded = open && !exact && (shown.length > 0 || (query === '' && !loading && emptyText !== undefined));

  useEffect(() => {
    if (!expanded || active < 0) return;
    listRef.current?.querySelector<HTMLElement>(`[data-index="${active}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [expanded, active]);

  const write = (next: string) => {
    setText(next);
    field.onChange(parsePickerText(next, valueAs));
  };
  const choose = (o: PickerOption) => {
    write(o.value);
    setOpen(false);
    setQuery('');
    setActive(-1);
  };
  const openAll = () => {
    setQuery('');
    setOpen(true);
    setActive(Math.max(0, options.findIndex((o) => o.value === text)));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!expanded) {
        openAll();
        return;
      }
      const n = shown.length;
      if (n === 0) return;
      setActive((a) => (e.key === 'ArrowDown' ? (a + 1) % n : (a <= 0 ? n - 1 : a - 1)));
    } else if (e.key === 'Enter') {
      const o = expanded && active >= 0 ? shown[active] : undefined;
      if (o) {
        e.preventDefault();
        choose(o);
      }
    } else if (e.key === 'Escape') {
      if (expanded) {
        e.preventDefault();
        e.stopPropagation();
        setOpen(false);
      }
    } else if (e.key === 'Tab') {
      setOpen(false);
    }
  };

  const verdictId = `${id}-verdict`;
  const describe = [describedBy(id, error, check ? undefined : hint), !error && check ? verdictId : undefined].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field picker${className ? ` ${className}` : ''}`}>
      <label htmlFor={id}>{label}</label>
      <div className="picker-box">
        <input
          id={id} ref={field.ref} name={field.name} value={text} placeholder={placeholder} disabled={disabled}
          role="combobox" aria-autocomplete="list" aria-expanded={expanded} aria-controls={listId}
          aria-activedescendant={expanded && active >= 0 && active < shown.length ? `${id}-opt-${active}` : undefined}
          autoComplete="off" spellCheck={false} aria-invalid={error ? true : undefined} aria-describedby={describe}
          onChange={(e) => {
            write(e.target.value);
            setQuery(e.target.value);
            setOpen(true);
            setActive(-1);
          }}
          onClick={() => (expanded ? setOpen(false) : openAll())}
          onKeyDown={onKeyDown}
          onBlur={() => {
            setOpen(false);
            field.onBlur();
          }}
        />
        <ul id={listId} ref={listRef} role="listbox" aria-label={typeof label === 'string' ? `${label}: existing objects` : 'existing objects'} className="picker-list" hidden={!expanded}>
          {expanded && shown.length === 0 ? <li className="picker-empty" role="presentation">{emptyText}</li> : null}
          {expanded
            ? shown.map((o, i) => (
                <li
                  key={`${o.value}|${o.meta ?? ''}`} id={`${id}-opt-${i}`} data-index={i} role="option" aria-selected={i === active}
                  className={`picker-option${i === active ? ' active' : ''}${o.warn ? ' warn' : ''}`}
                  onMouseDown={(e) => e.preventDefault()} onMouseEnter={() => setActive(i)} onClick={() => choose(o)}
                >
                  <span className="picker-option-name">{o.label}</span>
                  {o.meta ? <>{' '}<span className="picker-option-meta">{o.meta}</span></> : null}
                  {o.hint ? <>{' '}<span className="picker-option-hint">{o.hint}</span></> : null}
                </li>
              ))
            : null}
        </ul>
      </div>
      {error ? (
        <span id={`${id}-error`} className="field-error">{error}</span>
      ) : check ? (
        <span aria-live="polite"><ReferenceVerdict check={check} id={verdictId} pending={pending} /></span>
      ) : hint ? (
        <span id={`${id}-hint`} className="hint">{hint}</span>
      ) : null}
    </div>
  );
}
