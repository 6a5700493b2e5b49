import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const NGINX_BINARY = process.env.GATEHOUSE_BENCH_NGINX ?? '/usr/sbin/nginx';

export function nginxInstalled(): boolean {
  return existsSync(NGINX_BINARY);
}

/** The upstream's answer: a small JSON echo of what the proxy sent, so every contender's forwarding can be checked. */
const ECHO_BODY = `'{"echo":"upstream","host":"$host","uri":"$request_uri","xForwardedFor":"$http_x_forwarded_for","xForwardedProto":"$http_x_forwarded_proto"}'`;

/** The names the upstream's certificate carries and the contenders verify (nginx checks a name whenever it verifies). */
export const UPSTREAM_NAME = 'upstream.example.com';

/** Main context lines every nginx here shares: its own files under `dir`, foreground, errors only. */
function mainContext(dir: string, name: string, workers: string): string {
  return [
    'daemon off;',
    'master_process on;',
    `worker_processes ${workers};`,
    `pid ${join(dir, `${name}.pid`)};`,
    `error_log ${join(dir, `${name}-error.log`)} error;`,
    'events { worker_connections 8192; }',
  ].join('\n');
}

function tempPaths(dir: string, name: string): string {
  return ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `${k}_temp_path ${join(dir, `${name}-${k}`)};`).join('\n  ');
}

/**
 * The HTTPS upstream every contender proxies to: nginx answering a JSON echo, one worker (as in the reference
 * measurements: a Node upstream would cap every contender at its own rate). `keepAlivePort` keeps connections open
 * (keepalive_requests high, so pooled connections are never recycled); `closePort` closes after every response, so
 * that a proxy must open a new TLS connection per request (the handshake figure) whatever its pool does.
 */
export function upstreamConfig(dir: string, ports: { keepAlive: number; close: number }, certFile: string, keyFile: string): string {
  const server = (port: number, keepalive: string): string => `
  server {
    listen 127.0.0.1:${port} ssl;
    ssl_certificate ${certFile};
    ssl_certificate_key ${keyFile};
    ssl_session_cache shared:up${port}:10m;
    ${keepalive}
    default_type application/json;
    location / { return 200 ${ECHO_BODY}; }
  }`;
  return `${mainContext(dir, 'upstream', '1')}
http {
  access_log off;
  ${tempPaths(dir, 'upstream')}
  ${server(ports.keepAlive, 'keepalive_requests 10000000; keepalive_timeout 120s;')}
  ${server(ports.close, 'keepalive_timeout 0;')}
}
`;
}

/**
 * nginx as the contender: plain HTTP in, HTTPS to the upstream verified against the CA with the upstream's name (SNI
 * and name check, BackendTLSPolicy's semantics), the same X-Forwarded-* and Host handling as the worker. Host
 * `foo.example.com` goes to a keep-alive pool; `new.example.com` to the port that closes each connection.
 */
export function proxyConfig(dir: string, name: string, opts: { listenPort: number; workers: '1' | 'auto'; upstream: { keepAlive: number; close: number }; caFile: string }): string {
  const location = (pool: string): string => `
    location / {
      proxy_pass https://${pool};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $host;
      proxy_ssl_verify on;
      proxy_ssl_trusted_certificate ${opts.caFile};
      proxy_ssl_name ${UPSTREAM_NAME};
      proxy_ssl_server_name on;
      proxy_ssl_session_reuse on;
    }`;
  return `${mainContext(dir, name, opts.workers)}
http {
  access_log off;
  ${tempPaths(dir, name)}
  upstream pooled { server 127.0.0.1:${opts.upstream.keepAlive}; keepalive 64; keepalive_requests 10000000; keepalive_timeout 120s; }
  upstream fresh { server 127.0.0.1:${opts.upstream.close}; }
  server {
    listen 127.0.0.1:${opts.listenPort};
    server_name foo.example.com;
    keepalive_requests 10000000;
    ${location('pooled')}
  }
  server {
    listen 127.0.0.1:${opts.listenPort};
    server_name new.example.com;
    keepalive_requests 10000000;
    ${location('fresh')}
  }
}
`;
}

/** Writes the configuration, checks it (`nginx -t`) and runs nginx in the foreground; the master's pid is the tree to measure. */
export function startNginx(dir: string, name: string, config: string): ChildProcess {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.conf`);
  writeFileSync(file, config);
  return spawn(NGINX_BINARY, ['-p', dir, '-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
}
