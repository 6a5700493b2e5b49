import { KubeConfig } from '@kubernetes/client-node';
import { parse, YAMLParseError } from 'yaml';

export interface KubeconfigProblem {
  path: string;
  message: string;
}

export interface CheckedKubeconfig {
  kc: KubeConfig;
  context: string;
  server: string;
}

interface RawKubeconfig {
  clusters?: { name?: string; cluster?: Record<string, unknown> }[];
  users?: { name?: string; user?: Record<string, unknown> }[];
  contexts?: { name?: string; context?: { cluster?: string; user?: string } }[];
  'current-context'?: string;
}

// A kubeconfig uploaded to a server must carry its credentials itself: an exec plugin or auth-provider would run
// a command (or a cloud SDK) on the console's host, and a file path would read the console's files. Rancher and
// Argo CD refuse the same for the same reason.
const USER_FORBIDDEN = ['exec', 'auth-provider', 'tokenFile', 'client-certificate', 'client-key', 'username', 'password'];
const CLUSTER_FORBIDDEN = ['certificate-authority'];

/**
 * Reads an uploaded kubeconfig and picks its context (the named one, else current-context). Problems name the
 * field (`kubeconfig.users[0].user.exec`) and never quote the document: it holds credentials.
 */
export function checkKubeconfig(yaml: string, context?: string): CheckedKubeconfig | { problems: KubeconfigProblem[] } {
  let raw: RawKubeconfig;
  try {
    raw = parse(yaml, { maxAliasCount: 10, prettyErrors: false }) as RawKubeconfig;
  } catch (e) {
    let pos = '';
    if (e instanceof YAMLParseError) {
      const before = yaml.slice(0, e.pos[0]).split('\n');
      pos = ` at line ${before.length}, column ${before[before.length - 1]!.length + 1}`;
    }
    return { problems: [{ path: 'kubeconfig', message: `not valid YAML${pos}` }] };
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { problems: [{ path: 'kubeconfig', message: 'not a kubeconfig (expected a YAML mapping with clusters, users and contexts)' }] };
  const problems: KubeconfigProblem[] = [];
  const name = context ?? raw['current-context'];
  if (!name) return { problems: [{ path: 'context', message: 'the kubeconfig has no current-context: name the context to use' }] };
  const ctx = (raw.contexts ?? []).find((c) => c.name === name);
  if (!ctx) {
    const names = (raw.contexts ?? []).map((c) => c.name).filter(Boolean);
    return { problems: [{ path: context ? 'context' : 'kubeconfig.current-context', message: `no context named "${name}" in the kubeconfig${names.length ? ` (it has: ${names.join(', ')})` : ''}` }] };
  }
  const ci = (raw.clusters ?? []).findIndex((c) => c.name === ctx.context?.cluster);
  const ui = (raw.users ?? []).findIndex((u) => u.name === ctx.context?.user);
  if (ci < 0) problems.push({ path: 'kubeconfig.clusters', message: `context "${name}" names cluster "${ctx.context?.cluster ?? ''}", which the kubeconfig does not have` });
  if (ui < 0) problems.push({ path: 'kubeconfig.users', message: `context "${name}" names user "${ctx.context?.user ?? ''}", which the kubeconfig does not have` });
  const cluster = ci >= 0 ? raw.clusters![ci]!.cluster ?? {} : {};
  const user = ui >= 0 ? raw.users![ui]!.user ?? {} : {};
  for (const f of USER_FORBIDDEN) {
    if (f in user) problems.push({ path: `kubeconfig.users[${ui}].user.${f}`, message: f === 'exec' || f === 'auth-provider' ? 'credential plugins are not accepted: they would run on the console\'s host; use a token or a client certificate (service account kubeconfig)' : f === 'username' || f === 'password' ? 'basic authentication is not accepted; use a token or a client certificate' : `file paths are not accepted: embed the data (${f}-data)` });
  }
  for (const f of CLUSTER_FORBIDDEN) {
    if (f in cluster) problems.push({ path: `kubeconfig.clusters[${ci}].cluster.${f}`, message: `file paths are not accepted: embed the data (${f}-data)` });
  }
  const server = typeof cluster.server === 'string' ? cluster.server : '';
  if (ci >= 0 && !/^https?:\/\/[^\s/]+/.test(server)) problems.push({ path: `kubeconfig.clusters[${ci}].cluster.server`, message: 'Required value: the API server URL (https://host:port)' });
  if (ci >= 0 && ui >= 0 && !('token' in user) && !('client-certificate-data' in user)) {
    problems.push({ path: `kubeconfig.users[${ui}].user`, message: 'no credentials: give a token or client-certificate-data with client-key-data' });
  }
  if (problems.length > 0) return { problems };
  const kc = new KubeConfig();
  try {
    kc.loadFromString(yaml);
    kc.setCurrentContext(name);
  } catch (e) {
    return { problems: [{ path: 'kubeconfig', message: `not a usable kubeconfig: ${(e as Error).message.split('\n')[0]!.slice(0, 200)}` }] };
  }
  return { kc, context: name, server: server.replace(/\/+$/, '') };
}
