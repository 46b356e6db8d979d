// Which dashboard files a build writes. Sysdig and both Perses files are always written; of Grafana's two
// models, the build config's `grafanaFormats` chooses (config.schema.json says why both are the default).
import type { BuildConfig, GrafanaFormats } from '../../model/index.js';
import { dashboardFormats, type DashboardFormat } from '../paths.js';

const defaultGrafanaFormats: GrafanaFormats = ['classic', 'v2'];

const grafanaFormatFiles: Record<GrafanaFormats[number], DashboardFormat> = { classic: 'grafana', v2: 'grafana-v2' };

/** Whether this build writes the dashboard files of `format`. */
export function writesDashboardFormat(config: BuildConfig, format: DashboardFormat): boolean {
  const grafana = config.grafanaFormats ?? defaultGrafanaFormats;
  const grafanaFiles = Object.values(grafanaFormatFiles);
  return !grafanaFiles.includes(format) || grafana.some((chosen) => grafanaFormatFiles[chosen] === format);
}

/** The dashboard file formats this build writes, in the order the docs page lists them. */
export function writtenDashboardFormats(config: BuildConfig): DashboardFormat[] {
  return dashboardFormats.filter((format) => writesDashboardFormat(config, format));
}
