'use client';

import { TextField } from '../../fields';
import { PathModifierFields } from './path-modifier-fields';

/** URLRewrite: the Host header and the path sent to the backend. */
export function UrlRewriteFilterFields({ path }: { path: string }) {
  return (
    <div className="form-grid">
      <TextField name={`${path}.hostname`} label="Rewrite hostname" optional placeholder="the request's" hint="Optional; sent as the Host header" />
      <PathModifierFields path={`${path}.path`} verb="Rewrite" />
    </div>
  );
}
