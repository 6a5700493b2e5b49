'use client';

import { useState, type ClipboardEvent, type KeyboardEvent } from 'react';
import { detectSanKind, SAN_KIND_LABELS, splitSanInput } from './san-kind';

/**
 * One input for every kind of subject alternative name: type or paste names, and each becomes a chip that says
 * what it was read as (DNS name, IP address, URI, e-mail) or why it cannot be one. Enter, comma, space and
 * leaving the field commit the text; Backspace in the empty field takes the last chip back for editing.
 */
export function SanChipInput({ id, values, onChange, errors, describedBy, invalid }: {
  id: string;
  values: readonly string[];
  onChange: (values: string[]) => void;
  /** Messages by chip index (from the form's schema or the server). */
  errors: Readonly<Record<number, string | undefined>>;
  describedBy: string;
  invalid: boolean;
}) {
  const [text, setText] = useState('');
  const commit = (raw: string) => {
    const entries = splitSanInput(raw).filter((e) => !values.includes(e));
    if (entries.length > 0) onChange([...values, ...entries]);
    setText('');
  };
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',' || e.key === ' ') {
      if (text.trim() !== '') {
        e.preventDefault();
        commit(text);
      } else if (e.key !== 'Enter') {
        e.preventDefault();
      }
      // Enter on an empty field submits the step, as in any form.
    } else if (e.key === 'Backspace' && text === '' && values.length > 0) {
      e.preventDefault();
      setText(values[values.length - 1] ?? '');
      onChange(values.slice(0, -1));
    }
  };
  const onPaste = (e: ClipboardEvent<HTMLInputElement>) => {
    const pasted = e.clipboardData.getData('text');
    if (/[\s,]/.test(pasted.trim())) {
      e.preventDefault();
      commit(`${text} ${pasted}`);
    }
  };
  return (
    <div className={`chip-input${invalid ? ' invalid' : ''}`}>
      {values.length > 0 ? (
        <ul className="chips" aria-label="Names added">
          {values.map((v, i) => {
            const detected = detectSanKind(v);
            const problem = errors[i] ?? ('error' in detected ? detected.error : undefined);
            return (
              <li key={v} className={`chip${problem ? ' bad' : ''}`}>
                <span className="chip-kind">{'kind' in detected ? SAN_KIND_LABELS[detected.kind] : 'Invalid'}</span>
                <span className="chip-value">{v}</span>
                {problem ? <span className="chip-error">{problem}</span> : null}
                <button type="button" className="chip-remove" aria-label={`Remove ${v}`} onClick={() => onChange(values.filter((_, j) => j !== i))}>×</button>
              </li>
            );
          })}
        </ul>
      ) : null}
      <input
        id={id}
        value={text}
        autoComplete="off"
        spellCheck={false}
        placeholder={values.length === 0 ? 'foo.example.com, 10.0.0.1, spiffe://…' : 'add another'}
        aria-describedby={describedBy}
        aria-invalid={invalid ? true : undefined}
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKeyDown}
        onPaste={onPaste}
        onBlur={() => text.trim() !== '' && commit(text)}
      />
    </div>
  );
}
