/**
 * The `http-proxy` package as a baseline contender (a child process of the benchmark):
 * `tsx http-proxy-baseline.ts <listenPort> <upstreamPort> <caFile> <servername>`. node:http server →
 * `proxy.web()` over a keep-alive https.Agent that verifies the upstream against the CA with the upstream's name,
 * X-Forwarded-* added (`xfwd`), Host kept: the same policy as the worker and nginx.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Agent } from 'node:https';
import httpProxy from 'http-proxy';

const [listenPort, upstreamPort, caFile, servername] = process.argv.slice(2);
const agent = new Agent({ keepAlive: true, maxSockets: 128, ca: readFileSync(caFile as string, 'utf8'), servername, scheduling: 'lifo' });
const proxy = httpProxy.createProxyServer({ target: `https://127.0.0.1:${upstreamPort}`, agent, secure: true, xfwd: true, changeOrigin: false });
proxy.on('error', (_err, _req, res) => {
  if ('writeHead' in res && !res.headersSent) res.writeHead(502).end();
  else res.destroy();
});
createServer((req, res) => proxy.web(req, res)).listen(Number(listenPort), '127.0.0.1');
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
