import { describe, expect, it } from 'vitest';
import { checkKubeconfig } from './kubeconfig';

const kubeconfig = (user: string, extra = '') => `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: {server: "https://127.0.0.1:6443", certificate-authority-data: Q0E=${extra}}
users:
- name: u
  user: ${user}
contexts:
- name: one
  context: {cluster: c, user: u}
- name: two
  context: {cluster: c, user: missing}
current-context: one
`;

const problems = (r: ReturnType<typeof checkKubeconfig>) => ('problems' in r ? r.problems : []);

describe('checkKubeconfig', () => {
  it('accepts embedded token or client certificate credentials and picks the current context', () => {
    const r = checkKubeconfig(kubeconfig('{token: abc}'));
    expect('problems' in r).toBe(false);
    if (!('problems' in r)) expect(r).toMatchObject({ context: 'one', server: 'https://127.0.0.1:6443' });
  });
  it('refuses credential plugins and file paths, naming the field', () => {
    expect(problems(checkKubeconfig(kubeconfig('{exec: {command: id}}'))).map((p) => p.path)).toEqual(['kubeconfig.users[0].user.exec', 'kubeconfig.users[0].user']);
    expect(problems(checkKubeconfig(kubeconfig('{auth-provider: {name: gcp}, token: x}')))[0]!.path).toBe('kubeconfig.users[0].user.auth-provider');
    expect(problems(checkKubeconfig(kubeconfig('{tokenFile: /etc/shadow}')))[0]!.message).toMatch(/file paths are not accepted/);
    expect(problems(checkKubeconfig(kubeconfig('{token: x}', ', certificate-authority: /etc/ca.crt')))[0]!.path).toBe('kubeconfig.clusters[0].cluster.certificate-authority');
  });
  it('names the context problem: unknown context, a context whose user is missing', () => {
    expect(problems(checkKubeconfig(kubeconfig('{token: x}'), 'nope'))[0]).toMatchObject({ path: 'context', message: expect.stringContaining('it has: one, two') });
    expect(problems(checkKubeconfig(kubeconfig('{token: x}'), 'two'))[0]!.path).toBe('kubeconfig.users');
  });
  it('reports bad YAML by position only, never quoting the text (it holds credentials)', () => {
    const r = problems(checkKubeconfig('users:\n- name: x\n  user: {token: s3cr3t-value\n  oops: ['));
    expect(r[0]!.message).toMatch(/^not valid YAML at line \d+, column \d+$/);
    expect(JSON.stringify(r)).not.toContain('s3cr3t');
  });
});
