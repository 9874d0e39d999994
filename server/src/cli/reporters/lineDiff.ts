/**
 * A line diff of two printed stanzas, for the HTML report's expected/received view.
 * The received stanza is printed in the expected one's order (runner/matchReport.ts),
 * so a longest common subsequence of lines marks only what differs.
 */
export type DiffLine = { readonly kind: "same" | "expected" | "received"; readonly text: string };

export function lineDiff(expected: string, received: string): DiffLine[] {
  const a = expected.split("\n");
  const b = received.split("\n");
  // lengths[i][j]: longest common subsequence of a[i..] and b[j..].
  const lengths = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      lengths[i]![j] = a[i] === b[j] ? lengths[i + 1]![j + 1]! + 1 : Math.max(lengths[i + 1]![j]!, lengths[i]![j + 1]!);
    }
  }
  const lines: DiffLine[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      lines.push({ kind: "same", text: a[i]! });
      i += 1;
      j += 1;
    } else if (lengths[i + 1]![j]! >= lengths[i]![j + 1]!) {
      lines.push({ kind: "expected", text: a[i++]! });
    } else {
      lines.push({ kind: "received", text: b[j++]! });
    }
  }
  while (i < a.length) lines.push({ kind: "expected", text: a[i++]! });
  while (j < b.length) lines.push({ kind: "received", text: b[j++]! });
  return lines;
}
