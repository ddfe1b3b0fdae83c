/** "Did you mean…" for settings and keys: the known word nearest to a typo. */

/**
 * The known word nearest to `word` within `limit` edits (by default two, one for short words), or
 * undefined.
 */
export function nearest(word: string, known: Iterable<string>, limit = word.length <= 4 ? 1 : 2): string | undefined {
  let best: { word: string; d: number } | undefined;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase(), limit);
    if (d <= limit && (!best || d < best.d)) best = { word: k, d };
  }
  return best?.word;
}

/** Levenshtein distance with adjacent swaps counted as one edit (the usual typo); more than `limit` when lengths alone say so. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
