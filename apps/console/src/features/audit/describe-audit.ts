import { asObj, asStr } from '../resources/read-object';

/** The parts of an audit event these words need (the API's AuditEvent). */
export interface AuditEventLike {
  action: string;
  group: string;
  kind: string;
  namespace: string;
  name: string;
  before?: unknown;
  after?: unknown;
}

const VERBS: Record<string, string> = {
  create: 'created', update: 'changed', delete: 'deleted', apply: 'applied', export: 'exported',
  login: 'signed in', 'login.failed': 'failed to sign in as', logout: 'signed out',
  'login.sso.failed': 'was refused single sign-on as', 'login.totp.failed': 'gave a wrong one-time code for',
  'user.totp.enable': 'turned on two-step sign-in for', 'user.totp.disable': 'turned off two-step sign-in for', 'user.totp.reset': 'reset two-step sign-in of',
  'user.create': 'created the account', 'user.update': 'changed the account', 'user.password': 'changed the password of',
  'user.disable': 'disabled the account', 'user.enable': 'enabled the account',
  'token.create': 'created the API token', 'token.revoke': 'revoked the API token', bootstrap: 'bootstrapped',
  'masterkey.rotate': 'rotated the master key', 'audit.prune': 'pruned old events from the audit log of',
  'certificate.create': 'created the certificate', 'certificate.import': 'imported the certificate',
  'certificate.renew': 'renewed the certificate', 'certificate.revoke': 'revoked the certificate',
  'certificate.update': 'changed the certificate', 'certificate.delete': 'deleted the certificate',
  'certificate.export': 'exported the certificate', 'certificate.bind': 'bound the certificate', 'certificate.unbind': 'unbound the certificate',
  'cluster.register': 'registered the cluster', 'cluster.remove': 'removed the cluster', 'cluster.install-crds': 'installed the CRDs in the cluster',
  'cluster.push': 'pushed to the cluster', 'cluster.import': 'imported from the cluster',
  'notification-channel.create': 'created the notification channel', 'notification-channel.update': 'changed the notification channel',
  'notification-channel.delete': 'deleted the notification channel',
  'user.password.failed': 'failed to change the password of', 'user.sessions.end': 'signed out every session of',
  'session.end': 'ended a session of', 'session.end-others': 'ended the other sessions of',
};

/** `update` → "changed"; unknown actions (`certificate.renew`) → "certificate renew". */
export function describeAuditAction(action: string): string {
  return VERBS[action] ?? action.replace(/[._]/g, ' ');
}

/** "Service httpbin/httpbin", "alice" for accounts; nothing after "signed in/out" (the actor says who). */
export function describeAuditObject(e: AuditEventLike): string {
  if (e.action === 'login' || e.action === 'logout') return '';
  if (e.kind === 'User' && e.group === 'gatehouse.dev') return e.name;
  if (e.kind === 'ApiToken' && e.group === 'gatehouse.dev') return e.name;
  // Certificates are referred to by id in the log; the object's own name is what people know them by.
  if (e.kind === 'Certificate' && e.group === 'gatehouse.dev') return asStr(asObj(asObj(e.after ?? e.before)?.spec)?.name) ?? e.name;
  // Exports of the audit log itself (GET /api/v1/audit-events/export) are recorded against kind AuditEvent.
  if (e.kind === 'AuditEvent' && e.group === 'gatehouse.dev') return e.namespace ? `the audit log of namespace ${e.namespace}` : 'the audit log';
  if (!e.name) return e.namespace ? `${e.kind} objects in ${e.namespace}` : `${e.kind} objects`;
  return `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name}`;
}

/** "Chrome", "Firefox", "curl 8.5.0": enough to tell a browser from a script; the full string is in the tooltip. */
export function describeUserAgent(ua: string): string {
  if (!ua) return '';
  const tool = /^(curl|Wget|kubectl|python-requests|Go-http-client|node|undici|axios)\/([\w.]+)/i.exec(ua);
  if (tool) return `${tool[1]} ${tool[2]}`;
  for (const [name, re] of [['Edge', /Edg\//], ['Chrome', /Chrome\//], ['Firefox', /Firefox\//], ['Safari', /Safari\//]] as const) {
    if (re.test(ua)) return name;
  }
  return ua.split(/[\s/]/)[0] ?? '';
}

export interface FieldChange {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  /** Short renderings of the values; absent for Secret data, which is shown as changed/unchanged only. */
  from?: string;
  to?: string;
}

// Bookkeeping the server rewrites on every change: noise in a summary of what a person changed.
const IGNORED = new Set(['metadata.resourceVersion', 'metadata.generation', 'metadata.uid', 'metadata.creationTimestamp', 'status']);

/** A value in YAML's flow style (`{app: httpbin}`, `[a, b]`): words for a person, not JSON (issue 4). */
function flow(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flow).join(', ')}]`;
  const o = asObj(v);
  if (o) return `{${Object.entries(o).map(([k, x]) => `${k}: ${flow(x)}`).join(', ')}}`;
  return typeof v === 'string' ? v : String(v);
}

function render(v: unknown): string {
  if (v === undefined) return '';
  const s = flow(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
}

function isSecretData(kind: string, path: string): boolean {
  return kind === 'Secret' && (path === 'data' || path.startsWith('data.') || path.startsWith('data['));
}

/**
 * The fields an update changed, by path (`spec.ports[0].port: 80 → 81`), for the audit table. Secret values are
 * keyed hashes in the log; here they only say that a key was added, removed or changed.
 */
export function summarizeChange(kind: string, before: unknown, after: unknown, limit = 6): FieldChange[] {
  const out: FieldChange[] = [];
  const walk = (a: unknown, b: unknown, path: string) => {
    if (out.length > limit || IGNORED.has(path)) return;
    const oa = asObj(a);
    const ob = asObj(b);
    if (oa && ob) {
      for (const k of [...new Set([...Object.keys(oa), ...Object.keys(ob)])].sort()) walk(oa[k], ob[k], path ? (/[./]/.test(k) ? `${path}[${k}]` : `${path}.${k}`) : k);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
      a.forEach((v, i) => walk(v, b[i], `${path}[${i}]`));
      return;
    }
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const change: FieldChange = { path, kind: a === undefined ? 'added' : b === undefined ? 'removed' : 'changed' };
    if (!isSecretData(kind, path)) {
      if (a !== undefined) change.from = render(a);
      if (b !== undefined) change.to = render(b);
    }
    out.push(change);
  };
  walk(before, after, '');
  return out;
}
