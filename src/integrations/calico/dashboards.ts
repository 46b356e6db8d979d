import type { Dashboard } from '../../model/index.js';

export const dashboards: Dashboard[] = [];
