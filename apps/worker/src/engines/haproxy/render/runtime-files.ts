import { createHash } from 'node:crypto';

/** A file the configuration refers to, relative to the runtime directory. */
export interface RenderedFile {
  /** File name inside the runtime directory (content-addressed: a changed PEM is a new file). */
  readonly name: string;
  readonly content: string;
  /** Holds a private key: written 0600 like every runtime file, and never logged or shown. */
  readonly secret: boolean;
}

/**
 * The files one rendered configuration refers to, named by their content's hash so that the files of the
 * configuration in force and of the next one never collide (an old HAProxy process may still read its own while a
 * reload starts the new one), and the same content is written once.
 */
export class RuntimeFiles {
  private readonly files = new Map<string, RenderedFile>();

  constructor(private readonly dir: string) {}

  /** Adds `content` as `<kind>-<hash>.<ext>` and returns its absolute path. */
  add(kind: string, ext: string, content: string, secret = false): string {
    const hash = createHash('sha256').update(content).digest('hex').slice(0, 20);
    const name = `${kind}-${hash}.${ext}`;
    const prev = this.files.get(name);
    if (prev === undefined) this.files.set(name, { name, content, secret });
    else if (secret && !prev.secret) this.files.set(name, { ...prev, secret: true });
    return `${this.dir}/${name}`;
  }

  list(): RenderedFile[] {
    return [...this.files.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }
}
