import { connect, type Socket } from 'node:net';

/** What a raw connection got back: the bytes (latin1) and whether, and when, the server closed it. */
export interface RawOutcome {
  text: string;
  closedByServer: boolean;
  /** ms from connect to the server's close (or to giving up). */
  ms: number;
}

/**
 * A hand-written HTTP/1.1 exchange on a plain TCP socket: writes `parts` (with `gapMs` between them), then reads
 * until the server closes the connection or `waitMs` passes. Requests are written byte for byte as given, so
 * malformed ones reach the server's parser exactly as a hostile client would send them.
 */
export function rawExchange(port: number, parts: string | string[], opts: { gapMs?: number; waitMs?: number } = {}): Promise<RawOutcome> {
  const list = typeof parts === 'string' ? [parts] : parts;
  const waitMs = opts.waitMs ?? 3_000;
  return new Promise((resolve) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    const socket: Socket = connect(port, '127.0.0.1');
    let done = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (closedByServer: boolean): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer, ms: performance.now() - started });
    };
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.once('connect', () => {
      let i = 0;
      const next = (): void => {
        if (done || i >= list.length) return;
        socket.write(list[i++] as string, 'latin1');
        if (i < list.length) setTimeout(next, opts.gapMs ?? 0);
      };
      next();
      timer = setTimeout(() => finish(false), waitMs);
    });
  });
}

/**
 * Opens a connection that writes `head`, then one more byte ("a") every `gapMs` and never finishes: a slowloris
 * client when `head` is an unfinished request head, a slow-body client when it is a complete head with a large
 * Content-Length. Resolves when the server closes the connection (or after `giveUpMs`).
 */
export function trickle(port: number, head: string, gapMs: number, giveUpMs: number): { closed: Promise<RawOutcome>; socket: Socket } {
  const started = performance.now();
  const socket = connect(port, '127.0.0.1', () => socket.write(head, 'latin1'));
  const chunks: Buffer[] = [];
  const tick = setInterval(() => {
    if (socket.destroyed || !socket.writable || socket.connecting) return;
    socket.write('a', 'latin1');
  }, gapMs);
  socket.on('data', (d: Buffer) => chunks.push(d));
  const closed = new Promise<RawOutcome>((resolve) => {
    const giveUp = setTimeout(() => {
      clearInterval(tick);
      socket.destroy();
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer: false, ms: performance.now() - started });
    }, giveUpMs);
    const end = (): void => {
      clearInterval(tick);
      clearTimeout(giveUp);
      resolve({ text: Buffer.concat(chunks).toString('latin1'), closedByServer: true, ms: performance.now() - started });
    };
    socket.once('close', end);
    socket.on('error', () => socket.destroy());
  });
  return { closed, socket };
}

/** The status code of the first response in `text` (0 if none). */
export function firstStatus(text: string): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
  return m === null ? 0 : Number(m[1]);
}
