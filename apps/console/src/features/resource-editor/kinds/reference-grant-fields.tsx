'use client';

import { NamespacePicker, ObjectPicker } from '../../references/reference-pickers';
import { FieldVerdict } from '../../references/reference-verdict';
import { ArrayField, SelectField, useFieldValue } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { MetadataFields } from './metadata-fields';

const GROUPS = [
  { value: 'gateway.networking.k8s.io', label: 'gateway.networking.k8s.io' },
  { value: 'gateway.flomesh.io', label: 'gateway.flomesh.io' },
  { value: '', label: 'core ("")' },
];
const FROM_KINDS = ['HTTPRoute', 'TLSRoute', 'Gateway', 'ListenerSet', 'UpstreamTLSPolicy', 'BackendTLSPolicy'].map((k) => ({ value: k, label: k }));
const TO_KINDS = ['Service', 'Secret', 'ConfigMap'].map((k) => ({ value: k, label: k }));

/** One `to` entry: a kind of this namespace and, optionally, one object of it. */
function GrantTargetFields({ path }: { path: string }) {
  const kind = useFieldValue<string>(`${path}.kind`) ?? 'Service';
  return (
    <>
      <div className="form-grid">
        <SelectField name={`${path}.group`} label="API group" options={[{ value: '', label: 'core ("")' }, ...GROUPS.slice(0, 2)]} />
        <SelectField name={`${path}.kind`} label="Kind" options={TO_KINDS} />
        <ObjectPicker key={kind} name={`${path}.name`} label={`${kind} name`} kind={kind} optional placeholder="every one" />
      </div>
      <FieldVerdict field={`${path}.kind`} />
    </>
  );
}

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
            <NamespacePicker name={`${p}.namespace`} label="From namespace" optional={false} hint="Where the referring objects live" />
          </div>
        )}
      </ArrayField>
      <ArrayField name="spec.to" legend="To these objects in this namespace" itemNoun="target" min={1} newItem={() => ({ group: '', kind: 'Service' })}>
        {(_i, p) => <GrantTargetFields path={p} />}
      </ArrayField>
    </>
  );
}
