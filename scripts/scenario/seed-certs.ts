import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SeedCerts {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

/**
 * The seed's own openssl commands (shared/seed/upstream-tls.md, "Deploying Sample Application"), run as
 * written: an RSA CA "flomesh.io" and a server certificate with CN=foo.example.com and no SAN.
 */
export function makeSeedCerts(dir: string, opts: { days?: number } = {}): SeedCerts {
  const sh = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  // `openssl genrsa 2048 > ca-key.pem`
  writeFileSync(join(dir, 'ca-key.pem'), sh(['genrsa', '2048']), { mode: 0o600 });
  sh(['req', '-new', '-x509', '-nodes', '-days', '365000', '-key', 'ca-key.pem', '-out', 'ca-cert.pem', '-subj', '/CN=flomesh.io']);
  sh(['genrsa', '-out', 'server-key.pem', '2048']);
  sh(['req', '-new', '-key', 'server-key.pem', '-out', 'server.csr', '-subj', '/CN=foo.example.com']);
  sh(['x509', '-req', '-in', 'server.csr', '-CA', 'ca-cert.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', 'server-cert.pem', '-days', String(opts.days ?? 365)]);
  return { dir, caCert: join(dir, 'ca-cert.pem'), caKey: join(dir, 'ca-key.pem'), serverCert: join(dir, 'server-cert.pem'), serverKey: join(dir, 'server-key.pem') };
}
