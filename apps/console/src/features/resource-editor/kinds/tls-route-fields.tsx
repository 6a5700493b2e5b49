'use client';

import { GatewayPicker, ListenerPicker, NamespacePicker, ServicePicker, ServicePortPicker } from '../../references/reference-pickers';
import { ArrayField, NumberField, StringListField } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { MetadataFields } from './metadata-fields';

/**
 * A TLSRoute: the TLS listeners it attaches to, the server names (SNI) it serves and the one rule's backends
 * (the v1 CRD allows exactly one rule).
 * @see https://gateway-api.sigs.k8s.io/reference/spec/#tlsroute
 */
export function TlsRouteFields({ mode }: FieldsProps) {
  return (
    <>
      <MetadataFields mode={mode} />
      <ArrayField name="spec.parentRefs" legend="Attach to" itemNoun="parent Gateway" hint="TLS listeners (protocol TLS) of these Gateways; HTTP and HTTPS listeners do not take TLS routes."
        newItem={() => ({ name: '' })}>
        {(_i, p) => (
          <div className="form-grid">
            <GatewayPicker name={`${p}.name`} label="Gateway" namespaceField={`${p}.namespace`} />
            <ListenerPicker name={`${p}.sectionName`} label="Listener name" placeholder="any" by="name" gatewayField={`${p}.name`} namespaceField={`${p}.namespace`} />
            <NamespacePicker name={`${p}.namespace`} label="Gateway namespace" placeholder="the route's" />
          </div>
        )}
      </ArrayField>
      <StringListField name="spec.hostnames" label="Server names (SNI)" placeholder="db.example.com, *.example.org" hint="Required; separate with commas. Connections whose TLS server name matches one of these take this route." />
      <ArrayField name="spec.rules.0.backendRefs" legend="Send connections to" itemNoun="backend" min={1} hint="Connections are split by weight; one that lands on a backend that does not resolve is closed."
        newItem={() => ({ name: '', port: 443 })}>
        {(_i, b) => (
          <div className="form-grid">
            <ServicePicker name={`${b}.name`} label="Service" namespaceField={`${b}.namespace`} />
            <ServicePortPicker name={`${b}.port`} label="Service port" serviceField={`${b}.name`} namespaceField={`${b}.namespace`} />
            <NumberField name={`${b}.weight`} label="Weight" min={0} placeholder="1" hint="Optional, 1 by default" />
            <NamespacePicker name={`${b}.namespace`} label="Service namespace" placeholder="the route's" hint="Another namespace needs a ReferenceGrant there" />
          </div>
        )}
      </ArrayField>
    </>
  );
}
