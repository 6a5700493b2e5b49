import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startEchoServer } from './echo-server';

/**
 * `tsx src/main.ts --cert server.pem --key server-key.pem --port 8443 [--host 127.0.0.1]`
 * (or ECHO_CERT_FILE / ECHO_KEY_FILE / ECHO_PORT / ECHO_HOST). Without a certificate it speaks plain HTTP.
 */
const { values } = parseArgs({
  options: { cert: { type: 'string' }, key: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' } },
});
const certFile = values.cert ?? process.env.ECHO_CERT_FILE;
const keyFile = values.key ?? process.env.ECHO_KEY_FILE;
const port = Number(values.port ?? process.env.ECHO_PORT ?? '8443');
const host = values.host ?? process.env.ECHO_HOST ?? '127.0.0.1';
if ((certFile === undefined) !== (keyFile === undefined)) {
  console.error('give both --cert and --key (or neither for plain HTTP)');
  process.exit(2);
}
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port ${String(values.port ?? process.env.ECHO_PORT)}`);
  process.exit(2);
}
const tls = certFile !== undefined && keyFile !== undefined;
const server = await startEchoServer({
  host,
  port,
  tls,
  ...(tls ? { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') } : {}),
});
console.log(`echo listening on ${tls ? 'https' : 'http'}://${host.includes(':') ? `[${host}]` : host}:${server.port}`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void server.close().then(() => process.exit(0));
  });
}
