/**
 * What the console shows about how one stored object relates to others: what it uses, what depends on it
 * (the list a delete confirmation names), the routes attached to each Gateway listener, the TLS policy and
 * routes per Service port, and the inventory certificates behind a Secret or ConfigMap. Computed on the server
 * (relationships.service.ts) from the same snapshot and compiler the worker uses; the browser only renders it.
 */

/** An object named by a reference, and whether it exists in the store. */
export interface ObjectLink {
  group: string;
  kind: string;
  /** '' for cluster-scoped kinds (GatewayClass). */
  namespace: string;
  name: string;
  exists: boolean;
}

/** Good, broken, or just a fact: the colour a relation is drawn in. */
export type RelationTone = 'ok' | 'bad' | 'neutral';

/** One edge, told from the point of view of the object the page is about. */
export interface Relation {
  link: ObjectLink;
  /** "attaches to listener http (accepted)", "verifies Service httpbin port 8443 with its ca.crt", … */
  how: string;
  tone: RelationTone;
}

/** A Gateway listener and the HTTPRoutes the compiler attached to it. @see https://gateway-api.sigs.k8s.io/reference/spec/#listenerstatus */
export interface ListenerRelations {
  listener: string;
  routes: Relation[];
}

/** A Service port: the policies that make the gateway speak TLS to it, and the routes that send traffic to it. */
export interface PortRelations {
  port: number;
  /** '' when the port is unnamed. */
  name: string;
  tls: Relation[];
  routes: Relation[];
}

/** An inventory certificate written into a Secret or ConfigMap the object uses (a certificate binding). */
export interface CertificateLink {
  id: string;
  name: string;
  notAfter: string;
  revoked: boolean;
  /** The Secret or ConfigMap that carries it. */
  via: { kind: string; namespace: string; name: string };
}

export interface Relationships {
  target: ObjectLink;
  /** Objects this one refers to. */
  uses: Relation[];
  /** Objects that refer to this one: what a delete would leave dangling. */
  usedBy: Relation[];
  /** Gateway only: one entry per listener, in spec order. */
  listeners: ListenerRelations[];
  /** Service only: one entry per Service port, in spec order. */
  ports: PortRelations[];
  certificates: CertificateLink[];
}

/** A Secret as the relationships need it: its data keys, never its values. */
export interface SecretKeys {
  namespace: string;
  name: string;
  keys: readonly string[];
}

/** A certificate binding (certificates → Secret/ConfigMap) with the certificate's name and expiry. */
export interface BindingInfo {
  certificateId: string;
  certificateName: string;
  notAfter: string;
  revoked: boolean;
  kind: string;
  namespace: string;
  name: string;
}
