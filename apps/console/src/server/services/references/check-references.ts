import { matchesLabelSelector } from '@gatehouse/compiler/compile/label-selector';
import { allowsListenerSet } from '@gatehouse/compiler/compile/listener-sets';
import { isReferenceAllowed } from '@gatehouse/compiler/compile/reference-grants';
import type { GatewayView, ListenerView } from '@gatehouse/compiler/input/gateway-input';
import { asBoolean, asDict, asDictArray, asNumber, asString, type Dict } from '@gatehouse/compiler/input/read-field';
import { labelsOfNamespace } from '@gatehouse/compiler/input/snapshot-index';
import type { ReferenceCheck, ReferenceFix, ReferenceTarget } from '@gatehouse/domain/references/reference-check.schema';
import { FLOMESH_GROUP, GATEWAY_GROUP, groupOfApiVersion, referencesOf, type ObjectKey, type RefRole } from '../relationships/object-refs';
import { configMapFacts, listenerProblems, objectAt, servicePorts, type IndexedWorld, type KeyFacts } from './reference-world';
import { check, keysWords, kindsWord, listWords, nameIn, plural, portDetail, portsWords, refusedWords, type DraftIdentity } from './reference-words';

/**
 * Reference checks for a draft object (issue 12 §2): for every reference the draft makes — parentRef Gateway and
 * listener, backend Service and port, policy target Service and ports, CA Secret or ConfigMap, listener
 * certificateRefs, ReferenceGrant from/to — whether the named object exists and can serve, in words. Pure: the
 * world (stored objects with the compiler's status, Secret key facts) comes in as an argument. The rules follow
 * the compiler's (compileSnapshot), so a verdict here says what status the object will get once saved.
 */

interface Ctx {
  w: IndexedWorld;
  d: DraftIdentity;
  out: ReferenceCheck[];
}

const CA_KEY = 'ca.crt';
const TLS_SECRET_TYPE = 'kubernetes.io/tls';

function identityOf(draft: Record<string, unknown>): DraftIdentity {
  const meta = asDict(draft.metadata);
  return {
    group: groupOfApiVersion(asString(draft.apiVersion) ?? ''),
    kind: asString(draft.kind) ?? '',
    namespace: asString(meta?.namespace) || 'default',
    name: asString(meta?.name) ?? '',
  };
}

/** Keys of a Secret or ConfigMap; undefined when it does not exist. */
function keysOf(w: IndexedWorld, t: ReferenceTarget): Readonly<Record<string, KeyFacts>> | undefined {
  if (t.group !== '') return undefined;
  if (t.kind === 'Secret') return w.secrets.get(`${t.namespace}/${t.name}`)?.keys;
  if (t.kind === 'ConfigMap') {
    const cm = objectAt(w, t);
    return cm ? configMapFacts(cm) : undefined;
  }
  return undefined;
}

function existsObject(w: IndexedWorld, t: ObjectKey): boolean {
  if (t.group === '' && t.kind === 'Secret') return w.secrets.has(`${t.namespace}/${t.name}`);
  return objectAt(w, t) !== undefined;
}

function allowed(c: Ctx, t: ReferenceTarget): boolean {
  return isReferenceAllowed(c.w.ix, { group: c.d.group, kind: c.d.kind, namespace: c.d.namespace }, t);
}

/** A SecretObjectReference / BackendObjectReference with its defaults: group '', the given kind, the draft's namespace. */
function coreTarget(c: Ctx, ref: Dict, kind: string, local = false): ReferenceTarget | undefined {
  const name = asString(ref.name);
  if (!name) return undefined;
  return { group: asString(ref.group) ?? '', kind: asString(ref.kind) ?? kind, namespace: local ? c.d.namespace : asString(ref.namespace) || c.d.namespace, name };
}

// ---------------------------------------------------------------------------------------------------------------
// Services (backendRefs, policy targets)

/**
 * A Service reference: refused across namespaces without a grant, missing, or there (with its ports). Returns the
 * Service's ports when it can be used, so the caller can check the port it names.
 */
