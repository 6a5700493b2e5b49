import { containsPemCertificate, containsPemPrivateKey } from '@gatehouse/compiler/compile/pem';
import { asDict, asDictArray, asNumber, asString, asStringMap } from '@gatehouse/compiler/input/read-field';
import { indexSnapshot, type SnapshotIndex } from '@gatehouse/compiler/input/snapshot-index';
import type { KubeObject } from '@gatehouse/domain/object/meta';
import { keyOfObject, keyString, type ObjectKey } from '../relationships/object-refs';

/**
 * What reference checks and pickers read: the store's objects (the feed snapshot without Secrets, with the status the
 * compiler computes) and, for every stored Secret, facts about its data keys — computed on the server from the
 * decrypted values, which are then dropped. Nothing here holds a Secret value.
 */

/** One data key of a Secret or ConfigMap: its size and what its value is, never the value. */
export interface KeyFacts {
  bytes: number;
  /** PEM CERTIFICATE blocks in the value (0 when it holds none or is not PEM). */
  certificates: number;
  /** The value holds a PEM private key. */
  privateKey: boolean;
}

export interface SecretFacts {
  namespace: string;
  name: string;
  /** Secret `type` (Opaque when absent). */
  type: string;
  keys: Readonly<Record<string, KeyFacts>>;
}

export interface ReferenceWorld {
  revision: number;
  /** Every stored object except Secrets, with the compiler's status. */
  objects: readonly KubeObject[];
  secrets: readonly SecretFacts[];
}

const CERT_BEGIN = /-----BEGIN CERTIFICATE-----/g;

/** Facts about one text value. */
export function factsOfText(text: string, bytes: number): KeyFacts {
  const certificates = containsPemCertificate(text) ? (text.match(CERT_BEGIN) ?? []).length : 0;
  return { bytes, certificates, privateKey: containsPemPrivateKey(text) };
}

/** Facts about a Secret from its base64 `data` (the values are read here and not kept). */
export function secretFacts(namespace: string, name: string, type: string | undefined, data: Readonly<Record<string, string>>): SecretFacts {
  const keys: Record<string, KeyFacts> = {};
  for (const [key, b64] of Object.entries(data)) {
    const raw = Buffer.from(b64, 'base64');
    keys[key] = factsOfText(raw.toString('utf8'), raw.length);
  }
  return { namespace, name, type: type && type !== '' ? type : 'Opaque', keys };
}

/** A ConfigMap's keys (data as text, binaryData as base64). */
export function configMapFacts(obj: KubeObject): Record<string, KeyFacts> {
  const keys: Record<string, KeyFacts> = {};
  for (const [k, v] of Object.entries(asStringMap(obj.data))) keys[k] = factsOfText(v, Buffer.byteLength(v, 'utf8'));
  for (const [k, v] of Object.entries(asStringMap(obj.binaryData))) {
    const raw = Buffer.from(v, 'base64');
    keys[k] = factsOfText(raw.toString('utf8'), raw.length);
  }
  return keys;
}

/** The world indexed for look-ups. */
export interface IndexedWorld {
  revision: number;
  ix: SnapshotIndex;
  byKey: ReadonlyMap<string, KubeObject>;
  secrets: ReadonlyMap<string, SecretFacts>;
  /** Namespaces that exist: Namespace objects and every namespace an object lives in. */
  namespaces: ReadonlySet<string>;
  objects: readonly KubeObject[];
}

export function indexWorld(world: ReferenceWorld): IndexedWorld {
  const plain = world.objects.filter((o) => !(o.kind === 'Secret' && o.apiVersion === 'v1'));
  const namespaces = new Set<string>();
  for (const o of plain) {
    if (o.kind === 'Namespace' && o.apiVersion === 'v1') namespaces.add(o.metadata.name);
    else if (o.metadata.namespace) namespaces.add(o.metadata.namespace);
  }
  for (const s of world.secrets) namespaces.add(s.namespace);
  return {
    revision: world.revision,
    ix: indexSnapshot({ revision: world.revision, objects: plain }),
    byKey: new Map(plain.map((o) => [keyString(keyOfObject(o)), o])),
    secrets: new Map(world.secrets.map((s) => [`${s.namespace}/${s.name}`, s])),
    namespaces,
    objects: plain,
  };
}

export function objectAt(w: IndexedWorld, k: ObjectKey): KubeObject | undefined {
  return w.byKey.get(keyString(k));
}

/** A Service port as stored (targetPort and appProtocol are not in the compiler's view). */
export interface ServicePortFacts {
  port: number;
  name?: string;
  protocol: string;
  targetPort?: number | string;
  appProtocol?: string;
}

export function servicePorts(service: KubeObject | undefined): ServicePortFacts[] {
  return asDictArray(asDict(service?.spec)?.ports).map((p) => {
    const target = typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : undefined;
    const name = asString(p.name);
    const appProtocol = asString(p.appProtocol);
    return {
      port: asNumber(p.port) ?? 0,
      protocol: asString(p.protocol) ?? 'TCP',
      ...(name ? { name } : {}),
      ...(target !== undefined && target !== '' ? { targetPort: target } : {}),
      ...(appProtocol ? { appProtocol } : {}),
    };
  });
}

/** The compiler's Programmed condition of each listener of a Gateway (status.listeners[]): name → problem, or null when programmed. */
export function listenerProblems(gateway: KubeObject | undefined): Map<string, string | null> {
  const out = new Map<string, string | null>();
  for (const l of asDictArray(asDict(gateway?.status)?.listeners)) {
    const name = asString(l.name);
    if (!name) continue;
    const c = asDictArray(l.conditions).find((x) => x.type === 'Programmed');
    if (!c) continue;
    out.set(name, c.status === 'True' ? null : asString(c.message) ?? asString(c.reason) ?? 'not programmed');
  }
  return out;
}
