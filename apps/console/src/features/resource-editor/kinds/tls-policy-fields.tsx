'use client';

import { useFormContext } from 'react-hook-form';
import { ArrayField, CheckboxField, NumberField, SelectField, TextField, useFieldValue } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { MetadataFields } from './metadata-fields';
import { useNames } from './use-names';

/** FSM's UpstreamTLSPolicy: per Service port, the Secret whose ca.crt verifies the upstream. */
export function UpstreamTlsPolicyFields({ mode }: FieldsProps) {
  const services = useNames('services');
  const secrets = useNames('secrets');
  return (
    <>
      <MetadataFields mode={mode} />
      <fieldset className="array-field">
        <legend>Target</legend>
        <div className="form-grid">
          <SelectField name="spec.targetRef.kind" label="Kind" options={[{ value: 'Service', label: 'Service' }]} />
          <TextField name="spec.targetRef.name" label="Service" options={services} />
          <TextField name="spec.targetRef.namespace" label="Service namespace" optional placeholder="this one" />
        </div>
      </fieldset>
      <ArrayField name="spec.ports" legend="Ports" itemNoun="port" min={1} hint="The Service port (not its target port) and the CA the gateway verifies that upstream with."
        newItem={() => ({ port: 443, config: { certificateRef: { name: '' }, mTLS: false } })}>
        {(_i, p) => (
          <div className="form-grid">
            <NumberField name={`${p}.port`} label="Service port" min={1} max={65535} />
            <TextField name={`${p}.config.certificateRef.name`} label="CA Secret" options={secrets} hint="Its ca.crt verifies the upstream certificate" />
            <TextField name={`${p}.config.certificateRef.namespace`} label="Secret namespace" optional placeholder="this one" />
            <CheckboxField name={`${p}.config.mTLS`} label="Mutual TLS" hint="Also present the Secret's tls.crt and tls.key" />
          </div>
        )}
      </ArrayField>
    </>
  );
}

/** Gateway API BackendTLSPolicy: targets, and a CA from ConfigMaps/Secrets or the system trust store. */
export function BackendTlsPolicyFields({ mode }: FieldsProps) {
  const { setValue } = useFormContext();
  const services = useNames('services');
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
            <TextField name={`${t}.name`} label="Service" options={services} />
            <TextField name={`${t}.sectionName`} label="Port name" optional placeholder="every port" />
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
            {(_i, r) => (
              <div className="form-grid">
                <SelectField name={`${r}.kind`} label="Kind" options={[{ value: 'ConfigMap', label: 'ConfigMap' }, { value: 'Secret', label: 'Secret' }]} />
                <TextField name={`${r}.name`} label="Name" />
              </div>
            )}
          </ArrayField>
        )}
      </fieldset>
    </>
  );
}

