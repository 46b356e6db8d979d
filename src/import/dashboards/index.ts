// Dashboard importers: a product's dashboard file → the model's Dashboard, with a report line for each thing read.
import type { Dashboard } from '../../model/index.js';
import type { ImportReportLine } from '../report.js';
import { UniqueIds } from './common.js';
import { importGrafanaDashboard } from './grafana.js';
import { importSysdigDashboard } from './sysdig.js';

export { DashboardImportError, type ImportedDashboard } from './common.js';
export { importGrafanaDashboard, importSysdigDashboard };

export interface DashboardFile {
  /** The file as given on the command line. */
  source: string;
  text: string;
}

/**
 * Every file of `intgen import --grafana … --sysdig …`, each dashboard's id unique in the module. A file that is
 * no dashboard fails the whole import (DashboardImportError), so nothing is written half imported.
 */
export function importDashboardFiles(files: { grafana?: readonly DashboardFile[]; sysdig?: readonly DashboardFile[] }): {
  dashboards: Dashboard[];
  report: ImportReportLine[];
  queriedMetrics: string[];
} {
  const imported = [
    ...(files.grafana ?? []).map((file) => ({ source: file.source, ...importGrafanaDashboard(file.text, file.source) })),
    ...(files.sysdig ?? []).map((file) => ({ source: file.source, ...importSysdigDashboard(file.text, file.source) })),
  ];
  const ids = new UniqueIds();
  const report: ImportReportLine[] = [];
  const dashboards = imported.map(({ source, dashboard, report: lines }) => {
    report.push(...lines);
    const id = ids.take(dashboard.id, 'dashboard');
    if (id === dashboard.id) return dashboard;
    report.push({
      source,
      where: 'dashboard',
      outcome: 'approximated',
      message: `id ${id}: another imported dashboard has the id ${dashboard.id}`,
    });
    return { ...dashboard, id };
  });
  const queriedMetrics = [...new Set(imported.flatMap((i) => i.queriedMetrics))].sort();
  return { dashboards, report, queriedMetrics };
}
