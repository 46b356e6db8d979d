// What stops an integration from being rendered at all: its parameters or definition fail their schema or
// structure checks (lint findings are reported separately, see validate/findings.ts).

export interface Problem {
  integration: string;
  path: string;
  message: string;
}

export function formatProblem(p: Problem): string {
  return `${p.integration}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}
