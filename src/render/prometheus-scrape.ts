// <id>/prometheus/scrape.yaml: the integration's jobs for a plain Prometheus server, as a `scrape_configs`
// block to merge into prometheus.yml (on its own it is also a valid configuration file).
import { integrationFiles } from '../catalog/paths.js';
import { toYaml } from '../output/serialize.js';
import { scrapeConfig } from '../scrape/relabel.js';
import type { Renderer } from './types.js';

export const renderPrometheusScrape: Renderer = ({ integration, sourceModule }) => [
  {
    path: integrationFiles(integration.id).prometheusScrape,
    content: toYaml(
      { scrape_configs: integration.jobs.map((job) => scrapeConfig(job, integration.metrics, 'prometheus')) },
      sourceModule,
    ),
  },
];
