'use client';

import { useFormContext } from 'react-hook-form';
import { CarrierPicker, NamespacePicker, ServicePicker, ServicePortPicker } from '../../references/reference-pickers';
import { ArrayField, CheckboxField, SelectField, TextField, useFieldValue } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { MetadataFields } from './metadata-fields';

/** FSM's UpstreamTLSPolicy: per Service port, the Secret whose ca.crt verifies the upstream. */
export function UpstreamTlsPolicyFields({ mode }: FieldsProps) {
  return (
    <>
      <MetadataFields mode={mode} />
      <fieldset className="array-field">
        <legend>Target</legend>
        <div className="form-grid">
          <SelectField name="spec.targetRef.kind" label="Kind" options={[{ value: 'Service', label: 'Service' }]} />
          <ServicePicker name="spec.targetRef.name" label="Service" namespaceField="spec.targetRef.namespace" />
          <NamespacePicker name="spec.targetRef.namespace" label="Service namespace" placeholder="the policy's" hint="Another namespace needs a ReferenceGrant there" />
        </div>
      </fieldset>
      <ArrayField name="spec.ports" legend="Ports" itemNoun="port" min={1} hint="The Service port (not its target port) and the CA the gateway verifies that upstream with."
        newItem={() => ({ port: 443, config: { certificateRef: { name: '' }, mTLS: false } })}>
        {(_i, p) => (
          <div className="form-grid">
            <ServicePortPicker name={`${p}.port`} label="Service port" serviceField="spec.targetRef.name" namespaceField="spec.targetRef.namespace" />
            <CarrierPicker name={`${p}.config.certificateRef.name`} label="CA Secret" kind="Secret" purpose="ca" namespaceField={`${p}.config.certificateRef.namespace`} hint="Its ca.crt verifies the upstream certificate" />
            <NamespacePicker name={`${p}.config.certificateRef.namespace`} label="Secret namespace" placeholder="the policy's" />
            <CheckboxField name={`${p}.config.mTLS`} label="Mutual TLS" hint="Also present the Secret's tls.crt and tls.key" />
          </div>
        )}
      </ArrayField>
    </>
  );
}

/** One caCertificateRefs entry: a ConfigMap or a Secret of the policy's namespace holding ca.crt. */
function CaRefFields({ path }: { path: string }) {
  const kind = useFieldValue<string>(`${path}.kind`) === 'Secret' ? 'Secret' : 'ConfigMap';
  return (
    <div className="form-grid">
      <SelectField name={`${path}.kind`} label="Kind" options={[{ value: 'ConfigMap', label: 'ConfigMap' }, { value: 'Secret', label: 'Secret' }]} />
      <CarrierPicker key={kind} name={`${path}.name`} label={`CA ${kind}`} kind={kind} purpose="ca" hint="Its ca.crt verifies the upstream certificate" />
    </div>
  );
}

/** Gateway API BackendTLSPolicy: targets, and a CA from ConfigMaps/Secrets or the system trust store. */
export function BackendTlsPolicyFields({ mode }: FieldsProps) {
  const { setValue } = useFormContext();
  const wellKnown = useFieldValue<string>('spec.validation.wellKnownCACertificates');
  const useSystem = wellKnown === 'System';
  const toggleSystem = (on: boolean) => {
    // caCertificateRefs and wellKnownCACertificates exclude each other (CEL on BackendTLSPolicyValidation).
    setValue('spec.validation.wellKnownCACertificates', on ? 'System' : undefined);
    setValue('spec.validation.caCertificateRefs', on ? undefined : [{ group: '', kind: 'ConfigMap', name: '' }]);
  };
  return (
    <>
      <MetadataFields mode={mode} />
      <ArrayField name="spec.targetRefs" legend="Targets" itemNoun="target" min={1} newItem={() => ({ group: '', kind: 'Service', name: '' })}>
        {(_i, t) => (
          <div className="form-grid">
            <ServicePicker name={`${t}.name`} label="Service" />
            <ServicePortPicker name={`${t}.sectionName`} label="Port name" placeholder="every port" by="name" serviceField={`${t}.name`} />
          </div>
        )}
      </ArrayField>
      <fieldset className="array-field">
        <legend>Validation</legend>
        <div className="form-grid">
          <TextField name="spec.validation.hostname" label="Hostname" hint="Sent as SNI; the certificate must name it" />
        </div>
        <div className="field check-field">
          <span className="check-row">
            <input id="backend-tls-system" type="checkbox" checked={useSystem} onChange={(e) => toggleSystem(e.target.checked)} />
            <label htmlFor="backend-tls-system">Trust the system CA certificates instead of a CA of my own</label>
          </span>
        </div>
        {useSystem ? null : (
          <ArrayField name="spec.validation.caCertificateRefs" legend="CA certificates (key ca.crt)" itemNoun="CA reference" newItem={() => ({ group: '', kind: 'ConfigMap', name: '' })}>
            {(_i, r) => <CaRefFields path={r} />}
          </ArrayField>
        )}
      </fieldset>
    </>
  );
}