function judgeService(c: Ctx, path: string, t: ReferenceTarget, missingThen: string): ReturnType<typeof servicePorts> | undefined {
  const field = `${path}.name`;
  const svc = objectAt(c.w, t);
  if (!allowed(c, t)) {
    c.out.push(check(path, field, t, 'refused', refusedWords(c.d, t, svc !== undefined)));
    return undefined;
  }
  if (!svc) {
    c.out.push(check(path, field, t, 'missing', `Service ${nameIn(c.d, t)} does not exist in ${t.namespace} (yet): ${missingThen}`));
    return undefined;
  }
  const ports = servicePorts(svc);
  c.out.push(check(path, field, t, 'ok', `Service ${nameIn(c.d, t)}: ${portsWords(ports)}.`));
  return ports;
}

function judgeServicePort(c: Ctx, path: string, field: string, t: ReferenceTarget, ports: ReturnType<typeof servicePorts>, port: number, ignored: string): void {
  const p = ports.find((x) => x.port === port);
  if (p) c.out.push(check(path, field, t, 'ok', `Service ${nameIn(c.d, t)} ${portDetail(p)}.`));
  else c.out.push(check(path, field, t, 'unusable', `Service ${nameIn(c.d, t)} has no port ${port} (it has ${ports.length === 0 ? 'none' : listWords(ports.map((x) => String(x.port)))}): ${ignored}`));
}

