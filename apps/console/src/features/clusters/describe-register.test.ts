import { describe, expect, it } from 'vitest';
import { registerFieldErrors, registerFieldOf } from './describe-register';

describe('register errors land on their field', () => {
  it('puts everything about the kubeconfig on the kubeconfig field', () => {
    expect(registerFieldOf('kubeconfig.users[0].user.exec')).toBe('kubeconfig');
    expect(registerFieldOf('kubeconfig.current-context')).toBe('kubeconfig');
    expect(registerFieldOf('kubeconfig')).toBe('kubeconfig');
    expect(registerFieldOf('context')).toBe('context');
    expect(registerFieldOf('name')).toBe('name');
    expect(registerFieldOf('input.name')).toBe('name');
    expect(registerFieldOf('inCluster')).toBe('form');
  });

  it('names the place in the kubeconfig and joins several problems of one field', () => {
    expect(registerFieldErrors([
      { path: 'kubeconfig.users[0].user.exec', message: 'credential plugins are not accepted' },
      { path: 'kubeconfig.clusters[0].cluster.certificate-authority', message: 'file paths are not accepted' },
      { path: 'kubeconfig', message: 'not valid YAML at line 3, column 1' },
      { path: 'name', message: 'taken' },
    ])).toEqual({
      kubeconfig: 'users[0].user.exec: credential plugins are not accepted; clusters[0].cluster.certificate-authority: file paths are not accepted; not valid YAML at line 3, column 1',
      name: 'taken',
    });
  });
});
