// How Prometheus anchors a regex of a label matcher or relabel step: at both ends, and from 3.0 on with the s
// flag, so `.` matches a newline too (`^(?s:…)$`; 2.x compiles `^(?:…)$`).
export type PrometheusMajor = 2 | 3;

export const anchoredRegexSource = (regex: string, major: PrometheusMajor): string => (major === 3 ? `^(?s:${regex})$` : `^(?:${regex})$`);
