// The README's lint table as data, for the test that holds it to the registered rules.

/** The rule ids the README's lint table names; `-title` after `alert/duplicate-id` is short for `alert/duplicate-title`. */
export function documentedRuleIds(readme: string): string[] {
  const section = /^## Lint\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const ids: string[] = [];
  for (const row of section.split('\n').filter((line) => line.startsWith('| `'))) {
    const cell = row.split('|')[1]!;
    let previous = '';
    for (const [, name] of cell.matchAll(/`([^`]+)`/g)) {
      const id = name!.startsWith('-') ? previous.replace(/-[^-/]+$/, name!) : name!;
      ids.push(id);
      previous = id;
    }
  }
  return ids;
}
