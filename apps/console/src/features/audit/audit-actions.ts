/** Every action the audit log's action filter offers (a test checks it against the server's list). */
export const ACTIONS = [
  'create', 'update', 'delete', 'apply', 'export', 'login', 'login.failed', 'logout', 'user.create', 'user.update', 'user.password',
  'user.disable', 'user.enable', 'token.create', 'token.revoke', 'bootstrap', 'masterkey.rotate',
  'certificate.create', 'certificate.import', 'certificate.renew', 'certificate.revoke', 'certificate.update', 'certificate.delete',
  'certificate.export', 'certificate.bind', 'certificate.unbind',
  'cluster.register', 'cluster.remove', 'cluster.install-crds', 'cluster.push', 'cluster.import',
  'notification-channel.create', 'notification-channel.update', 'notification-channel.delete',
  'user.password.failed', 'user.sessions.end', 'session.end', 'session.end-others',
  'login.sso.failed', 'login.totp.failed', 'user.totp.enable', 'user.totp.disable', 'user.totp.reset',
  'audit.prune',
];
