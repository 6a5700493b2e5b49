import { describe, expect, it } from 'vitest';
import { describeAuditAction, describeAuditObject, describeUserAgent, summarizeChange } from './describe-audit';

describe('audit events in words', () => {
  it('names actions and objects', () => {
    expect(describeAuditAction('update')).toBe('changed');
    expect(describeAuditAction('certificate.renew')).toBe('renewed the certificate');
    expect(describeAuditAction('masterkey.export')).toBe('masterkey export');
    expect(describeAuditObject({ action: 'certificate.create', group: 'gatehouse.dev', kind: 'Certificate', namespace: '', name: 'f00-id', after: { metadata: { name: 'f00-id' }, spec: { name: 'web' } } })).toBe('web');
    expect(describeAuditObject({ action: 'create', group: '', kind: 'Service', namespace: 'httpbin', name: 'httpbin' })).toBe('Service httpbin/httpbin');
    expect(describeAuditObject({ action: 'export', group: 'gatehouse.dev', kind: 'AuditEvent', namespace: 'httpbin', name: '' })).toBe('the audit log of namespace httpbin');
    expect(describeAuditObject({ action: 'login', group: 'gatehouse.dev', kind: 'User', namespace: '', name: 'alice' })).toBe('');
    expect(describeAuditObject({ action: 'user.update', group: 'gatehouse.dev', kind: 'User', namespace: '', name: 'alice' })).toBe('alice');
  });

  it('tells browsers from scripts', () => {
    expect(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/141.0.0.0 Safari/537.36')).toBe('Chrome');
    expect(describeUserAgent('curl/8.5.0')).toBe('curl 8.5.0');
    expect(describeUserAgent('')).toBe('');
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

  it('shows a whole added map or list in YAML flow style, not as JSON', () => {
    const before = { spec: { ports: [{ port: 8443 }] } };
    const after = { spec: { selector: { app: 'httpbin' }, ports: [{ port: 8443 }, { port: 9000, name: 'admin' }] } };
    expect(summarizeChange('Service', before, after)).toEqual([
      { path: 'spec.ports', kind: 'changed', from: '[{port: 8443}]', to: '[{port: 8443}, {port: 9000, name: admin}]' },
      { path: 'spec.selector', kind: 'added', to: '{app: httpbin}' },
    ]);
  });

  it('says only that a Secret value changed, never what it was', () => {
    const changes = summarizeChange('Secret', { data: { password: 'hmac-sha256:aa', keep: 'hmac-sha256:bb' } }, { data: { password: 'hmac-sha256:cc', keep: 'hmac-sha256:bb', extra: 'hmac-sha256:dd' } });
    expect(changes).toEqual([{ path: 'data.extra', kind: 'added' }, { path: 'data.password', kind: 'changed' }]);
  });
});
