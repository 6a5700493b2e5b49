'use client';

import { NumberField, SelectField, TextField } from '../../fields';
import { PathModifierFields } from './path-modifier-fields';

const SCHEMES = [{ value: 'http', label: 'http' }, { value: 'https', label: 'https' }];
const STATUS_CODES = [
  { value: '301', label: '301 Moved Permanently' },
  { value: '302', label: '302 Found' },
  { value: '303', label: '303 See Other' },
  { value: '307', label: '307 Temporary Redirect' },
  { value: '308', label: '308 Permanent Redirect' },
];

/** RequestRedirect: the gateway answers with a redirect instead of forwarding (the rule must have no backends). */
export function RedirectFilterFields({ path }: { path: string }) {
  return (
    <>
      <div className="form-grid">
        <SelectField name={`${path}.scheme`} label="Scheme" options={SCHEMES} optional hint="Optional; the request's by default" />
        <TextField name={`${path}.hostname`} label="Hostname" optional placeholder="the request's" />
        <NumberField name={`${path}.port`} label="Port" min={1} max={65535} placeholder="the scheme's" hint="Optional" />
        <SelectField name={`${path}.statusCode`} label="Status code" options={STATUS_CODES} optional numeric hint="Optional, 302 by default" />
      </div>
      <div className="form-grid">
        <PathModifierFields path={`${path}.path`} verb="Redirect" />
      </div>
    </>
  );
}
