import { z } from 'zod';
import { DataKeySchema } from '../config/data-key.schema';
import { Dns1123LabelSchema, Dns1123SubdomainSchema } from '../object/meta';

/**
 * Binds a certificate to a Secret or ConfigMap that Gatehouse then keeps in step with it (renewals included):
 * - `tls`: a `kubernetes.io/tls` Secret — `tls.crt` (certificate + intermediates), `tls.key`, and `ca.crt`
 *   (the chain's root) when `includeCa`; what Gateway listeners and mTLS client certificates use;
 * - `ca-bundle`: `ca.crt` only — the CA itself for a CA certificate (plus its issuers), the issuers for a leaf;
 *   the shape of the seed's `https-cert` Secret and of BackendTLSPolicy's ConfigMap (`kind: ConfigMap`);
 * - `custom`: the same parts under names of your choice, e.g. `server-cert.pem` / `server-key.pem` (the seed's
 *   `server-cert` Secret).
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#tls-secrets
 */
export const BindingKeysSchema = z
  .object({
    certificate: DataKeySchema.optional().describe('certificate + intermediates, PEM'),
    privateKey: DataKeySchema.optional().describe('PKCS#8 PEM'),
    ca: DataKeySchema.optional().describe('the CA bundle, PEM'),
  })
  .strict();
export type BindingKeys = z.infer<typeof BindingKeysSchema>;

export const BindingShapeSchema = z.enum(['tls', 'ca-bundle', 'custom']);
export type BindingShape = z.infer<typeof BindingShapeSchema>;

export const BindToSecretSchema = z
  .object({
    kind: z.enum(['Secret', 'ConfigMap']).default('Secret'),
    namespace: Dns1123LabelSchema,
    name: Dns1123SubdomainSchema,
    shape: BindingShapeSchema,
    includeCa: z.boolean().default(false).describe('tls shape: also write ca.crt'),
    keys: BindingKeysSchema.optional().describe('custom shape: data key names'),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.kind === 'ConfigMap' && v.shape !== 'ca-bundle') ctx.addIssue({ code: 'custom', path: ['shape'], message: 'a ConfigMap holds a CA bundle only (no private key outside a Secret)' });
    if (v.shape === 'custom') {
      const names = Object.values(v.keys ?? {});
      if (names.length === 0) ctx.addIssue({ code: 'custom', path: ['keys'], message: 'name at least one of certificate, privateKey, ca' });
      if (new Set(names).size !== names.length) ctx.addIssue({ code: 'custom', path: ['keys'], message: 'each part needs its own key name' });
    } else if (v.keys !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['keys'], message: 'keys apply to the custom shape only' });
    }
    if (v.includeCa && v.shape !== 'tls') ctx.addIssue({ code: 'custom', path: ['includeCa'], message: 'includeCa applies to the tls shape only' });
  });
export type BindToSecret = z.infer<typeof BindToSecretSchema>;
