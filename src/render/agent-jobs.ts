// <id>/agent/jobs.yaml: the Sysdig agent's Prometheus job list for the integration, in the shape of
// PromCat's default agent jobs (a YAML sequence of scrape jobs).
import { integrationFiles } from '../catalog/paths.js';
import { toYaml } from '../output/serialize.js';
import { scrapeConfig } from '../scrape/relabel.js';
import type { Renderer } from './types.js';

export const renderAgentJobs: Renderer = ({ integration, sourceModule }) => [
  {
    path: integrationFiles(integration.id).agentJobs,
    content: toYaml(
      integration.jobs.map((job) => scrapeConfig(job, integration.metrics, 'sysdig-agent')),
      sourceModule,
    ),
  },
];
