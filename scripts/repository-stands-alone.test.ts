/**
 * A fresh clone with nothing beside it must pass its own tests (issue 12 §1): no tracked file may read or point
 * at anything outside the repository, nor name one machine's paths. This catches the regression cheaply; CI also
 * runs the whole suite from a clone in a directory with no siblings (.ci/run).
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Spelled in pieces so that this file does not match itself.
const FORBIDDEN = [
  ['..', '/shared/'],
  ['/work', '/'],
  ['shared', '/seed/'],
  ['shared', '/notes/'],
  ['shared', '/k8s/'],
  ['/root', '/'],
  ['/home', '/'],
].map((p) => p.join(''));

describe('the repository stands alone', () => {
  it('no tracked text file refers to a sibling directory or to a machine path', () => {
    const files = execFileSync('git', ['ls-files', '-z'], { cwd: root, encoding: 'utf8' }).split('\0').filter(Boolean);
    expect(files.length).toBeGreaterThan(100);
    const hits: string[] = [];
    for (const f of files) {
      if (/\.(png|jpg|ico|woff2?|lock)$|package-lock\.json$/.test(f)) continue;
      let text: string;
      try {
        text = readFileSync(join(root, f), 'utf8');
      } catch {
        continue; // deleted in the work tree
      }
      text.split('\n').forEach((line, i) => {
        for (const bad of FORBIDDEN) if (line.includes(bad)) hits.push(`${f}:${i + 1}: ${bad}`);
      });
    }
    expect(hits).toEqual([]);
  });
});
