import type { KubeObject } from '@gatehouse/domain/object/meta';
import { asArr, asNum, asObj, asStr, at } from '../../resources/read-object';
import { formatBytes, type SpecLine, type SpecSection } from './spec-words';

/**
 * Secrets, ConfigMaps, ReferenceGrants and GatewayClasses in words. Secret values never reach the browser: a
 * Secret read from the API carries `dataInfo` (key → size) instead of `data`.
 * @see https://kubernetes.io/docs/concepts/configuration/secret/#secret-types
 */

/** Gatehouse's own controller name (server/status/status-cache.ts CONTROLLER_NAME; a test keeps them equal). */
export const GATEHOUSE_CONTROLLER = 'gatehouse.dev/gateway-controller';

const SECRET_TYPES: Record<string, string> = {
  Opaque: 'Opaque: arbitrary keys and values',
  'kubernetes.io/tls': 'TLS: a certificate (tls.crt) and its private key (tls.key)',
  'kubernetes.io/basic-auth': 'Basic authentication: username and password',
  'kubernetes.io/ssh-auth': 'SSH private key',
  'kubernetes.io/dockerconfigjson': 'Registry credentials (.dockerconfigjson)',
  'kubernetes.io/service-account-token': 'Service account token',
};

/** What a well-known data key holds, for the keys the seed and Gateway API use. */
const KEY_ROLES: Record<string, string> = {
  'ca.crt': 'CA certificate: what upstream TLS policies verify with',
  'tls.crt': 'certificate (chain)',
  'tls.key': 'private key',
  'server-cert.pem': 'server certificate',
  'server-key.pem': 'server private key',
};

export function describeSecretType(type: string | undefined): string {
  return SECRET_TYPES[type ?? 'Opaque'] ?? `Type ${type}`;
}

export function describeSecretSpec(secret: KubeObject): SpecSection[] {
  const info = asObj(at(secret, 'dataInfo')) ?? {};
  const keys: SpecLine[] = Object.keys(info).sort().map((k) => {
    const role = KEY_ROLES[k];
    return { text: `${k}: ${formatBytes(asNum(asObj(info[k])?.bytes) ?? 0)}`, ...(role ? { detail: role } : {}) };
  });
  const general: SpecLine[] = [{ text: describeSecretType(asStr(at(secret, 'type'))) }];
  if (at(secret, 'immutable') === true) general.push({ text: 'Immutable: its data cannot change' });
  return [
    { title: 'Secret', lines: general },
    { title: 'Keys (values are never shown)', lines: keys.length > 0 ? keys : [{ text: 'No data' }] },
  ];
}

export function describeConfigMapSpec(cm: KubeObject): SpecSection[] {
  const data = asObj(at(cm, 'data')) ?? {};
  const binary = asObj(at(cm, 'binaryData')) ?? {};
  const lines: SpecLine[] = [
    ...Object.entries(data).map(([k, v]) => {
      const text = String(v);
      const certs = (text.match(/-----BEGIN CERTIFICATE-----/g) ?? []).length;
      return { text: `${k}: ${formatBytes(new TextEncoder().encode(text).length)}`, ...(certs > 0 ? { detail: `${certs} PEM certificate${certs === 1 ? '' : 's'}` } : {}) };
    }),
    ...Object.entries(binary).map(([k, v]) => ({ text: `${k}: ${formatBytes(Math.floor((String(v).replace(/=+$/, '').length * 3) / 4))}`, detail: 'binary' })),
  ];
  return [{ title: 'Data', lines: lines.length > 0 ? lines : [{ text: 'No data' }] }];
}

/** A ReferenceGrant lives in the namespace of what may be referred to. @see https://gateway-api.sigs.k8s.io/api-types/referencegrant/ */
export function describeReferenceGrantSpec(grant: KubeObject): SpecSection[] {
  const from = asArr(at(grant, 'spec', 'from')).map((f) => ({ text: `${asStr(asObj(f)?.kind) ?? '?'}s in namespace ${asStr(asObj(f)?.namespace) ?? '?'}` }));
  const to = asArr(at(grant, 'spec', 'to')).map((t) => {
    const name = asStr(asObj(t)?.name);
    return { text: name ? `${asStr(asObj(t)?.kind) ?? '?'} ${name}` : `every ${asStr(asObj(t)?.kind) ?? '?'}` };
  });
  return [
    { title: 'Allows', lines: from },
    { title: `To refer to, in namespace ${grant.metadata.namespace ?? '?'}`, lines: to },
  ];
}

export function describeGatewayClassSpec(cls: KubeObject): SpecSection[] {
  const controller = asStr(at(cls, 'spec', 'controllerName')) ?? '?';
  const lines: SpecLine[] = [
    { text: `Controller ${controller}`, detail: controller === GATEHOUSE_CONTROLLER ? 'Gatehouse serves Gateways of this class' : 'Another controller serves Gateways of this class; Gatehouse leaves them alone' },
  ];
  const description = asStr(at(cls, 'spec', 'description'));
  if (description) lines.push({ text: description });
  const params = asObj(at(cls, 'spec', 'parametersRef'));
  if (params) lines.push({ text: `Parameters from ${asStr(params.kind)} ${asStr(params.name)}` });
  return [{ title: 'GatewayClass', lines }];
}


