import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SeedCerts {
  dir: string;
  caCert: string;
  caKey: string;
  serverCert: string;
  serverKey: string;
}

const CERTS_SH = join(dirname(fileURLToPath(import.meta.url)), '../../examples/upstream-tls/certs.sh');

/**
 * The example's own certificate commands (examples/upstream-tls/certs.sh, run as the walkthrough runs them): an RSA
 * CA "flomesh.io" and a server certificate with CN=foo.example.com and no SAN, written into `dir`.
 */
export function makeSeedCerts(dir: string): SeedCerts {
  execFileSync('sh', [CERTS_SH], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
  return { dir, caCert: join(dir, 'ca-cert.pem'), caKey: join(dir, 'ca-key.pem'), serverCert: join(dir, 'server-cert.pem'), serverKey: join(dir, 'server-key.pem') };
}
