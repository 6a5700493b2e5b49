import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseClientHello } from './client-hello';

/**
 * ClientHellos captured from real clients (node:tls and the OpenSSL CLI) by a TCP server that never answers, then
 * fed to the parser whole, byte by byte, re-split into several records, and damaged.
 */
async function captureHello(client: (port: number) => () => void): Promise<Buffer> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ClientHello within 5 s')), 5_000);
      server.on('connection', (socket) => {
        let got = Buffer.alloc(0);
        socket.on('data', (chunk: Buffer) => {
          got = Buffer.concat([got, chunk]);
          if (parseClientHello(got).state !== 'partial') {
            clearTimeout(timer);
            socket.destroy();
            stop();
            resolve(got);
          }
        });
      });
      const stop = client(port);
    });
  } finally {
    server.close();
  }
}

function nodeClient(servername: string | undefined, extra: Record<string, unknown> = {}): (port: number) => () => void {
  return (port) => {
    const s = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...(servername === undefined ? {} : { servername }), ...extra });
    s.on('error', () => undefined);
    return () => s.destroy();
  };
}

function opensslClient(args: string[]): (port: number) => () => void {
  return (port) => {
    const p = spawn('openssl', ['s_client', '-connect', `127.0.0.1:${port}`, ...args], { stdio: ['pipe', 'ignore', 'ignore'] });
    p.on('error', () => undefined);
    return () => p.kill();
  };
}

/** The handshake bytes of a one-record hello, re-wrapped as records of at most `size` bytes. */
function resplit(hello: Buffer, size: number): Buffer {
  const body = hello.subarray(5, 5 + hello.readUInt16BE(3));
  const records: Buffer[] = [];
  for (let i = 0; i < body.length; i += size) {
    const part = body.subarray(i, i + size);
    const header = Buffer.from([22, 3, 1, 0, 0]);
    header.writeUInt16BE(part.length, 3);
    records.push(header, part);
  }
  return Buffer.concat(records);
}

let withSni: Buffer;
let withoutSni: Buffer;
let tls12: Buffer;

beforeAll(async () => {
  withSni = await captureHello(nodeClient('abc.example.com'));
  withoutSni = await captureHello(nodeClient(undefined));
  tls12 = await captureHello(opensslClient(['-servername', 'legacy.example.com', '-tls1_2']));
});

describe('parseClientHello', () => {
  it('reads the server name of a node:tls ClientHello; without SNI (connecting to an IP) there is none', () => {
    expect(parseClientHello(withSni)).toEqual({ state: 'complete', serverName: 'abc.example.com' });
    expect(parseClientHello(withoutSni)).toEqual({ state: 'complete', serverName: null });
  });

  it('reads the server name of an OpenSSL TLS 1.2 ClientHello', () => {
    expect(parseClientHello(tls12)).toEqual({ state: 'complete', serverName: 'legacy.example.com' });
  });

  it('lower-cases the name (SNI compares case-insensitively)', async () => {
    const upper = await captureHello(nodeClient('ABC.Example.COM'));
    expect(parseClientHello(upper)).toEqual({ state: 'complete', serverName: 'abc.example.com' });
  });

  it('asks for more bytes on every proper prefix, then completes', () => {
    for (let n = 0; n < withSni.length; n++) expect(parseClientHello(withSni.subarray(0, n)).state, `prefix ${n}`).toBe('partial');
    expect(parseClientHello(withSni).state).toBe('complete');
  });

  it('reassembles a ClientHello split over several records', () => {
    const split = resplit(withSni, 50);
    expect(split.length).toBeGreaterThan(withSni.length);
    expect(parseClientHello(split)).toEqual({ state: 'complete', serverName: 'abc.example.com' });
    expect(parseClientHello(split.subarray(0, split.length - 1)).state).toBe('partial');
  });

  it('refuses what is not a TLS ClientHello at once', () => {
    expect(parseClientHello(Buffer.from('G'))).toMatchObject({ state: 'invalid' });
    expect(parseClientHello(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'))).toMatchObject({ state: 'invalid', reason: 'not a TLS handshake record' });
    // An alert record, a wrong record version, an empty record.
    expect(parseClientHello(Buffer.from([21, 3, 1, 0, 2, 2, 40]))).toMatchObject({ state: 'invalid' });
    expect(parseClientHello(Buffer.from([22, 2, 0, 0, 4, 1, 0, 0, 0]))).toMatchObject({ state: 'invalid' });
    expect(parseClientHello(Buffer.from([22, 3, 1, 0, 0]))).toMatchObject({ state: 'invalid' });
    // A handshake record holding a ServerHello (type 2).
    const serverHello = Buffer.from(withSni);
    serverHello[5] = 2;
    expect(parseClientHello(serverHello)).toMatchObject({ state: 'invalid', reason: 'the first handshake message is not a ClientHello' });
  });

  it('refuses damaged lengths inside the hello instead of reading past them', () => {
    // The session id length (after the 4-byte handshake header, version and random) claims more than there is.
    const bad = Buffer.from(withSni);
    bad[5 + 4 + 2 + 32] = 255;
    expect(parseClientHello(bad)).toMatchObject({ state: 'invalid' });
    // A ClientHello whose extensions are cut short: the record and handshake lengths shrink, the vector does not.
    const cut = Buffer.from(withSni.subarray(0, withSni.length - 3));
    cut.writeUInt16BE(cut.length - 5, 3);
    cut.writeUIntBE(cut.length - 9, 6, 3);
    expect(parseClientHello(cut)).toMatchObject({ state: 'invalid' });
  });

  it('refuses a ClientHello that announces more than 64 kB', () => {
    const huge = Buffer.from([22, 3, 1, 0, 4, 1, 0x01, 0x00, 0x01]);
    expect(parseClientHello(huge)).toEqual({ state: 'invalid', reason: 'ClientHello too large' });
  });
});
