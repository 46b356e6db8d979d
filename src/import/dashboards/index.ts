// Dashboard importers: a product's dashboard file → the model's Dashboard, with a report line for each thing read.
export { DashboardImportError, type ImportedDashboard } from './common.js';
export { importGrafanaDashboard } from './grafana.js';
export { importSysdigDashboard } from './sysdig.js';
