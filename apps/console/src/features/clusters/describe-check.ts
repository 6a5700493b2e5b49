import type { Cluster, ClusterPermission, ClusterStatus } from '@gatehouse/domain/cluster/cluster.schema';
import type { Tone } from '../resources/describe-status';

/** A cluster's check for people: one tone, a short label for lists, and the server's sentences one by one. */
export interface CheckView {
  tone: Tone;
  /** "Reachable · v1.35.4", "Not reachable", "Not checked yet". */
  label: string;
  /** The server's message split into its sentences ("Reachable, Kubernetes v1.35.4.", "UpstreamTLSPolicy CRD installed."). */
  sentences: string[];
  /** Something an admin can fix from here: CRDs to install. */
  needsCrds: boolean;
  deniedCount: number;
}

/**
 * The server words the check (packages/kube check-cluster); this only splits it into sentences and says how it
 * went overall: red when the API server cannot be reached or refuses the credentials, amber when CRDs are missing
 * or the identity may not do all a push needs, green when a push can go ahead.
 */
export function describeCheck(status: ClusterStatus): CheckView {
  const sentences = status.message
    .split(/(?<=\.)\s+(?=[A-Z])/)
    .map((s) => s.trim())
    .filter(Boolean);
  const needsCrds = status.reachable && (!status.gatewayApi.installed || !status.upstreamTlsPolicyCrd);
  const deniedCount = status.permissions.filter((p) => !p.allowed).length;
  if (!status.checkedAt && !status.reachable && status.message === 'not checked yet') {
    return { tone: 'neutral', label: 'Not checked yet', sentences: ['Not checked yet.'], needsCrds: false, deniedCount: 0 };
  }
  if (!status.reachable) return { tone: 'bad', label: 'Not reachable', sentences, needsCrds: false, deniedCount };
  // Reachable but refusing the credentials: the check has no permissions and no version to show.
  if (status.permissions.length === 0 && !status.serverVersion) return { tone: 'bad', label: 'Credentials refused', sentences, needsCrds: false, deniedCount };
  const label = `Reachable · ${status.serverVersion ?? 'version hidden'}`;
  return { tone: needsCrds || deniedCount > 0 ? 'pending' : 'ok', label, sentences, needsCrds, deniedCount };
}

/** "Gateway API v1.6.1 (standard)", "Gateway API: 3 CRDs missing"; the UpstreamTLSPolicy CRD in a word. */
export function describeCrds(status: ClusterStatus): { gatewayApi: string; gatewayApiTone: Tone; upstreamTlsPolicy: string; upstreamTone: Tone } {
  const g = status.gatewayApi;
  const unknown = !status.reachable;
  const gatewayApi = unknown
    ? 'Gateway API: unknown'
    : g.installed
      ? `Gateway API ${g.bundleVersion ?? '(bundle version unknown)'}${g.channel ? ` (${g.channel})` : ''}`
      : `Gateway API: ${g.missing?.length ?? 0} CRD${g.missing?.length === 1 ? '' : 's'} missing`;
  return {
    gatewayApi,
    gatewayApiTone: unknown ? 'neutral' : g.installed ? 'ok' : 'pending',
    upstreamTlsPolicy: unknown ? 'UpstreamTLSPolicy: unknown' : status.upstreamTlsPolicyCrd ? 'UpstreamTLSPolicy installed' : 'UpstreamTLSPolicy missing',
    upstreamTone: unknown ? 'neutral' : status.upstreamTlsPolicyCrd ? 'ok' : 'pending',
  };
}

export interface PermissionMatrix {
  verbs: string[];
  rows: { kind: string; cells: { verb: string; allowed: boolean | undefined }[]; denied: number }[];
}

/** Permissions as a table: kinds down (in the order the check asked), verbs across; `undefined` = not asked. */
export function permissionMatrix(permissions: ClusterPermission[]): PermissionMatrix {
  const verbs: string[] = [];
  const kinds: string[] = [];
  const allowed = new Map<string, boolean>();
  for (const p of permissions) {
    if (!verbs.includes(p.verb)) verbs.push(p.verb);
    if (!kinds.includes(p.kind)) kinds.push(p.kind);
    allowed.set(`${p.kind} ${p.verb}`, p.allowed);
  }
  return {
    verbs,
    rows: kinds.map((kind) => {
      const cells = verbs.map((verb) => ({ verb, allowed: allowed.get(`${kind} ${verb}`) }));
      return { kind, cells, denied: cells.filter((c) => c.allowed === false).length };
    }),
  };
}

/** "#3 · succeeded" for the list; nothing pushed yet says so. */
export function describeLastPush(lastPush: Cluster['lastPush']): { text: string; tone: Tone } {
  if (!lastPush) return { text: 'Never pushed', tone: 'neutral' };
  return { text: `#${lastPush.push} · ${lastPush.outcome}`, tone: lastPush.outcome === 'succeeded' ? 'ok' : lastPush.outcome === 'partial' ? 'pending' : 'bad' };
}

/** "No drift", "2 objects drifted" (at the last check; the Drift tab checks now). */
export function describeDriftCount(drift: number | undefined): { text: string; tone: Tone } {
  if (!drift) return { text: 'No drift', tone: 'ok' };
  return { text: `${drift} object${drift === 1 ? '' : 's'} drifted`, tone: 'pending' };
}
