import { diffLines } from 'diff';

export interface DiffCell {
  /** 1-based line number in its text. */
  line: number;
  text: string;
}

export interface DiffRow {
  kind: 'same' | 'changed' | 'removed' | 'added';
  left?: DiffCell;
  right?: DiffCell;
}

function linesOf(value: string): string[] {
  return value.replace(/\n$/, '').split('\n');
}

/**
 * Two texts as aligned rows for a two-column view: unchanged lines side by side, a removed run next to the added
 * run that replaced it (paired line by line, the longer one's rest against blanks), pure additions and removals
 * against a blank. Built on jsdiff's line diff (Myers' algorithm).
 */
export function sideBySide(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let l = 1;
  let r = 1;
  const parts = diffLines(before, after);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (!p.added && !p.removed) {
      for (const text of linesOf(p.value)) rows.push({ kind: 'same', left: { line: l++, text }, right: { line: r++, text } });
      continue;
    }
    const next = parts[i + 1];
    const removed = p.removed ? linesOf(p.value) : [];
    const added = p.added ? linesOf(p.value) : next?.added && p.removed ? linesOf(next.value) : [];
    if (p.removed && next?.added) i++;
    for (let k = 0; k < Math.max(removed.length, added.length); k++) {
      const left = k < removed.length ? { line: l++, text: removed[k]! } : undefined;
      const right = k < added.length ? { line: r++, text: added[k]! } : undefined;
      rows.push({ kind: left && right ? 'changed' : left ? 'removed' : 'added', ...(left ? { left } : {}), ...(right ? { right } : {}) });
    }
  }
  return rows;
}
