import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Test-time PKI made with the OpenSSL CLI (an outside judge, not our own code). Keys are EC P-256
 * (fast) and live only in a temporary directory; nothing here is ever committed.
 */
export interface TestCa {
  name: string;
  certPem: string;
  certFile: string;
  keyFile: string;
}

export interface IssuedCert {
  certPem: string;
  keyPem: string;
}

export interface TestPki {
  dir: string;
  createCa(cn: string): TestCa;
  /** A server certificate signed by `ca`. `sans` like ['DNS:abc.example.com', 'URI:spiffe://x']; none = CN only (FSM demo). */
  issue(ca: TestCa, opts: { cn: string; sans?: string[]; expired?: boolean; usage?: 'server' | 'client' }): IssuedCert;
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pki-'));
  let serial = 0;
  const newKey = (file: string): void => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file], dir);
  return {
    dir,
    createCa(cn) {
      const name = `ca${++serial}`;
      newKey(`${name}.key`);
      openssl(['req', '-new', '-x509', '-key', `${name}.key`, '-out', `${name}.crt`, '-days', '3650', '-subj', `/CN=${cn}`, '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
      return { name, certPem: readFileSync(join(dir, `${name}.crt`), 'utf8'), certFile: join(dir, `${name}.crt`), keyFile: join(dir, `${name}.key`) };
    },
    issue(ca, opts) {
      const name = `srv${++serial}`;
      newKey(`${name}.key`);
      openssl(['req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${opts.cn}`], dir);
      const ext = ['basicConstraints=CA:FALSE', 'keyUsage=digitalSignature', `extendedKeyUsage=${opts.usage === 'client' ? 'clientAuth' : 'serverAuth'}`];
      if (opts.sans !== undefined && opts.sans.length > 0) ext.push(`subjectAltName=${opts.sans.join(',')}`);
      writeFileSync(join(dir, `${name}.ext`), ext.join('\n') + '\n');
      if (opts.expired === true) {
        // OpenSSL 3.0's `x509 -req` cannot back-date; `openssl ca` can (-startdate/-enddate).
        writeFileSync(join(dir, `${name}.index`), '');
        writeFileSync(join(dir, `${name}.serial`), '1000\n');
        writeFileSync(
          join(dir, `${name}.cnf`),
          [
            '[ca]', 'default_ca = d', '[d]', `database = ${name}.index`, 'new_certs_dir = .', `serial = ${name}.serial`,
            'default_md = sha256', 'policy = p', 'unique_subject = no', '[p]', 'commonName = supplied', '',
          ].join('\n'),
        );
        openssl(['ca', '-batch', '-config', `${name}.cnf`, '-cert', ca.certFile, '-keyfile', ca.keyFile, '-in', `${name}.csr`, '-out', `${name}.crt`,
          '-startdate', '20200101000000Z', '-enddate', '20200201000000Z', '-extfile', `${name}.ext`, '-notext'], dir);
      } else {
        openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', ca.certFile, '-CAkey', ca.keyFile, '-CAcreateserial', '-out', `${name}.crt`, '-days', '365', '-extfile', `${name}.ext`], dir);
      }
      return { certPem: readFileSync(join(dir, `${name}.crt`), 'utf8'), keyPem: readFileSync(join(dir, `${name}.key`), 'utf8') };
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
