/** Typos: the edit distance of two words, and "did you mean…" (the known word nearest to a typo). */

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

/**
 * Levenshtein distance with adjacent swaps counted as one edit (the usual typo); more than `limit`
 * when lengths alone say so, or as soon as every prefix of `a` is more than `limit` edits away.
 */
export function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  // Three rows of the table are enough: a swap looks two rows back.
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row.push(Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j], before[j - 2] + 1);
    }
    // No edit lowers a distance again (a swap costs at least what the row between would), so a row
    // all above the limit settles it.
    if (Math.min(...row) > limit) return limit + 1;
    [before, previous] = [previous, row];
  }
  return previous[b.length];
}
