/** The two sides of a unified diff as texts, for the console's line diff (components/line-diff.tsx). */
export interface DiffSides {
  before: string;
  after: string;
  beforeLabel: string;
  afterLabel: string;
}

/** Shown in both sides where the diff leaves unchanged lines out (before a hunk that does not start at line 1, between hunks). */
export const ELIDED = '⋯';

function labelOf(header: string | undefined, missing: string, fallback: string): string {
  if (header === undefined) return fallback;
  const name = header.replace(/^(---|\+\+\+) /, '').split('\t')[0]!.trim();
  if (name === '/dev/null') return missing;
  // "HTTPRoute shop/web (cluster)" → "cluster": the object is named by the row the diff belongs to.
  const side = /\(([^()]+)\)$/.exec(name);
  return side ? side[1]! : name;
}

/**
 * Splits the server's unified diff (`--- a`, `+++ b`, `@@` hunks of context, `-` and `+` lines) back into the text
 * before and the text after, so the same line-diff component the rest of the console uses can show it. Lines the
 * hunks leave out become one "⋯" line on both sides. An empty diff gives two empty texts.
 */
export function unifiedDiffSides(diff: string, labels: { missingBefore?: string; missingAfter?: string } = {}): DiffSides {
  const lines = diff.replace(/\n$/, '').split('\n');
  let oldHeader: string | undefined;
  let newHeader: string | undefined;
  const before: string[] = [];
  const after: string[] = [];
  let inHunk = false;
  let hunks = 0;
  for (const line of lines) {
    if (!inHunk && line.startsWith('--- ')) {
      oldHeader = line;
      continue;
    }
    if (!inHunk && line.startsWith('+++ ')) {
      newHeader = line;
      continue;
    }
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(line);
    if (hunk) {
      const oldStart = Number(hunk[1]);
      const newStart = Number(hunk[2]);
      if (hunks > 0 || oldStart > 1 || newStart > 1) {
        before.push(ELIDED);
        after.push(ELIDED);
      }
      hunks++;
      inHunk = true;
      continue;
    }
    if (!inHunk || line.startsWith('\\')) continue; // "\ No newline at end of file", or text before the first hunk
    const mark = line[0];
    const text = line.slice(1);
    if (mark === '-') before.push(text);
    else if (mark === '+') after.push(text);
    else {
      before.push(text);
      after.push(text);
    }
  }
  const join = (xs: string[]) => (xs.length === 0 ? '' : `${xs.join('\n')}\n`);
  return {
    before: join(before),
    after: join(after),
    beforeLabel: labelOf(oldHeader, labels.missingBefore ?? 'nothing (the object does not exist)', 'before'),
    afterLabel: labelOf(newHeader, labels.missingAfter ?? 'nothing (the object is gone)', 'after'),
  };
}
