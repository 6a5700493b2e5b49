'use client';

import { TextField } from '../fields';
import type { FieldsProps } from '../resource-editor';
import { MetadataFields } from './metadata-fields';

/** A GatewayClass (cluster-wide). controllerName cannot change once created (CEL `self == oldSelf`). */
export function GatewayClassFields({ mode }: FieldsProps) {
  return (
    <>
      <MetadataFields mode={mode} namespaced={false} />
      <div className="form-grid">
        <TextField name="spec.controllerName" label="Controller" disabled={mode === 'edit'} hint="gatehouse.dev/gateway-controller: Gatehouse serves this class" />
        <TextField name="spec.description" label="Description" optional />
      </div>
    </>
  );
}
