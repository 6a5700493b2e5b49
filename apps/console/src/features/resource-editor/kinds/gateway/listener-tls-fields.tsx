'use client';

import { CarrierPicker, NamespacePicker } from '../../../references/reference-pickers';
import { ArrayField, SelectField, useFieldValue } from '../../fields';

const MODES = [{ value: 'Terminate', label: 'Terminate at the gateway' }, { value: 'Passthrough', label: 'Pass through to the backend' }];

/** One certificateRefs entry: a Secret (kubernetes.io/tls) or, for another kind, a note that YAML edits it. */
function CertificateRefFields({ path }: { path: string }) {
  const kind = useFieldValue<string>(`${path}.kind`);
  if (kind !== undefined && kind !== 'Secret') return <p className="hint">{`A ${kind} reference; edit it in the YAML tab.`}</p>;
  return (
    <div className="form-grid">
      <CarrierPicker name={`${path}.name`} label="Certificate Secret" kind="Secret" purpose="tls" namespaceField={`${path}.namespace`} hint="A kubernetes.io/tls Secret with tls.crt and tls.key" />
      <NamespacePicker name={`${path}.namespace`} label="Certificate namespace" placeholder="the Gateway's" hint="Another namespace needs a ReferenceGrant there" />
    </div>
  );
}

/**
 * A listener's TLS: the mode and, when the gateway terminates TLS, the certificates it serves (one per key type,
 * chosen by the client's SNI and signature algorithms).
 */
export function ListenerTlsFields({ path, protocol }: { path: string; protocol: string | undefined }) {
  const mode = useFieldValue<string>(`${path}.mode`);
  return (
    <>
      <div className="form-grid">
        <SelectField name={`${path}.mode`} label="TLS mode" options={MODES} {...(protocol === 'HTTPS' ? { hint: 'HTTPS listeners terminate TLS' } : {})} />
      </div>
      {mode === 'Passthrough' ? null : (
        <ArrayField name={`${path}.certificateRefs`} legend="Certificates" itemNoun="certificate" newItem={() => ({ name: '' })}
          hint="Usually one; several when serving both an RSA and an ECDSA certificate.">
          {(_i, c) => <CertificateRefFields path={c} />}
        </ArrayField>
      )}
    </>
  );
}
