'use client';

import { ArrayField, SelectField, TextField } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { MetadataFields } from './metadata-fields';

const GROUPS = [
  { value: 'gateway.networking.k8s.io', label: 'gateway.networking.k8s.io' },
  { value: 'gateway.flomesh.io', label: 'gateway.flomesh.io' },
  { value: '', label: 'core ("")' },
];
const FROM_KINDS = ['HTTPRoute', 'Gateway', 'UpstreamTLSPolicy', 'BackendTLSPolicy'].map((k) => ({ value: k, label: k }));
const TO_KINDS = ['Service', 'Secret', 'ConfigMap'].map((k) => ({ value: k, label: k }));

/** A ReferenceGrant: lives in the namespace of the objects referred to. @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/ */
export function ReferenceGrantFields({ mode }: FieldsProps) {
  return (
    <>
      <MetadataFields mode={mode} />
      <ArrayField name="spec.from" legend="Allow references from" itemNoun="source" min={1} newItem={() => ({ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: '' })}>
        {(_i, p) => (
          <div className="form-grid">
            <SelectField name={`${p}.group`} label="API group" options={GROUPS} />
            <SelectField name={`${p}.kind`} label="Kind" options={FROM_KINDS} />
            <TextField name={`${p}.namespace`} label="From namespace" />
          </div>
        )}
      </ArrayField>
      <ArrayField name="spec.to" legend="To these objects in this namespace" itemNoun="target" min={1} newItem={() => ({ group: '', kind: 'Service' })}>
        {(_i, p) => (
          <div className="form-grid">
            <SelectField name={`${p}.group`} label="API group" options={[{ value: '', label: 'core ("")' }, ...GROUPS.slice(0, 2)]} />
            <SelectField name={`${p}.kind`} label="Kind" options={TO_KINDS} />
            <TextField name={`${p}.name`} label="Name" optional placeholder="every one" />
          </div>
        )}
      </ArrayField>
    </>
  );
}
