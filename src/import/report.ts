// What `intgen import` did with each thing it read: the report a user reviews before committing the module.
// Every importer (rules, promtool tests, dashboards, jobs, expositions) returns these lines beside what it built,
// so nothing it read is dropped without a line saying so.

/** imported: as it was; approximated: kept, changed in a way the message says; not-imported: left out, and why. */
export type ImportOutcome = 'imported' | 'approximated' | 'not-imported';

export interface ImportReportLine {
  /** The input file or URL, as given on the command line. */
  source: string;
  /** Where in it, readable: `group "felix" alert "CalicoFelixDown"`, `panel "Errors" (id 4)`, `line 12`. */
  where: string;
  outcome: ImportOutcome;
  /** What was read; for approximated and not-imported, how it was changed or why it was left out. */
  message: string;
}
