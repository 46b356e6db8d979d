// <id>/agent/jobs.yaml: the Sysdig agent's Prometheus job list for the integration, in the shape of
// PromCat's default agent jobs (a YAML sequence of scrape jobs).
import { agentJobsYaml } from './jobs.js';
import { integrationFiles } from '../paths.js';
import { withDoNotEditComment } from '../../serialize/yaml.js';
import type { Renderer } from '../../core/types.js';

export const renderAgentJobs: Renderer = ({ integration, sourceModule }) => [
  { path: integrationFiles(integration.id).agentJobs, content: withDoNotEditComment(agentJobsYaml(integration), sourceModule) },
];
