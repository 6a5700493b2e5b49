'use client';

import { useId } from 'react';
import { useFormContext } from 'react-hook-form';
import { CarrierPicker, NamespacePicker } from '../../../references/reference-pickers';
import { ArrayField, SelectField, useFieldValue } from '../../fields';
import { withoutDefaultValidation, type GatewayTls } from './frontend-tls';

const BASE = 'spec.tls.frontend.default.validation';
const KINDS = [{ value: 'ConfigMap', label: 'ConfigMap' }, { value: 'Secret', label: 'Secret' }];
const MODES = [
  { value: 'AllowValidOnly', label: 'Only clients with a valid certificate' },
  { value: 'AllowInsecureFallback', label: 'Also clients without one (insecure fallback)' },
];

/** One CA reference: a ConfigMap or Secret whose ca.crt verifies client certificates. */
function CaRefFields({ path }: { path: string }) {
  const kind = useFieldValue<string>(`${path}.kind`) === 'Secret' ? 'Secret' : 'ConfigMap';
  return (
    <div className="form-grid">
      <SelectField name={`${path}.kind`} label="Kind" options={KINDS} />
      <CarrierPicker key={kind} name={`${path}.name`} label={`CA ${kind}`} kind={kind} purpose="ca" namespaceField={`${path}.namespace`} hint="Its ca.crt verifies client certificates" />
      <NamespacePicker name={`${path}.namespace`} label="CA namespace" placeholder="the Gateway's" hint="Another namespace needs a ReferenceGrant there" />
    </div>
  );
}

/**
 * Gateway-level client certificate validation (spec.tls.frontend.default): the CAs that verify the certificates
 * clients present to HTTPS listeners, and whether clients without a valid one are still served. Per-port
 * overrides stay in the YAML tab.
 */
export function FrontendTlsFields() {
  const { setValue, getValues } = useFormContext();
  const validation = useFieldValue<unknown>(BASE);
  const perPort = useFieldValue<unknown[]>('spec.tls.frontend.perPort');
  const on = validation !== undefined;
  const id = `${useId()}-client-validation`;
  const toggle = (checked: boolean) => {
    if (checked) setValue(BASE, { caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: '' }], mode: 'AllowValidOnly' }, { shouldDirty: true });
    else setValue('spec.tls', withoutDefaultValidation(getValues('spec.tls') as GatewayTls | undefined), { shouldDirty: true });
  };
  return (
    <fieldset className="array-field">
      <legend>Client certificates (HTTPS listeners)</legend>
      <div className="field check-field">
        <span className="check-row">
          <input id={id} type="checkbox" checked={on} onChange={(e) => toggle(e.target.checked)} />
          <label htmlFor={id}>Ask clients for a certificate and verify it</label>
        </span>
      </div>
      {on ? (
        <>
          <div className="form-grid">
            <SelectField name={`${BASE}.mode`} label="Serve" options={MODES} />
          </div>
          <ArrayField name={`${BASE}.caCertificateRefs`} legend="CA certificates (key ca.crt)" itemNoun="CA reference" min={1}
            newItem={() => ({ group: '', kind: 'ConfigMap', name: '' })}>
            {(_i, r) => <CaRefFields path={r} />}
          </ArrayField>
        </>
      ) : null}
      {(perPort?.length ?? 0) > 0 ? <p className="hint">This Gateway also has per-port settings; edit them in the YAML tab.</p> : null}
    </fieldset>
  );
}
