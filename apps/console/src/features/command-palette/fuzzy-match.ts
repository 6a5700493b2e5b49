/**
 * The command palette's matcher: how well a typed query matches a label, in tiers, best first —
 *   exact › prefix › at a word start › word prefixes in order ("new rou", "rs" for Request simulator) ›
 *   anywhere › letters in order (a subsequence).
 * Within a tier, an earlier and a shorter match wins. Case-insensitive; `indices` are the matched characters of the
 * label, for highlighting. Pure.
 */

export const MATCH_TIERS = ['subsequence', 'substring', 'words', 'wordPrefix', 'prefix', 'exact'] as const;
export type MatchTier = (typeof MATCH_TIERS)[number];

export interface FuzzyMatch {
  tier: MatchTier;
  /** Higher is better; tiers never overlap (tier × 1000 + up to 999 within it). */
  score: number;
  /** Positions in the label that matched, ascending. */
  indices: number[];
}

/** Lower-case, trimmed, runs of white space as one space. */
export function normalizeQuery(query: string): string {
  return query.trim().toLowerCase().replace(/\s+/g, ' ');
}

const SEPARATOR = /[\s\-_./:·,()[\]]/;
const isUpper = (c: string) => c !== c.toLowerCase() && c === c.toUpperCase();
const isLower = (c: string) => c !== c.toUpperCase() && c === c.toLowerCase();

/**
 * Whether a word starts at `i`: the first character, after a separator, a lower→upper step (camelCase) or the last
 * capital of a run followed by a lower-case letter (the R of HTTPRoute).
 */
export function isWordStart(text: string, i: number): boolean {
  if (i === 0) return !SEPARATOR.test(text.charAt(0));
  const c = text.charAt(i);
  const prev = text.charAt(i - 1);
  if (SEPARATOR.test(c)) return false;
  if (SEPARATOR.test(prev)) return true;
  if (isUpper(c) && isLower(prev)) return true;
  return isUpper(c) && isUpper(prev) && isLower(text.charAt(i + 1));
}

function range(from: number, length: number): number[] {
  return Array.from({ length }, (_, k) => from + k);
}

function scored(tier: MatchTier, within: number, indices: number[]): FuzzyMatch {
  return { tier, score: (MATCH_TIERS.indexOf(tier) + 1) * 1000 + Math.max(0, Math.min(999, Math.round(within))), indices };
}

/** Earlier and shorter is better: a within-tier score from where the match starts and how long the label is. */
const placement = (start: number, length: number) => 999 - start * 10 - Math.min(length, 99);

/**
 * Chunks of the query (spaces removed) that are each a prefix of a word, the words in order (skipping allowed):
 * "new rou" → New route, "rs" → Request simulator, "tlspol" → TLS Policies. Backtracks, so "newg" finds New gateway.
 */
function matchWordPrefixes(q: string, lower: string, starts: number[]): number[] | null {
  const go = (qi: number, wi: number): number[] | null => {
    if (qi === q.length) return [];
    for (let w = wi; w < starts.length; w++) {
      const s = starts[w] ?? 0;
      let k = 0;
      while (qi + k < q.length && s + k < lower.length && lower[s + k] === q[qi + k] && (k === 0 || !isWordBoundaryInside(starts, s + k))) k++;
      for (; k >= 1; k--) {
        const rest = go(qi + k, w + 1);
        if (rest) return [...range(s, k), ...rest];
      }
    }
    return null;
  };
  return go(0, 0);
}

function isWordBoundaryInside(starts: number[], i: number): boolean {
  return starts.includes(i);
}

/** Letters of the query in order, preferring word starts: greedy from the left, scored by word starts and runs. */
function matchSubsequence(q: string, text: string, lower: string): { indices: number[]; within: number } | null {
  const indices: number[] = [];
  let from = 0;
  for (const ch of q) {
    // A later occurrence at a word start beats the next one mid-word, if there is one before the next word start.
    let at = lower.indexOf(ch, from);
    if (at < 0) return null;
    if (!isWordStart(text, at) && indices.length > 0 && indices[indices.length - 1] !== at - 1) {
      for (let j = at + 1; j < lower.length; j++) {
        if (lower[j] === ch && isWordStart(text, j)) {
          at = j;
          break;
        }
      }
    }
    indices.push(at);
    from = at + 1;
  }
  let within = 500 - (indices[0] ?? 0) - Math.min(lower.length, 99);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k] ?? 0;
    if (isWordStart(text, i)) within += 20;
    const prev = indices[k - 1];
    if (prev !== undefined) within += i === prev + 1 ? 10 : -Math.min(i - prev - 1, 10);
  }
  return { indices, within };
}

/** How `query` matches `text`, or null when it does not. An empty query matches everything equally (tier prefix, no indices). */
export function fuzzyMatch(query: string, text: string): FuzzyMatch | null {
  const q = normalizeQuery(query);
  if (q === '') return scored('prefix', 0, []);
  const lower = text.toLowerCase();
  if (lower === q) return scored('exact', 999, range(0, text.length));
  if (lower.startsWith(q)) return scored('prefix', placement(0, text.length), range(0, q.length));

  let at = lower.indexOf(q);
  const firstAt = at;
  while (at >= 0) {
    if (isWordStart(text, at)) return scored('wordPrefix', placement(at, text.length), range(at, q.length));
    at = lower.indexOf(q, at + 1);
  }

  const compact = q.replace(/ /g, '');
  const starts = [...text].map((_, i) => i).filter((i) => isWordStart(text, i));
  const words = matchWordPrefixes(compact, lower, starts);
  if (words) return scored('words', placement(words[0] ?? 0, text.length), words);

  if (firstAt >= 0) return scored('substring', placement(firstAt, text.length), range(firstAt, q.length));

  const sub = matchSubsequence(compact, text, lower);
  return sub ? scored('subsequence', sub.within, sub.indices) : null;
}

/** Compares two matches: negative when `a` ranks first. */
export function compareMatches(a: FuzzyMatch, b: FuzzyMatch): number {
  return b.score - a.score;
}

const SECONDARY_PENALTY = 3000;

/**
 * The items that match, best first (equal scores keep their order). `textsOf` gives the texts to try for an item —
 * its label first, then other names for it (a keyword, `namespace/name`), which rank three tiers lower; the best
 * match counts, and only a match of the label is highlighted.
 */
export function rankByMatch<T>(query: string, items: readonly T[], textsOf: (item: T) => readonly string[]): { item: T; match: FuzzyMatch; highlight: number[] }[] {
  const out: { item: T; match: FuzzyMatch; highlight: number[]; order: number }[] = [];
  items.forEach((item, order) => {
    let best: FuzzyMatch | null = null;
    let highlight: number[] = [];
    textsOf(item).forEach((text, k) => {
      const found = fuzzyMatch(query, text);
      // Another name for the item ranks three tiers lower: a label that matches at a word start beats it.
      const m = found && k > 0 ? { ...found, score: Math.max(1, found.score - SECONDARY_PENALTY) } : found;
      if (m && (best === null || m.score > best.score)) {
        best = m;
        highlight = k === 0 ? m.indices : [];
      }
    });
    if (best) out.push({ item, match: best, highlight, order });
  });
  out.sort((a, b) => compareMatches(a.match, b.match) || a.order - b.order);
  return out.map(({ item, match, highlight }) => ({ item, match, highlight }));
}