function checkBackend(c: Ctx, path: string, ref: Dict, mirror: boolean): void {
  const t = coreTarget(c, ref, 'Service');
  if (!t || t.group !== '' || t.kind !== 'Service') return;
  const tls = c.d.kind === 'TLSRoute';
  const consequence = mirror ? 'requests are not mirrored there until it does.' : tls ? 'connections sent there are closed until it does.' : 'requests this rule sends there get 500 until it does.';
  const ports = judgeService(c, path, t, consequence);
  const port = asNumber(ref.port);
  if (ports && port !== undefined) {
    judgeServicePort(c, path, `${path}.port`, t, ports, port, mirror ? 'requests are not mirrored there.' : tls ? 'connections sent there are closed.' : 'requests this rule sends there get 500.');
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Gateways and listeners (HTTPRoute and TLSRoute parentRefs)

/** Whether a listener takes routes of the draft's kind: HTTP and HTTPS take HTTPRoutes, TLS takes TLSRoutes. */
function takesRouteKind(l: ListenerView, kind: string): boolean {
  const byProtocol = kind === 'TLSRoute' ? l.protocol === 'TLS' : l.protocol === 'HTTP' || l.protocol === 'HTTPS';
  if (l.kinds !== undefined) return byProtocol && l.kinds.some((k) => k.group === GATEWAY_GROUP && k.kind === kind);
  return byProtocol;
}

function admitsNamespace(c: Ctx, gw: GatewayView, l: ListenerView): boolean {
  switch (l.from) {
    case 'All':
      return true;
    case 'Same':
      return gw.meta.namespace === c.d.namespace;
    case 'Selector':
      return l.selector !== undefined && matchesLabelSelector(l.selector, labelsOfNamespace(c.w.ix, c.d.namespace));
    default:
      return false;
  }
}

/** Why a listener does not take this route, in words; undefined when it does. */
function whyNot(c: Ctx, gw: GatewayView, l: ListenerView, problems: Map<string, string | null>): string | undefined {
  if (!takesRouteKind(l, c.d.kind)) return `listener ${l.name} (${l.protocol}) does not take ${c.d.kind}s`;
  if (!admitsNamespace(c, gw, l)) {
    if (l.from === 'Same') return `listener ${l.name} admits routes from its own namespace (${gw.meta.namespace}) only, and this route is in ${c.d.namespace}`;
    if (l.from === 'Selector') return `listener ${l.name} admits routes from namespaces matching its selector, and ${c.d.namespace} does not match`;
    return `listener ${l.name} admits no routes (allowedRoutes.namespaces.from: ${l.from})`;
  }
  const problem = problems.get(l.name);
  if (problem) return `listener ${l.name} is not served: ${problem}`;
  return undefined;
}

const listenerWords = (l: ListenerView) => `${l.name} (${l.protocol} ${l.port}${l.hostname ? `, ${l.hostname}` : ''})`;

function checkParent(c: Ctx, path: string, ref: Dict): void {
  const name = asString(ref.name);
  const group = asString(ref.group) ?? GATEWAY_GROUP;
  const kind = asString(ref.kind) ?? 'Gateway';
  if (!name || group !== GATEWAY_GROUP || kind !== 'Gateway') return;
  const t: ReferenceTarget = { group, kind, namespace: asString(ref.namespace) || c.d.namespace, name };
  const nameField = `${path}.name`;
  const gw = c.w.ix.gateways.find((g) => g.meta.namespace === t.namespace && g.meta.name === name);
  if (!gw) {
    c.out.push(check(path, nameField, t, 'missing', `Gateway ${nameIn(c.d, t)} does not exist in ${t.namespace} (yet): the route attaches once it does.`));
    return;
  }
  const problems = listenerProblems(objectAt(c.w, t));
  const sectionName = asString(ref.sectionName);
  const port = asNumber(ref.port);
  const listenerField = sectionName !== undefined ? `${path}.sectionName` : port !== undefined ? `${path}.port` : undefined;
  const candidates = gw.listeners.filter((l) => (sectionName === undefined || l.name === sectionName) && (port === undefined || l.port === port));
  const reasons = candidates.map((l) => whyNot(c, gw, l, problems));
  const usable = candidates.filter((_l, i) => reasons[i] === undefined);
  const summary = `Gateway ${nameIn(c.d, t)}: ${gw.listeners.length === 1 ? 'listener' : 'listeners'} ${listWords(gw.listeners.map(listenerWords))}.`;
  if (listenerField === undefined) {
    // No listener named: the route attaches to every listener that takes it.
    if (usable.length > 0) c.out.push(check(path, nameField, t, 'ok', `${summary} The route attaches to ${listWords(usable.map((l) => l.name))}.`));
    else c.out.push(check(path, nameField, t, 'unusable', `No listener of Gateway ${nameIn(c.d, t)} takes this route: ${reasons.join('; ')}.`));
    return;
  }
  c.out.push(check(path, nameField, t, 'ok', summary));
  if (candidates.length === 0) {
    const wanted = [sectionName !== undefined ? `named "${sectionName}"` : '', port !== undefined ? `on port ${port}` : ''].filter(Boolean).join(' ');
    const have = sectionName !== undefined ? gw.listeners.map((l) => l.name) : gw.listeners.map((l) => String(l.port));
    c.out.push(check(path, listenerField, t, 'unusable', `Gateway ${nameIn(c.d, t)} has no listener ${wanted} (it has ${listWords(have)}): the route does not attach.`));
  } else if (usable.length === 0) {
    c.out.push(check(path, listenerField, t, 'unusable', `${reasons.filter(Boolean).join('; ')}: the route does not attach there.`.replace(/^./, (s) => s.toUpperCase())));
  } else {
    c.out.push(check(path, listenerField, t, 'ok', `Listener ${listWords(usable.map(listenerWords))} takes this route.`));
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Secrets and ConfigMaps (CA bundles, listener certificates)

/** A CA carrier (Secret or ConfigMap with ca.crt): refused, missing (the console can create it), or its keys checked. */
function checkCaCarrier(c: Ctx, path: string, t: ReferenceTarget, opts: { mTLS: boolean; missingThen: string }): void {
  const field = `${path}.name`;
  const keys = keysOf(c.w, t);
  const what = `${t.kind} ${nameIn(c.d, t)}`;
  if (!allowed(c, t)) {
    c.out.push(check(path, field, t, 'refused', refusedWords(c.d, t, keys !== undefined)));
    return;
  }
  if (!keys) {
    const kind: ReferenceFix['kind'] | undefined = t.kind === 'Secret' ? 'Secret' : t.kind === 'ConfigMap' ? 'ConfigMap' : undefined;
    const fix = t.group === '' && kind ? { action: 'create-ca-from-certificate' as const, kind, namespace: t.namespace, name: t.name } : undefined;
    c.out.push(check(path, field, t, 'missing', `${what} does not exist in ${t.namespace} (yet): ${opts.missingThen}`, fix));
    return;
  }
  const ca = keys[CA_KEY];
  if (!ca) return void c.out.push(check(path, field, t, 'unusable', `${what} has no ca.crt (${keysWords(keys)}).`));
  if (ca.bytes === 0) return void c.out.push(check(path, field, t, 'unusable', `${what} has an empty ca.crt.`));
  if (ca.certificates === 0) return void c.out.push(check(path, field, t, 'unusable', `ca.crt of ${what} is not a PEM certificate.`));
  if (opts.mTLS) {
    const crt = keys['tls.crt'];
    const key = keys['tls.key'];
    if (!crt || !key) return void c.out.push(check(path, field, t, 'unusable', `Mutual TLS is on, but ${what} has no ${!crt ? 'tls.crt' : 'tls.key'} to present.`));
    if (crt.certificates === 0 || !key.privateKey) return void c.out.push(check(path, field, t, 'unusable', `Mutual TLS is on, but tls.crt/tls.key of ${what} are not a PEM certificate and key.`));
  }
  c.out.push(check(path, field, t, 'ok', `${what} has ca.crt (${plural(ca.certificates, 'certificate')})${opts.mTLS ? ', tls.crt and tls.key' : ''}.`));
}

/** A serving (or client) certificate: a kubernetes.io/tls Secret with a PEM tls.crt and tls.key. */
function checkTlsSecret(c: Ctx, path: string, t: ReferenceTarget, missingThen: string): void {
  const field = `${path}.name`;
  if (t.group !== '' || t.kind !== 'Secret') return;
  const secret = c.w.secrets.get(`${t.namespace}/${t.name}`);
  const what = `Secret ${nameIn(c.d, t)}`;
  if (!allowed(c, t)) return void c.out.push(check(path, field, t, 'refused', refusedWords(c.d, t, secret !== undefined)));
  if (!secret) return void c.out.push(check(path, field, t, 'missing', `${what} does not exist in ${t.namespace} (yet): ${missingThen}`));
  if (secret.type !== TLS_SECRET_TYPE) {
    return void c.out.push(check(path, field, t, 'unusable', `${what} is of type ${secret.type}; this needs a ${TLS_SECRET_TYPE} Secret (tls.crt and tls.key).`));
  }
  const crt = secret.keys['tls.crt'];
  const key = secret.keys['tls.key'];
  if (!crt || !key) return void c.out.push(check(path, field, t, 'unusable', `${what} has no ${!crt ? 'tls.crt' : 'tls.key'} (${keysWords(secret.keys)}).`));
  if (crt.certificates === 0) return void c.out.push(check(path, field, t, 'unusable', `tls.crt of ${what} is not a PEM certificate.`));
  if (!key.privateKey) return void c.out.push(check(path, field, t, 'unusable', `tls.key of ${what} is not a PEM private key.`));
  c.out.push(check(path, field, t, 'ok', `${what}: ${TLS_SECRET_TYPE} with tls.crt (${plural(crt.certificates, 'certificate')}) and tls.key.`));
}

// ---------------------------------------------------------------------------------------------------------------
// Per kind

function checkHttpRoute(c: Ctx, spec: Dict): void {
  asDictArray(spec.parentRefs).forEach((p, i) => checkParent(c, `spec.parentRefs[${i}]`, p));
  asDictArray(spec.rules).forEach((rule, r) => {
    asDictArray(rule.backendRefs).forEach((b, i) => {
      const path = `spec.rules[${r}].backendRefs[${i}]`;
      checkBackend(c, path, b, false);
      asDictArray(b.filters).forEach((f, j) => {
        const mirror = asDict(asDict(f.requestMirror)?.backendRef);
        if (mirror) checkBackend(c, `${path}.filters[${j}].requestMirror.backendRef`, mirror, true);
      });
    });
    asDictArray(rule.filters).forEach((f, j) => {
      const mirror = asDict(asDict(f.requestMirror)?.backendRef);
      if (mirror) checkBackend(c, `spec.rules[${r}].filters[${j}].requestMirror.backendRef`, mirror, true);
    });
  });
}

/** A TLSRoute: its parents like an HTTPRoute's, and its one rule's backends (no filters, no mirrors). */
function checkTlsRoute(c: Ctx, spec: Dict): void {
  asDictArray(spec.parentRefs).forEach((p, i) => checkParent(c, `spec.parentRefs[${i}]`, p));
  asDictArray(spec.rules).forEach((rule, r) => {
    asDictArray(rule.backendRefs).forEach((b, i) => checkBackend(c, `spec.rules[${r}].backendRefs[${i}]`, b, false));
  });
}

function checkUpstreamTlsPolicy(c: Ctx, spec: Dict): void {
  const target = asDict(spec.targetRef);
  const t = target ? coreTarget(c, target, 'Service') : undefined;
  let ports: ReturnType<typeof servicePorts> | undefined;
  if (t && t.group === '' && t.kind === 'Service') ports = judgeService(c, 'spec.targetRef', t, 'the policy is not accepted until it does.');
  const shared = asDict(spec.config);
  let sharedChecked = false;
  asDictArray(spec.ports).forEach((p, i) => {
    const port = asNumber(p.port);
    if (t && ports && port !== undefined) judgeServicePort(c, `spec.ports[${i}].port`, `spec.ports[${i}].port`, t, ports, port, 'this entry is ignored until it has.');
    // A port's own config wins over spec.config (FSM upstreamtls/utils.go).
    const own = asDict(p.config);
    const config = own ?? shared;
    const ref = asDict(config?.certificateRef);
    if (!config || !ref) return;
    if (!own) {
      if (sharedChecked) return;
      sharedChecked = true;
    }
    const path = own ? `spec.ports[${i}].config.certificateRef` : 'spec.config.certificateRef';
    const secret = coreTarget(c, ref, 'Secret');
    if (!secret) return;
    const mTLS = asBoolean(own?.mTLS) ?? asBoolean(shared?.mTLS) ?? false;
    const then = own
      ? `until it does, the policy is not accepted and the gateway speaks plain HTTP to port ${port ?? '?'}.`
      : 'until it does, the policy is not accepted and the gateway speaks plain HTTP to the ports it covers.';
    checkCaCarrier(c, path, secret, { mTLS, missingThen: then });
  });
}

function checkBackendTlsPolicy(c: Ctx, spec: Dict): void {
  asDictArray(spec.targetRefs).forEach((ref, i) => {
    const path = `spec.targetRefs[${i}]`;
    // LocalPolicyTargetReference: always the policy's namespace.
    const t = coreTarget(c, ref, 'Service', true);
    if (!t || t.group !== '' || t.kind !== 'Service') return;
    const ports = judgeService(c, path, t, 'the policy applies once it does.');
    const sectionName = asString(ref.sectionName);
    if (!ports || sectionName === undefined || sectionName === '') return;
    const p = ports.find((x) => x.name === sectionName);
    const named = ports.filter((x) => x.name).map((x) => `"${x.name ?? ''}" (${x.port})`);
    if (p) c.out.push(check(path, `${path}.sectionName`, t, 'ok', `Service ${t.name} ${portDetail(p)}.`));
    else c.out.push(check(path, `${path}.sectionName`, t, 'unusable', `Service ${t.name} has no port named "${sectionName}" (named ports: ${listWords(named)}): the policy covers nothing there.`));
  });
  asDictArray(asDict(spec.validation)?.caCertificateRefs).forEach((ref, i) => {
    // LocalObjectReference: kind is required (ConfigMap or Secret), always the policy's namespace.
    const t = coreTarget(c, ref, 'ConfigMap', true);
    if (!t || t.group !== '' || (t.kind !== 'ConfigMap' && t.kind !== 'Secret')) return;
    checkCaCarrier(c, `spec.validation.caCertificateRefs[${i}]`, t, { mTLS: false, missingThen: 'the policy is not accepted until it does.' });
  });
}

/** Listener certificateRefs of a Gateway or a ListenerSet (checked as the draft's kind: grants name it). */
function checkListenerCertificates(c: Ctx, spec: Dict): void {
  asDictArray(spec.listeners).forEach((l, i) => {
    const tls = asDict(l.tls);
    if (!tls || asString(tls.mode) === 'Passthrough') return;
    const listener = asString(l.name) || `${i + 1}`;
    asDictArray(tls.certificateRefs).forEach((ref, j) => {
      const t = coreTarget(c, ref, 'Secret');
      if (t) checkTlsSecret(c, `spec.listeners[${i}].tls.certificateRefs[${j}]`, t, `listener ${listener} cannot serve TLS until it does.`);
    });
  });
}

function checkGateway(c: Ctx, spec: Dict): void {
  checkListenerCertificates(c, spec);
  const client = asDict(asDict(asDict(spec.tls)?.backend)?.clientCertificateRef);
  const t = client ? coreTarget(c, client, 'Secret') : undefined;
  if (t) checkTlsSecret(c, 'spec.tls.backend.clientCertificateRef', t, 'the gateway presents no client certificate until it does.');
}

/**
 * A ListenerSet (GEP-1713): its Gateway must exist and admit the ListenerSet's namespace (spec.allowedListeners, None by
 * default); its listeners' certificates are read as the ListenerSet.
 */
function checkListenerSet(c: Ctx, spec: Dict): void {
  const ref = asDict(spec.parentRef);
  const name = asString(ref?.name);
  const group = asString(ref?.group) ?? GATEWAY_GROUP;
  const kind = asString(ref?.kind) ?? 'Gateway';
  if (ref && name && group === GATEWAY_GROUP && kind === 'Gateway') {
    const t: ReferenceTarget = { group, kind, namespace: asString(ref.namespace) || c.d.namespace, name };
    const gw = c.w.ix.gateways.find((g) => g.meta.namespace === t.namespace && g.meta.name === name);
    if (!gw) c.out.push(check('spec.parentRef', 'spec.parentRef.name', t, 'missing', `Gateway ${nameIn(c.d, t)} does not exist in ${t.namespace} (yet): the listeners join it once it does and allows them.`));
    else {
      const verdict = allowsListenerSet(c.w.ix, gw, c.d.namespace);
      c.out.push(check('spec.parentRef', 'spec.parentRef.name', t, verdict.ok ? 'ok' : 'unusable', verdict.ok ? `${verdict.message}: these listeners join it.` : `${verdict.message}: these listeners are not served.`));
    }
  }
  checkListenerCertificates(c, spec);
}

/** References a ReferenceGrant can allow (a parentRef is governed by the listener's allowedRoutes instead). */
const GRANTED: ReadonlySet<RefRole> = new Set(['backend', 'mirror', 'policy-target', 'ca-certificate', 'listener-certificate', 'client-certificate']);

function checkReferenceGrant(c: Ctx, spec: Dict): void {
  const ns = c.d.namespace;
  const to = asDictArray(spec.to).map((t) => ({ group: asString(t.group) ?? '', kind: asString(t.kind) ?? '', name: asString(t.name) || undefined }));
  const into = c.w.objects.flatMap(referencesOf).filter((r) => r.to.namespace === ns && r.from.namespace !== ns && GRANTED.has(r.role));
  const covered = (k: ObjectKey) => to.some((t) => t.group === k.group && t.kind === k.kind && (t.name === undefined || t.name === k.name));
  const toWords = listWords([...new Set(to.filter((t) => t.kind).map((t) => (t.name ? `${t.kind} ${t.name}` : kindsWord(t.kind))))]);

  asDictArray(spec.from).forEach((f, i) => {
    const from = asString(f.namespace);
    if (!from) return;
    const group = asString(f.group) ?? '';
    const kind = asString(f.kind) ?? '';
    const path = `spec.from[${i}]`;
    const t: ReferenceTarget = { group: '', kind: 'Namespace', namespace: '', name: from };
    if (from === ns) return void c.out.push(check(path, `${path}.namespace`, t, 'unusable', `This grant lives in ${ns}: references from its own namespace need no grant.`));
    if (!c.w.namespaces.has(from)) return void c.out.push(check(path, `${path}.namespace`, t, 'missing', `Namespace ${from} has no objects yet: the grant takes effect for ${kindsWord(kind)} made there.`));
    const referrers = [...new Set(into.filter((r) => r.from.group === group && r.from.kind === kind && r.from.namespace === from && covered(r.to)).map((r) => r.from.name))].sort();
    c.out.push(check(path, `${path}.namespace`, t, 'ok', referrers.length === 0
      ? `No ${kind} in ${from} refers to ${toWords} here yet.`
      : `Lets ${plural(referrers.length, kind, kindsWord(kind))} in ${from} refer here: ${listWords(referrers)}.`));
  });

  to.forEach((entry, i) => {
    if (!entry.kind) return;
    const path = `spec.to[${i}]`;
    if (entry.name !== undefined) {
      const t: ReferenceTarget = { group: entry.group, kind: entry.kind, namespace: ns, name: entry.name };
      if (existsObject(c.w, t)) c.out.push(check(path, `${path}.name`, t, 'ok', `${entry.kind} ${entry.name} exists in ${ns}.`));
      else c.out.push(check(path, `${path}.name`, t, 'missing', `No ${entry.kind} ${entry.name} in ${ns} (yet): the grant covers it once it exists.`));
      return;
    }
    const t: ReferenceTarget = { group: entry.group, kind: entry.kind, namespace: ns, name: '' };
    const names = entry.group === '' && entry.kind === 'Secret'
      ? [...c.w.secrets.values()].filter((s) => s.namespace === ns).map((s) => s.name)
      : c.w.objects.filter((o) => groupOfApiVersion(o.apiVersion) === entry.group && o.kind === entry.kind && o.metadata.namespace === ns).map((o) => o.metadata.name);
    names.sort();
    if (names.length === 0) c.out.push(check(path, `${path}.kind`, t, 'missing', `No ${entry.kind} in ${ns} yet: the grant covers every one made here.`));
    else c.out.push(check(path, `${path}.kind`, t, 'ok', `Every ${entry.kind} in ${ns} (${names.length} today: ${listWords(names)}).`));
  });
}

/**
 * Every reference of the draft with its verdict, in the draft's field order. A draft of a kind that refers to
 * nothing (Service, Secret, …) gives [].
 */
export function checkReferences(w: IndexedWorld, draft: Record<string, unknown>): ReferenceCheck[] {
  const d = identityOf(draft);
  const spec = asDict(draft.spec);
  const c: Ctx = { w, d, out: [] };
  if (!spec) return [];
  if (d.group === GATEWAY_GROUP && d.kind === 'HTTPRoute') checkHttpRoute(c, spec);
  else if (d.group === GATEWAY_GROUP && d.kind === 'TLSRoute') checkTlsRoute(c, spec);
  else if (d.group === GATEWAY_GROUP && d.kind === 'Gateway') checkGateway(c, spec);
  else if (d.group === GATEWAY_GROUP && d.kind === 'ListenerSet') checkListenerSet(c, spec);
  else if (d.group === GATEWAY_GROUP && d.kind === 'BackendTLSPolicy') checkBackendTlsPolicy(c, spec);
  else if (d.group === GATEWAY_GROUP && d.kind === 'ReferenceGrant') checkReferenceGrant(c, spec);
  else if (d.group === FLOMESH_GROUP && d.kind === 'UpstreamTLSPolicy') checkUpstreamTlsPolicy(c, spec);
  return c.out;
}
