/**
 * "Did you mean ...?" for diagnostics: the candidate closest to a misspelt
 * word, when it is close enough to be a plausible typo.
 */

/** Levenshtein distance, with an early exit once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = Number.POSITIVE_INFINITY): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMinimum = i;
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      const value = Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution);
      current.push(value);
      rowMinimum = Math.min(rowMinimum, value);
    }
    if (rowMinimum > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The candidate most similar to `word` (case differences count as small
 * typos), or undefined when none is within a third of the word's length.
 */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  const lowerWord = word.toLowerCase();
  const limit = Math.max(2, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const lower = candidate.toLowerCase();
    // A case-only difference beats any real edit.
    const distance = lower === lowerWord ? 0.5 : editDistance(lowerWord, lower, limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `"Romeo", "Juliet" and "Bob"` for messages. */
export function quotedList(items: readonly string[], conjunction = "and"): string {
  const quoted = items.map((item) => `"${item}"`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} ${conjunction} ${quoted[quoted.length - 1]}`;
}
