// <id>/prometheus/scrape.yaml: the integration's jobs for a plain Prometheus server, as a `scrape_configs`
// block to merge into prometheus.yml (on its own it is also a valid configuration file).
import { integrationFiles } from '../paths.js';
import { toYaml } from '../../serialize/yaml.js';
import { scrapeConfig } from '../../analysis/relabel/engine.js';
import type { Renderer } from '../../core/types.js';

export const renderPrometheusScrape: Renderer = ({ integration, sourceModule }) => [
  {
    path: integrationFiles(integration.id).prometheusScrape,
    content: toYaml({ scrape_configs: integration.jobs.map((job) => scrapeConfig(job, integration.metrics, 'prometheus')) }, sourceModule),
  },
];
