import { describe, expect, it } from 'vitest';
import { describeAuditAction, describeAuditObject, summarizeChange } from './describe-audit';

describe('audit events in words', () => {
  it('names actions and objects', () => {
    expect(describeAuditAction('update')).toBe('changed');
    expect(describeAuditAction('certificate.renew')).toBe('certificate renew');
    expect(describeAuditObject({ action: 'create', group: '', kind: 'Service', namespace: 'httpbin', name: 'httpbin' })).toBe('Service httpbin/httpbin');
    expect(describeAuditObject({ action: 'login', group: 'gatehouse.dev', kind: 'User', namespace: '', name: 'alice' })).toBe('');
    expect(describeAuditObject({ action: 'user.update', group: 'gatehouse.dev', kind: 'User', namespace: '', name: 'alice' })).toBe('alice');
  });

  it('lists changed fields by path, ignoring server bookkeeping', () => {
    const before = { metadata: { name: 's', resourceVersion: '4', labels: { a: '1' } }, spec: { ports: [{ port: 80 }] } };
    const after = { metadata: { name: 's', resourceVersion: '9', labels: { a: '1', 'app.kubernetes.io/name': 'x' } }, spec: { ports: [{ port: 81 }] } };
    expect(summarizeChange('Service', before, after)).toEqual([
      { path: 'metadata.labels[app.kubernetes.io/name]', kind: 'added', to: 'x' },
      { path: 'spec.ports[0].port', kind: 'changed', from: '80', to: '81' },
    ]);
    expect(summarizeChange('Service', before, before)).toEqual([]);
  });

  it('says only that a Secret value changed, never what it was', () => {
    const changes = summarizeChange('Secret', { data: { password: 'hmac-sha256:aa', keep: 'hmac-sha256:bb' } }, { data: { password: 'hmac-sha256:cc', keep: 'hmac-sha256:bb', extra: 'hmac-sha256:dd' } });
    expect(changes).toEqual([{ path: 'data.extra', kind: 'added' }, { path: 'data.password', kind: 'changed' }]);
  });
});
