'use client';

import { useId } from 'react';
import { useController, useFormContext } from 'react-hook-form';
import { NumberField, StringListField } from '../../fields';

/** "Allow credentials" as a checkbox that writes true or nothing (absent is false), so an untouched form adds no field. */
function CredentialsField({ name }: { name: string }) {
  const { control } = useFormContext();
  const { field } = useController({ name, control });
  const id = `${useId()}-credentials`;
  return (
    <div className="field check-field">
      <span className="check-row">
        <input id={id} type="checkbox" ref={field.ref} checked={field.value === true} onChange={(e) => field.onChange(e.target.checked ? true : undefined)} onBlur={field.onBlur} />
        <label htmlFor={id}>Allow credentials (cookies, authorization)</label>
      </span>
    </div>
  );
}

/** CORS: which origins may call, with which methods and headers, and how long browsers cache the answer. */
export function CorsFilterFields({ path }: { path: string }) {
  return (
    <div className="form-grid">
      <StringListField name={`${path}.allowOrigins`} label="Allowed origins" placeholder="https://app.example.com, https://*.example.org" hint="Separate with commas; * alone allows any origin." />
      <StringListField name={`${path}.allowMethods`} label="Allowed methods" placeholder="GET, POST" hint="GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE, PATCH, or * alone." />
      <StringListField name={`${path}.allowHeaders`} label="Allowed request headers" placeholder="Content-Type, Authorization" />
      <StringListField name={`${path}.exposeHeaders`} label="Headers exposed to scripts" placeholder="X-Request-Id" />
      <CredentialsField name={`${path}.allowCredentials`} />
      <NumberField name={`${path}.maxAge`} label="Preflight cache (seconds)" min={1} placeholder="5" hint="Optional, 5 by default" />
    </div>
  );
}
