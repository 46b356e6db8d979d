// Messages about a name that matches nothing (an --only id, an override's integration, parameter, alert, group,
// dashboard or job): every name there is, and the closest one when it looks like a typo of it.

/** `no alert "CalicoFoo" (known: A, B); did you mean "A"?` */
export function unknownName(what: string, name: string, known: readonly string[]): string {
  const closest = closestName(name, known);
  const suggestion = closest === undefined ? '' : `; did you mean ${JSON.stringify(closest)}?`;
  return `no ${what} ${JSON.stringify(name)} (known: ${known.join(', ') || 'none'})${suggestion}`;
}

/**
 * The known name within a typo's reach of `name` (edits, case ignored: at most a third of its length, and at
 * least one), the nearest first; none when two are equally near.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const reach = Math.max(1, Math.floor(name.length / 3));
  const scored = known.map((candidate) => ({ candidate, distance: editDistance(name.toLowerCase(), candidate.toLowerCase()) }));
  const near = scored.filter((s) => s.distance <= reach).sort((a, b) => a.distance - b.distance);
  if (near.length === 0 || near[1]?.distance === near[0]!.distance) return undefined;
  return near[0]!.candidate;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost one each. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[a.length]![b.length]!;
}
