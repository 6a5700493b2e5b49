import type { FieldValues, ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import { codecResolver } from './codec-resolver';
import { editableObject } from './editable-object';
import { flattenErrors } from './error-paths';
import { gatewayCodec, type GatewayForm } from './kinds/codecs';
import { withoutDefaultValidation } from './kinds/gateway/frontend-tls';
import { readYamlObject, toYaml } from './yaml-text';

const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<FieldValues>;

async function problems(values: GatewayForm): Promise<Record<string, string>> {
  const r = await codecResolver(gatewayCodec)(values, undefined, options as unknown as ResolverOptions<GatewayForm>);
  return Object.fromEntries(flattenErrors(r.errors).map((e) => [e.path, e.message]));
}

const HTTPS_GATEWAY = `apiVersion: gateway.networking.k8s.io/v1
kind: Gateway
metadata:
  name: gw
  namespace: httpbin
spec:
  gatewayClassName: gatehouse
  listeners:
    - name: https
      protocol: HTTPS
      port: 8443
      hostname: api.example.com
      tls:
        mode: Terminate
        certificateRefs:
          - name: api-rsa
          - group: ""
            kind: Secret
            name: api-ecdsa
            namespace: certs
        options:
          example.com/ciphers: modern
      allowedRoutes:
        namespaces:
          from: Same
  tls:
    backend:
      clientCertificateRef:
        name: client-cert
    frontend:
      default:
        validation:
          caCertificateRefs:
            - group: ""
              kind: ConfigMap
              name: client-ca
          mode: AllowInsecureFallback
      perPort:
        - port: 9443
          tls:
            validation:
              caCertificateRefs:
                - group: ""
                  kind: Secret
                  name: partner-ca
`;

function readGateway(text: string): GatewayForm {
  const read = readYamlObject(text, 'Gateway');
  if (!read.ok) throw new Error(read.problem);
  return gatewayCodec.toForm(editableObject(read.object));
}

type Spec = { listeners: { tls?: { mode?: string; certificateRefs?: { name: string }[] } }[]; tls?: { frontend?: { default: { validation?: { caCertificateRefs: { group: string; kind: string; name: string }[]; mode?: string } } } } };
const spec = (g: GatewayForm) => g.spec as unknown as Spec;

describe('Gateway form: listener certificates and client certificate validation', () => {
  it('YAML → form → YAML is unchanged with several certificates, TLS options, backend and per-port TLS', async () => {
    const form = readGateway(HTTPS_GATEWAY);
    expect(toYaml(gatewayCodec.toObject(form))).toBe(HTTPS_GATEWAY);
    expect(await problems(form)).toEqual({});
  });

  it('problems with certificates and CA references land on their fields', async () => {
    const form = readGateway(HTTPS_GATEWAY);
    spec(form).listeners[0]!.tls!.certificateRefs![0]!.name = '';
    spec(form).tls!.frontend!.default.validation!.caCertificateRefs = [];
    expect(await problems(form)).toEqual({
      'spec.listeners.0.tls.certificateRefs.0.name': expect.stringContaining('Too small'),
      'spec.tls.frontend.default.validation.caCertificateRefs': expect.stringContaining('Too small'),
    });
    spec(form).listeners[0]!.tls = { mode: 'Terminate', certificateRefs: [] };
    expect(await problems(form)).toMatchObject({ 'spec.listeners.0.tls.certificateRefs': 'certificateRefs or options must be specified when mode is Terminate' });
  });

  it('turning client validation off removes only the default validation', () => {
    const form = readGateway(HTTPS_GATEWAY);
    const tls = withoutDefaultValidation(form.spec.tls as Parameters<typeof withoutDefaultValidation>[0]);
    expect(tls).toEqual({
      backend: { clientCertificateRef: { name: 'client-cert' } },
      frontend: { default: {}, perPort: [{ port: 9443, tls: { validation: { caCertificateRefs: [{ group: '', kind: 'Secret', name: 'partner-ca' }] } } }] },
    });
    // Nothing else in spec.tls: it goes away rather than leave an empty frontend (whose default the CRD requires).
    expect(withoutDefaultValidation({ frontend: { default: { validation: { caCertificateRefs: [] } } } })).toBeUndefined();
    expect(withoutDefaultValidation({ backend: { clientCertificateRef: { name: 'c' } }, frontend: { default: { validation: {} } } })).toEqual({ backend: { clientCertificateRef: { name: 'c' } } });
  });
});
